/**
 * Backend errors -> one readable line per resource: what failed, why (the server's detail), and
 * what to do. The client's errors already carry no keys or secrets.
 */
import type * as client from "../../client";

export function explain(action: string, err: unknown): Error {
  const c = require("../../client") as typeof client;
  const why = err instanceof Error ? err.message : String(err);
  const keys = "check the API and application keys (connections:apiKey / connections:appKey, or DD_API_KEY / DD_APP_KEY)";
  let advice = "";
  if (err instanceof c.UnauthorizedError) advice = keys;
  // Datadog answers 403 both for a wrong key and for a missing permission.
  else if (err instanceof c.ForbiddenError && /DD-API-KEY|DD-APPLICATION-KEY/.test(why)) advice = keys;
  else if (err instanceof c.ForbiddenError) advice = "check the API and application keys, or grant the application key's user the needed relation on that resource with a restriction policy";
  else if (err instanceof c.NotFoundError) advice = "it may have been deleted outside Pulumi: run `pulumi refresh`";
  else if (err instanceof c.ConflictError) advice = "resolve the conflict named above, then run again";
  else if (err instanceof c.RateLimitedError) advice = "the API kept rate limiting; run again later";
  else if (err instanceof c.NetworkError || err instanceof c.TimeoutError) advice = "is the connections backend running and reachable at the configured URL (connections:apiUrl / CONNECTIONS_API_URL)?";
  return new Error(`${action} failed: ${why}${advice ? ` (${advice})` : ""}`);
}

/**
 * Runs a read or delete against the backend. A 404 means the resource is gone (deleted outside
 * Pulumi): `undefined`, which a delete takes as done and a refresh as "drop it from state".
 */
export async function unlessGone<T>(action: string, call: () => Promise<T>): Promise<T | undefined> {
  const c = require("../../client") as typeof client;
  try {
    return await call();
  } catch (err) {
    if (err instanceof c.NotFoundError) return undefined;
    throw explain(action, err);
  }
}
