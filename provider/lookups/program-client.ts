/**
 * A client for lookups made by the program itself (`getConnection`): the lookup's `target`
 * (its own site or URL and keys), else the same default target the provider uses, read from the
 * stack config (`connections:apiUrl`, `connections:site`, `connections:apiKey`,
 * `connections:appKey`, `connections:allowInsecureHttp`), else the environment (DD_API_KEY,
 * DD_APP_KEY, DD_SITE, CONNECTIONS_API_URL, CONNECTIONS_ALLOW_INSECURE_HTTP). Nothing here is stored in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionsClient } from "../../client";
import type { TargetSpec } from "../runtime/settings";
import { settings } from "../preflight/target";
import type { ConnectionsTarget } from "../target";

/** The target's keys and URL as plain values (they are Outputs, usually secret config). */
function plainSpec(target: ConnectionsTarget): Promise<TargetSpec> {
  return new Promise((resolve) => {
    pulumi.output(target.input).apply((spec) => {
      resolve({ ...spec, apiKey: String(spec.apiKey ?? ""), appKey: String(spec.appKey ?? "") });
      return spec;
    });
  });
}

/**
 * Runs `use` with a fresh client for `target` (none: the default), closed afterwards so its idle
 * sockets do not keep the program alive. `describe` gets what to say about the target asked
 * (a missing key names what the lookup takes; "not found" names the target).
 */
export async function withProgramClient<T>(
  target: ConnectionsTarget | undefined,
  use: (client: ConnectionsClient, where: string) => Promise<T>,
  missing: (spec: TargetSpec | undefined) => Error | undefined,
): Promise<T> {
  const { ConnectionsClient } = require("../../client") as typeof import("../../client");
  const { describeTarget } = settings();
  const spec = target ? await plainSpec(target) : undefined;
  const problem = missing(spec);
  if (problem) throw problem;
  // Resolved as the provider resolves it first, so a refusal (plain HTTP, a bad site) names the
  // settings the provider's would.
  settings().resolveTarget(spec);
  const client = spec
    ? // An explicit target uses its own properties only: no stack keys, no environment.
      new ConnectionsClient(
        {
          site: spec.site,
          apiUrl: spec.apiUrl,
          apiKey: spec.apiKey,
          appKey: spec.appKey,
          ...(spec.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
        },
        {},
      )
    : // The raw config: secret keys arrive decrypted, and no Output is involved.
      new ConnectionsClient(settings().clientOptionsFromConfig((key) => pulumi.runtime.getConfig(key)));
  try {
    return await use(client, describeTarget(spec));
  } finally {
    client.close();
  }
}
