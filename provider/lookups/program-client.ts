/**
 * A client for lookups made by the program itself (`getConnection`): the same target and keys
 * the provider uses, read from the stack config (`connections:apiUrl`, `connections:site`,
 * `connections:apiKey`, `connections:appKey`, `connections:allowInsecureHttp`), else the
 * environment (DD_API_KEY, DD_APP_KEY, DD_SITE, CONNECTIONS_API_URL,
 * CONNECTIONS_ALLOW_INSECURE_HTTP). Nothing here is stored in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionsClient } from "../../client";
import { settings } from "../preflight/target";

/** Runs `use` with a fresh client, closed afterwards so its idle sockets do not keep the program alive. */
export async function withProgramClient<T>(use: (client: ConnectionsClient) => Promise<T>): Promise<T> {
  const { ConnectionsClient } = require("../../client") as typeof import("../../client");
  // Resolved as the provider resolves the default target first, so a refusal (plain HTTP, a bad
  // site) names the stack config settings, as the provider's does.
  settings().resolveTarget(undefined);
  // The raw config: secret keys arrive decrypted, and no Output is involved.
  const client = new ConnectionsClient(settings().clientOptionsFromConfig((key) => pulumi.runtime.getConfig(key)));
  try {
    return await use(client);
  } finally {
    client.close();
  }
}
