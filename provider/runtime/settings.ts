/**
 * Where the provider sends requests, and with which keys. Two kinds of target:
 * - the default: stack config (`connections:apiUrl`, `connections:site`, `connections:apiKey`,
 *   `connections:appKey`, the keys set with --secret, `connections:allowInsecureHttp`), else the
 *   environment the client reads (DD_API_KEY, DD_APP_KEY, DD_SITE, CONNECTIONS_API_URL,
 *   CONNECTIONS_ALLOW_INSECURE_HTTP);
 * - an explicit `ConnectionsTarget` a resource names: its `target` input (site or URL, and its
 *   keys, secret in state), and nothing else: no fallback to the stack's keys or environment.
 * Read when a method runs (the default in `configure`, an explicit one from the inputs or
 * outputs at hand), so nothing credential-like is ever serialized into the provider code.
 * Each provider method runs inside `withTarget` (./targets.ts), so `getClient()` answers the
 * client of the target of the resource being handled, wherever it is called from.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type * as pulumi from "@pulumi/pulumi";
import type { ClientOptions, ConnectionsClient, Target, TargetLabels } from "../../client";

export const CONFIG_KEYS = {
  apiUrl: "connections:apiUrl",
  site: "connections:site",
  apiKey: "connections:apiKey",
  appKey: "connections:appKey",
  allowInsecureHttp: "connections:allowInsecureHttp",
} as const;

/** A resource's `target` input as the provider receives it (keys in plain text, in memory only). */
export interface TargetSpec {
  /** The ConnectionsTarget's name, for messages. */
  name: string;
  site?: string;
  apiUrl?: string;
  apiKey?: string;
  appKey?: string;
  /** Plain HTTP to a host that is not loopback is allowed (keys in clear text). */
  allowInsecureHttp?: boolean;
}

/** The default target's stack config, as strings (`connections:allowInsecureHttp` is parsed when used). */
let defaults: ConfigValues = {};
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

type ConfigValues = Partial<Record<keyof typeof CONFIG_KEYS, string>>;

function setDefaults(get: (key: string) => string | undefined): void {
  defaults = readConfig(get);
}

function readConfig(get: (key: string) => string | undefined): ConfigValues {
  const values: ConfigValues = {};
  for (const [option, key] of Object.entries(CONFIG_KEYS) as [keyof typeof CONFIG_KEYS, string][]) {
    const value = get(key);
    if (value !== undefined && value !== "") values[option] = value;
  }
  return values;
}

/** Config values -> client options; throws for a malformed `connections:allowInsecureHttp`, naming it. */
function optionsFromConfig(values: ConfigValues): ClientOptions {
  const { allowInsecureHttp, ...rest } = values;
  const { parseFlag } = require("../../client") as typeof import("../../client");
  const flag = parseFlag(CONFIG_KEYS.allowInsecureHttp, allowInsecureHttp);
  return flag === undefined ? rest : { ...rest, allowInsecureHttp: flag };
}

/** The stack config's client options, read with `get` (the program's own lookups use it). */
export function clientOptionsFromConfig(get: (key: string) => string | undefined): ClientOptions {
  return optionsFromConfig(readConfig(get));
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
    allowInsecureHttp: v.allowInsecureHttp === true ? true : undefined,
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

/** The client options of `target`, the environment it may read, and what messages call its settings. */
function optionsOf(target: TargetSpec | undefined): {
  options: ClientOptions;
  env: Record<string, string | undefined>;
  labels: TargetLabels;
} {
  // An explicit target uses its own properties only: no stack keys, no environment.
  if (target)
    return {
      options: {
        site: target.site,
        apiUrl: target.apiUrl,
        apiKey: target.apiKey,
        appKey: target.appKey,
        allowInsecureHttp: target.allowInsecureHttp,
      },
      env: {},
      labels: {
        apiUrl: `the apiUrl of ConnectionsTarget "${target.name}"`,
        optIn: `allowInsecureHttp: true on ConnectionsTarget "${target.name}"`,
      },
    };
  return {
    options: optionsFromConfig(defaults),
    env: process.env,
    labels: {
      apiUrl: CONFIG_KEYS.apiUrl,
      optIn: `\`pulumi config set ${CONFIG_KEYS.allowInsecureHttp} true\` (or CONNECTIONS_ALLOW_INSECURE_HTTP=1)`,
    },
  };
}

/**
 * Where `target` sends requests, by the client's own resolution (so what it refuses, a bad
 * site, plain HTTP to Datadog or, without the opt-in, to a host that is not loopback, is refused
 * here alike, before any request); throws a clear error naming the setting.
 */
export function resolveTarget(target: TargetSpec | undefined = currentTarget()): Target {
  const c = require("../../client") as typeof import("../../client");
  const { options, env, labels } = optionsOf(target);
  return c.resolveClientTarget(options, env, labels);
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
  let url: string;
  try {
    url = resolveTarget(target).baseUrl;
  } catch {
    url = `${target?.site ?? ""}|${target?.apiUrl ?? ""}`;
  }
  return JSON.stringify([url, target ? (target.apiKey ?? "") : (defaults.apiKey ?? process.env.DD_API_KEY ?? "")]);
}
