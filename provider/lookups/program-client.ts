/**
 * A client for lookups made by the program itself (`getConnection`): the same target and keys
 * the provider uses, read from the stack config (`connections:apiUrl`, `connections:site`,
 * `connections:apiKey`, `connections:appKey`), else the environment (DD_API_KEY, DD_APP_KEY,
 * DD_SITE, CONNECTIONS_API_URL). Nothing here is stored in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ClientOptions, ConnectionsClient } from "../../client";
import { CONFIG_KEYS } from "../runtime/settings";

/** Runs `use` with a fresh client, closed afterwards so its idle sockets do not keep the program alive. */
export async function withProgramClient<T>(use: (client: ConnectionsClient) => Promise<T>): Promise<T> {
  const { ConnectionsClient } = require("../../client") as typeof import("../../client");
  const options: ClientOptions = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    // The raw config: secret keys arrive decrypted, and no Output is involved.
    const value = pulumi.runtime.getConfig(key);
    if (value !== undefined && value !== "") options[option] = value;
  }
  const client = new ConnectionsClient(options);
  try {
    return await use(client);
  } finally {
    client.close();
  }
}
