/**
 * Where the provider sends requests, and with which keys: stack config (`connections:apiUrl`,
 * `connections:site`, `connections:apiKey`, `connections:appKey`, the keys set with --secret),
 * else the environment the client reads (DD_API_KEY, DD_APP_KEY, DD_SITE, CONNECTIONS_API_URL).
 * Read in `configure`, at run time, so nothing credential-like is ever serialized into state.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClientOptions, ConnectionsClient } from "../../client";

export const CONFIG_KEYS = {
  apiUrl: "connections:apiUrl",
  site: "connections:site",
  apiKey: "connections:apiKey",
  appKey: "connections:appKey",
} as const;

let options: ClientOptions = {};
let client: ConnectionsClient | undefined;

export function configureFrom(config: pulumi.dynamic.Config): void {
  const next: ClientOptions = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = config.get(key);
    if (value !== undefined && value !== "") next[option] = value;
  }
  // Each resource type's provider is configured in the same process with the same config:
  // keep the client (and its connections, maybe in use) unless something really changed.
  if (JSON.stringify(next) === JSON.stringify(options)) return;
  options = next;
  client = undefined;
}

/** The client, made on first use (so a preview with nothing to fetch needs no keys). */
export function getClient(): ConnectionsClient {
  if (!client) {
    const { ConnectionsClient } = require("../../client") as typeof import("../../client");
    client = new ConnectionsClient(options);
  }
  return client;
}
