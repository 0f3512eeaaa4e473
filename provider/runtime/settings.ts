/**
 * Where the provider sends requests, and with which keys. Two kinds of target:
 * - the default: stack config (`connections:apiUrl`, `connections:site`, `connections:apiKey`,
 *   `connections:appKey`, the keys set with --secret), else the environment the client reads
 *   (DD_API_KEY, DD_APP_KEY, DD_SITE, CONNECTIONS_API_URL);
 * - an explicit `ConnectionsTarget` a resource names: its `target` input (site or URL, and its
 *   keys, secret in state), and nothing else: no fallback to the stack's keys or environment.
 * Read when a method runs (the default in `configure`, an explicit one from the inputs or
 * outputs at hand), so nothing credential-like is ever serialized into the provider code.
 * Each provider method runs inside `withTarget` (./targets.ts), so `getClient()` answers the
 * client of the target of the resource being handled, wherever it is called from.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type * as pulumi from "@pulumi/pulumi";
import type { ClientOptions, ConnectionsClient, Target } from "../../client";

export const CONFIG_KEYS = {
  apiUrl: "connections:apiUrl",
  site: "connections:site",
  apiKey: "connections:apiKey",
  appKey: "connections:appKey",
} as const;

/** A resource's `target` input as the provider receives it (keys in plain text, in memory only). */
export interface TargetSpec {
  /** The ConnectionsTarget's name, for messages. */
  name: string;
  site?: string;
  apiUrl?: string;
  apiKey?: string;
  appKey?: string;
}

let defaults: ClientOptions = {};
const clients = new Map<string, ConnectionsClient>();
const current = new AsyncLocalStorage<{ target?: TargetSpec }>();

const present = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** The provider's `configure`: the default target from the whole stack config. */
export function configureFrom(config: pulumi.dynamic.Config): void {
  setDefaults((key) => config.get(key));
}

/** In the program (the preflight): the same default, from the program's view of the stack config. */
export function configureFromProgram(): void {
  const { runtime } = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  setDefaults((key) => runtime.getConfig(key));
}

function setDefaults(get: (key: string) => string | undefined): void {
  const next: ClientOptions = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = get(key);
    if (value !== undefined && value !== "") next[option] = value;
  }
  defaults = next;
}

/** A TargetSpec from an unknown value (state or inputs), or undefined for the default target. */
export function targetSpecOf(value: unknown): TargetSpec | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === "string" ? x : undefined);
  return {
    name: str(v.name) ?? "target",
    site: str(v.site),
    apiUrl: str(v.apiUrl),
    apiKey: str(v.apiKey),
    appKey: str(v.appKey),
  };
}

/** Runs `fn` with `target` (a resource's `target` input or output; none: the default) as the current target. */
export function withTarget<T>(target: unknown, fn: () => T): T {
  return current.run({ target: targetSpecOf(target) }, fn);
}

/** The current target (undefined: the default). */
export function currentTarget(): TargetSpec | undefined {
  return current.getStore()?.target;
}

/**
 * What is missing for `target` to be used, as the sentence a user acts on; undefined when
 * nothing is. The default target's keys come from config or the environment, an explicit
 * target's from its own properties.
 */
export function missingKeys(target: TargetSpec | undefined = currentTarget()): string | undefined {
  const missing = (what: string, fix: string) => `no ${what} for ${describeTarget(target)}: ${fix}`;
  if (target) {
    if (!present(target.apiKey)) return missing("API key", `set the apiKey of ConnectionsTarget "${target.name}"`);
    if (!present(target.appKey))
      return missing("application key", `set the appKey of ConnectionsTarget "${target.name}"`);
    return undefined;
  }
  const env = process.env;
  if (!present(defaults.apiKey) && !present(env.DD_API_KEY))
    return missing(
      "API key",
      "set DD_API_KEY / connections:apiKey (pulumi config set --secret connections:apiKey ...)",
    );
  if (!present(defaults.appKey) && !present(env.DD_APP_KEY) && !present(env.DD_APPLICATION_KEY)) {
    return missing(
      "application key",
      "set DD_APP_KEY / connections:appKey (pulumi config set --secret connections:appKey ...)",
    );
  }
  return undefined;
}

function optionsOf(target: TargetSpec | undefined): {
  options: ClientOptions;
  env: Record<string, string | undefined>;
} {
  // An explicit target uses its own properties only: no stack keys, no environment.
  if (target)
    return {
      options: { site: target.site, apiUrl: target.apiUrl, apiKey: target.apiKey, appKey: target.appKey },
      env: {},
    };
  return { options: defaults, env: process.env };
}

/** Where `target` sends requests (throws a clear error for a bad site or URL). */
export function resolveTarget(target: TargetSpec | undefined = currentTarget()): Target {
  const c = require("../../client") as typeof import("../../client");
  const { options, env } = optionsOf(target);
  if (present(options.apiUrl)) return c.apiUrlTarget(options.apiUrl);
  if (present(options.site)) return c.siteTarget(options.site);
  if (present(env.CONNECTIONS_API_URL)) return c.apiUrlTarget(env.CONNECTIONS_API_URL);
  return c.siteTarget(present(env.DD_SITE) ? env.DD_SITE : c.DEFAULT_SITE);
}

/** `ConnectionsTarget "eu" (https://api.datadoghq.eu)`, or the default target and where it comes from. */
export function describeTarget(target: TargetSpec | undefined = currentTarget()): string {
  let url: string;
  try {
    url = resolveTarget(target).baseUrl;
  } catch {
    url = "an invalid site or URL";
  }
  return target
    ? `ConnectionsTarget "${target.name}" (${url})`
    : `the default target (${url}, from connections:* stack config or DD_* / CONNECTIONS_API_URL)`;
}

/**
 * The client of `target` (default: the current one), made on first use and kept per target
 * and key pair, so a preview with nothing to fetch needs no keys, and every cache keyed by the
 * client (who the key's user is, what was looked up) holds once per target and key.
 */
export function getClient(target: TargetSpec | undefined = currentTarget()): ConnectionsClient {
  const why = missingKeys(target);
  if (why) throw new Error(why);
  const { options, env } = optionsOf(target);
  const resolved = resolveTarget(target);
  const apiKey = options.apiKey ?? env.DD_API_KEY;
  const appKey = options.appKey ?? env.DD_APP_KEY ?? env.DD_APPLICATION_KEY;
  const id = JSON.stringify([resolved.baseUrl, apiKey, appKey]);
  let client = clients.get(id);
  if (!client) {
    const { ConnectionsClient } = require("../../client") as typeof import("../../client");
    client = new ConnectionsClient(options, env);
    clients.set(id, client);
  }
  return client;
}

/**
 * Which target (and org) `target` is, for telling two apart: its URL and API key (an API key
 * belongs to one org); the application key only says which user acts there.
 */
export function targetIdentity(target: TargetSpec | undefined): string {
  const { options, env } = optionsOf(target);
  let url: string;
  try {
    url = resolveTarget(target).baseUrl;
  } catch {
    url = `${target?.site ?? ""}|${target?.apiUrl ?? ""}`;
  }
  return JSON.stringify([url, options.apiKey ?? env.DD_API_KEY ?? ""]);
}
