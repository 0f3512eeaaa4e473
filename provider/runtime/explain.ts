/**
 * Backend errors -> one readable line per resource: what failed, why (the server's detail), and
 * what to do. The client's errors already carry no keys or secrets.
 *
 * Why the errors are "quiet": the dynamic-provider plugin (@pulumi/pulumi's
 * cmd/dynamic-provider/index.js) answers a failed check, diff, read or delete with
 * `console.error(`${e}: ${e.stack}`)` before returning the error over gRPC. The engine prints
 * that stderr line (the message, again, plus a stack trace) next to the gRPC error's message, so
 * every expected API error read twice, with a trace. `quietExpectedErrors` drops exactly those
 * lines for errors made here; anything else (a real bug) still prints its trace.
 */
import type * as client from "../../client";
import { STALE_ADVICE } from "./etag";

/** The plugin's stderr lines for errors we made, not yet printed (line -> pending count). */
const expected = new Map<string, number>();
const pluginLine = (e: Error) => `${e}: ${e.stack}`;

export function explain(action: string, err: unknown): Error {
  const c = require("../../client") as typeof client;
  const why = err instanceof Error ? err.message : String(err);
  const keys =
    "check the API and application keys (connections:apiKey / connections:appKey, or DD_API_KEY / DD_APP_KEY)";
  let advice = "";
  if (err instanceof c.UnsupportedError)
    advice =
      "point connections:apiUrl (or CONNECTIONS_API_URL) at a backend that has it, e.g. the local backend (`npm run backend`)";
  else if (err instanceof c.UnauthorizedError) advice = keys;
  // Datadog answers 403 both for a wrong key and for a missing permission.
  else if (err instanceof c.ForbiddenError && /DD-API-KEY|DD-APPLICATION-KEY/.test(why)) advice = keys;
  else if (err instanceof c.ForbiddenError)
    advice =
      "check the API and application keys, or grant the application key's user the needed relation on that resource with a restriction policy";
  else if (err instanceof c.NotFoundError) advice = "it may have been deleted outside Pulumi: run `pulumi refresh`";
  else if (err instanceof c.PreconditionFailedError) advice = STALE_ADVICE;
  else if (err instanceof c.ConflictError) advice = "resolve the conflict named above, then run again";
  else if (err instanceof c.RateLimitedError) advice = "the API kept rate limiting; run again later";
  else if (err instanceof c.NetworkError || err instanceof c.TimeoutError)
    advice =
      "is the connections backend running and reachable at the configured URL (connections:apiUrl / CONNECTIONS_API_URL)?";
  return expectedError(`${action} failed: ${why}${advice ? ` (${advice})` : ""}`);
}

/** An error the user should read as one line: no stack trace (it says nothing about their program). */
export function expectedError(message: string): Error {
  const e = new Error(message);
  e.stack = `Error: ${message}`;
  const line = pluginLine(e);
  expected.set(line, (expected.get(line) ?? 0) + 1);
  return e;
}

let installed = false;
/** Once per process: the plugin's echo of an expected error is not printed (see above). */
export function quietExpectedErrors(): void {
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string") {
      const pending = expected.get(args[0]);
      if (pending) {
        if (pending === 1) expected.delete(args[0]);
        else expected.set(args[0], pending - 1);
        return;
      }
    }
    original(...args);
  };
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
