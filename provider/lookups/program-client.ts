/**
 * A client for lookups made by the program itself (`getConnection`): the lookup's `target`
 * (its own site or URL and keys), else the same default target the provider uses, read from the
 * stack config (`connections:apiUrl`, `connections:site`, `connections:apiKey`,
 * `connections:appKey`), else the environment (DD_API_KEY, DD_APP_KEY, DD_SITE,
 * CONNECTIONS_API_URL). Nothing here is stored in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClientOptions, ConnectionsClient } from "../../client";
import { CONFIG_KEYS, TargetSpec } from "../runtime/settings";
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
  const { configureFromProgram, describeTarget } =
    require("../runtime/settings") as typeof import("../runtime/settings");
  configureFromProgram();
  const spec = target ? await plainSpec(target) : undefined;
  const problem = missing(spec);
  if (problem) throw problem;
  let client: ConnectionsClient;
  if (spec) {
    // An explicit target uses its own properties only: no stack keys, no environment.
    client = new ConnectionsClient(
      { site: spec.site, apiUrl: spec.apiUrl, apiKey: spec.apiKey, appKey: spec.appKey },
      {},
    );
  } else {
    const options: ClientOptions = {};
    for (const [option, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
      // The raw config: secret keys arrive decrypted, and no Output is involved.
      const value = pulumi.runtime.getConfig(key);
      if (value !== undefined && value !== "") options[option] = value;
    }
    client = new ConnectionsClient(options);
  }
  try {
    return await use(client, describeTarget(spec));
  } finally {
    client.close();
  }
}
