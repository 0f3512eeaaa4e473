/**
 * Reads for lookups (`Connection.get`, `ConnectionGroup.get`): the engine calls the provider's
 * `read` with no prior state, so what a refresh takes from the state comes from the backend.
 */
import { IntegrationSpec, credentialDef, integrationDef } from "pulumi-workflow-connections-rules";
import { describeTarget, getClient, missingKeys } from "./settings";
import type { TargetSpec } from "./settings";

/**
 * The backend's integration with every secret field present, as "": the API never returns
 * secret values, and the declared output type has each required field.
 */
export function withEmptySecrets(remote: IntegrationSpec): IntegrationSpec {
  const out: IntegrationSpec = { ...remote };
  if (remote.type === "HTTP") {
    if (Array.isArray(remote.tokens))
      out.tokens = (remote.tokens as { name: string; value?: unknown }[]).map((t) => ({
        name: t.name,
        value: typeof t.value === "string" ? t.value : "",
      }));
    return out;
  }
  const def = integrationDef(remote.type);
  const cred = def && credentialDef(def, remote.credentialType);
  for (const [field, f] of Object.entries(cred?.fields ?? {})) {
    if (f.secret && f.required && typeof out[field] !== "string") out[field] = "";
  }
  return out;
}

/** Member id -> its name on the backend (its id when it cannot be read). */
export async function backendMemberNames(ids: readonly string[]): Promise<Record<string, string>> {
  const client = getClient();
  const names = await Promise.all(
    ids.map((id) =>
      client.connections.get(id).then(
        (c) => c.name,
        () => id,
      ),
    ),
  );
  return Object.fromEntries(ids.map((id, i) => [id, names[i]]));
}

/** How a program calls each lookup, for messages that say what the lookup takes. */
export const LOOKUP_CALLS = {
  Connection: "Connection.get(name, id, { target })",
  ConnectionGroup: "ConnectionGroup.get(name, id, { target })",
  getConnection: "getConnection({ id, target })",
  getConnectionGroup: "getConnectionGroup({ id, target })",
} as const;

/** A lookup of an id that does not exist at the target asked: an error naming both (a refresh instead drops the resource). */
export function lookupMissing(what: "Connection" | "ConnectionGroup", id: string): Error {
  const { expectedError } = require("./explain") as typeof import("./explain");
  return expectedError(
    `${what}.get: no ${what === "Connection" ? "connection" : "connection group"} with id ${JSON.stringify(id)} exists at ${describeTarget()} (or the application key's user may not view it); a lookup on another target names it: ${LOOKUP_CALLS[what]}`,
  );
}

/** Before a lookup's first request: keys missing for the target asked, as an error naming what the lookup takes. */
export function lookupKeysProblem(what: keyof typeof LOOKUP_CALLS, id: string, target?: TargetSpec): Error | undefined {
  const why = missingKeys(target);
  if (!why) return undefined;
  const { expectedError } = require("./explain") as typeof import("./explain");
  return expectedError(
    `${what === "Connection" || what === "ConnectionGroup" ? `${what}.get` : what}(${JSON.stringify(id)}): ${why}; or look it up on a target with its keys: ${LOOKUP_CALLS[what]}`,
  );
}
