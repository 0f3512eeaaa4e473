/**
 * `DD-API-KEY` + `DD-APPLICATION-KEY` -> the acting user. Both headers are required on every
 * /api/v2 route. Missing or unknown keys of either kind are 403 Forbidden, as Datadog answers
 * (its official client lists only 400/403/404/429 for these operations, and reports a 401 as
 * "Unknown API Status Code"); the detail says which header is missing or wrong. Keys are read
 * from the headers only: keys in the query string (`?api_key=`, which would end up in logs and
 * proxies) are refused the same way, with a detail saying so.
 */
import crypto from "node:crypto";
import { ErrorResponse } from "../errors/error-response";
import { KeysFile, KeysUser } from "./keys-file";

export interface Caller {
  user: KeysUser;
  orgId: string;
}

/** Equal-time comparison, so response timing does not reveal how much of a key matched. */
function sameKey(a: string, b: string): boolean {
  const ha = crypto.createHash("sha256").update(a).digest();
  const hb = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Query parameters some Datadog clients use for keys; never accepted here. */
const QUERY_KEY_NAMES = /^(api_key|application_key|app_key|dd-api-key|dd-application-key)$/i;

const refused = (detail: string, header: string) => new ErrorResponse(403, { detail, header });

/**
 * The API key alone (Datadog's `GET /api/v1/validate` needs no application key). Keys in the
 * query string are the caller's to refuse, after the header checks (see `QUERY_KEY_NAMES`).
 */
export function checkApiKey(
  keys: KeysFile,
  headers: Record<string, string | string[] | undefined>,
  query: unknown,
): { inQuery: boolean; hint: string } {
  const inQuery =
    query !== null && typeof query === "object" && Object.keys(query).some((k) => QUERY_KEY_NAMES.test(k));
  const hint = inQuery ? " (keys in the query string are not accepted: send them as headers)" : "";
  const apiKey = header(headers["dd-api-key"]);
  if (!apiKey) throw refused(`the DD-API-KEY header is required${hint}`, "DD-API-KEY");
  if (!keys.apiKeys.some((k) => sameKey(k, apiKey)))
    throw refused("the DD-API-KEY is not a valid API key of this backend", "DD-API-KEY");
  return { inQuery, hint };
}

export function authenticate(
  keys: KeysFile,
  headers: Record<string, string | string[] | undefined>,
  query: unknown,
): Caller {
  const { inQuery, hint } = checkApiKey(keys, headers, query);
  const appKey = header(headers["dd-application-key"]);
  if (!appKey) throw refused(`the DD-APPLICATION-KEY header is required${hint}`, "DD-APPLICATION-KEY");
  const user = keys.users.find((u) => u.applicationKeys.some((k) => sameKey(k, appKey)));
  if (!user)
    throw refused("the DD-APPLICATION-KEY is not a valid application key of this backend", "DD-APPLICATION-KEY");
  if (inQuery)
    throw refused(
      "keys in the query string are not accepted: send them as the DD-API-KEY and DD-APPLICATION-KEY headers only",
      "DD-API-KEY",
    );
  return { user, orgId: keys.org.id };
}
