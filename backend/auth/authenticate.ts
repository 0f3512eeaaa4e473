/**
 * `DD-API-KEY` + `DD-APPLICATION-KEY` -> the acting user. Both headers are required on every
 * /api/v2 route. Missing or unknown keys of either kind are 401 (the caller is not
 * authenticated); 403 is kept for "authenticated, but not allowed", so a client can tell
 * "check your keys" from "ask for access".
 */
import crypto from "node:crypto";
import { ApiError } from "../http/errors";
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

export function authenticate(keys: KeysFile, headers: Record<string, string | string[] | undefined>): Caller {
  const apiKey = header(headers["dd-api-key"]);
  if (!apiKey) throw new ApiError(401, { detail: "the DD-API-KEY header is required", header: "DD-API-KEY" });
  if (!keys.apiKeys.some((k) => sameKey(k, apiKey))) throw new ApiError(401, { detail: "the DD-API-KEY is not a valid API key of this backend", header: "DD-API-KEY" });
  const appKey = header(headers["dd-application-key"]);
  if (!appKey) throw new ApiError(401, { detail: "the DD-APPLICATION-KEY header is required", header: "DD-APPLICATION-KEY" });
  const user = keys.users.find((u) => u.applicationKeys.some((k) => sameKey(k, appKey)));
  if (!user) throw new ApiError(401, { detail: "the DD-APPLICATION-KEY is not a valid application key of this backend", header: "DD-APPLICATION-KEY" });
  return { user, orgId: keys.org.id };
}
