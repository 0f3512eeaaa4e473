/**
 * Are a target's keys good? Asked once per target and key pair (per process), before anything
 * that needs the target, so a refused or missing key fails the preview with one sentence
 * naming the key, instead of surfacing at `up` or as a puzzling self-lockout or 403 message:
 * - the API key: `GET /api/v1/validate` (Datadog's API-key check; the local backend has it);
 * - the application key: `GET /api/v2/current_user`, which the access checks need anyway
 *   (the same cached request, see ./access-lifecycle.ts).
 */
import type { ConnectionsClient } from "../../client";
import { keyUser } from "./access-control";
import { currentTarget, describeTarget, getClient, missingKeys, resolveTarget } from "./settings";

const verdicts = new WeakMap<ConnectionsClient, Promise<string | undefined>>();

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Why the current target (see ./settings.ts) cannot be used, as one sentence; undefined when its keys are good. */
export function keysProblem(): Promise<string | undefined> {
  const target = currentTarget();
  const c = require("../../client") as typeof import("../../client");
  const missing = missingKeys(target);
  if (missing) return Promise.resolve(missing);
  let client: ConnectionsClient;
  try {
    resolveTarget(target);
    client = getClient(target);
  } catch (err) {
    return Promise.resolve(`${describeTarget(target)} cannot be used: ${message(err)}`);
  }
  let verdict = verdicts.get(client);
  if (!verdict) {
    const where = describeTarget(target);
    const own = (key: "apiKey" | "appKey", env: string) =>
      target ? `the ${key} of ConnectionsTarget "${target.name}"` : `${env} / connections:${key}`;
    const refused = (err: unknown) => err instanceof c.ForbiddenError || err instanceof c.UnauthorizedError;
    verdict = (async () => {
      // Both at once: one round trip of waiting, not two (a refused API key is still reported first).
      const user = keyUser();
      try {
        await client.directory.validateApiKey();
      } catch (err) {
        if (refused(err))
          return `the API key was refused by ${where} (GET /api/v1/validate answered ${(err as { status?: number }).status}); check ${own("apiKey", "DD_API_KEY")}`;
        // A target without the route (a proxy, an older backend) cannot say: the next request will.
        if (!(err instanceof c.NotFoundError || err instanceof c.UnsupportedError))
          return `${where} could not check the API key: ${message(err)}`;
      }
      const found = await user;
      if (!found.ok && refused(found.error)) {
        return `the application key was refused by ${where} (GET /api/v2/current_user answered ${(found.error as { status?: number }).status}); check ${own("appKey", "DD_APP_KEY")}`;
      }
      if (!found.ok && (found.error instanceof c.NetworkError || found.error instanceof c.TimeoutError))
        return `${where} could not be reached: ${found.why}`;
      return undefined;
    })();
    verdicts.set(client, verdict);
  }
  return verdict;
}

/** True when the current target has no keys to ask with (nothing should be sent). */
export function cannotAsk(): boolean {
  return missingKeys(currentTarget()) !== undefined;
}
