/**
 * Client options and where they come from: explicit options win, then the environment
 * (`DD_API_KEY`, `DD_APP_KEY` or `DD_APPLICATION_KEY`, `DD_SITE`, `CONNECTIONS_API_URL`,
 * `CONNECTIONS_ALLOW_INSECURE_HTTP`).
 */
import { DEFAULT_SITE, Target, apiUrlTarget, siteTarget } from "./sites";

export interface RetryTuning {
  /** First backoff step (full jitter: a random wait in [0, min(cap, base * 2^n))). Default 200. */
  baseDelayMs?: number;
  /** Cap of one backoff wait. Default 10000. */
  maxDelayMs?: number;
  /** A server asking to wait longer than this (Retry-After) is not waited for: the error is thrown. Default 60000. */
  maxRetryAfterMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: a number in [0, 1). */
  random?: () => number;
}

export interface ClientOptions {
  /** A Datadog site, e.g. `datadoghq.eu` (env `DD_SITE`; default datadoghq.com). */
  site?: string;
  /** An explicit base URL, e.g. the local backend `http://127.0.0.1:8080` (env `CONNECTIONS_API_URL`). Wins over `site`. */
  apiUrl?: string;
  /**
   * Allow an `http://` apiUrl to a host that is not loopback, sending the keys in clear text
   * (env `CONNECTIONS_ALLOW_INSECURE_HTTP=1`). Never allows plain HTTP to a Datadog host.
   */
  allowInsecureHttp?: boolean;
  /** Env `DD_API_KEY`. */
  apiKey?: string;
  /** Env `DD_APP_KEY` or `DD_APPLICATION_KEY`. */
  appKey?: string;
  /** Per attempt, in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for failures that are safe to retry. Default 4. */
  maxRetries?: number;
  userAgent?: string;
  /** Backoff tuning (mostly for tests). */
  retry?: RetryTuning;
}

export interface ResolvedClientOptions {
  target: Target;
  apiKey: string;
  appKey: string;
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
  retry: Required<Omit<RetryTuning, "sleep" | "random">> & Pick<RetryTuning, "sleep" | "random">;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_USER_AGENT = `pulumi-workflow-connections-client (node ${process.version})`;

type Env = Record<string, string | undefined>;

const present = (v: string | undefined): v is string => typeof v === "string" && v.trim() !== "";

function nonNegativeInt(name: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** `true`/`1` or `false`/`0` (any case); anything else is an error naming `setting`. Unset: undefined. */
export function parseFlag(setting: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim().toLowerCase();
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new Error(`${setting} must be true or false (or 1 or 0), got ${JSON.stringify(value)}`);
}

/** What messages call `options.apiUrl` and its opt-in, where the options came from. */
export interface TargetLabels {
  apiUrl: string;
  optIn: string;
}

const CLIENT_LABELS: TargetLabels = {
  apiUrl: "apiUrl",
  optIn: "allowInsecureHttp: true (or CONNECTIONS_ALLOW_INSECURE_HTTP=1)",
};

/**
 * Where requests go: `apiUrl`, else `site`, else the environment, else datadoghq.com; plain
 * HTTP is refused here (./sites.ts), so every caller gets the same answer before any request.
 */
export function resolveClientTarget(options: ClientOptions, env: Env = process.env, labels = CLIENT_LABELS): Target {
  const fromEnv = parseFlag("CONNECTIONS_ALLOW_INSECURE_HTTP", env.CONNECTIONS_ALLOW_INSECURE_HTTP);
  const allowInsecureHttp = options.allowInsecureHttp ?? fromEnv;
  if (present(options.apiUrl))
    return apiUrlTarget(options.apiUrl, { allowInsecureHttp, setting: labels.apiUrl, optIn: labels.optIn });
  if (present(options.site)) return siteTarget(options.site);
  if (present(env.CONNECTIONS_API_URL))
    return apiUrlTarget(env.CONNECTIONS_API_URL, {
      allowInsecureHttp,
      setting: "CONNECTIONS_API_URL",
      optIn: "CONNECTIONS_ALLOW_INSECURE_HTTP=1",
    });
  return siteTarget(present(env.DD_SITE) ? env.DD_SITE : DEFAULT_SITE);
}

/** Options + environment -> everything a client needs, or a clear error (never printing a key). */
export function resolveClientOptions(options: ClientOptions = {}, env: Env = process.env): ResolvedClientOptions {
  const target = resolveClientTarget(options, env);

  const apiKey = present(options.apiKey) ? options.apiKey : env.DD_API_KEY;
  const appKey = present(options.appKey)
    ? options.appKey
    : present(env.DD_APP_KEY)
      ? env.DD_APP_KEY
      : env.DD_APPLICATION_KEY;
  const missing: string[] = [];
  if (!present(apiKey)) missing.push("an API key: pass `apiKey` or set DD_API_KEY");
  if (!present(appKey)) missing.push("an application key: pass `appKey` or set DD_APP_KEY (or DD_APPLICATION_KEY)");
  if (missing.length)
    throw new Error(`The connections client needs ${missing.join("; and ")} (target ${target.baseUrl})`);

  const tuning = options.retry ?? {};
  return {
    target,
    apiKey: apiKey!.trim(),
    appKey: appKey!.trim(),
    timeoutMs: nonNegativeInt("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1),
    maxRetries: nonNegativeInt("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
    userAgent: present(options.userAgent) ? options.userAgent : DEFAULT_USER_AGENT,
    retry: {
      baseDelayMs: nonNegativeInt("retry.baseDelayMs", tuning.baseDelayMs, 200),
      maxDelayMs: nonNegativeInt("retry.maxDelayMs", tuning.maxDelayMs, 10_000),
      maxRetryAfterMs: nonNegativeInt("retry.maxRetryAfterMs", tuning.maxRetryAfterMs, 60_000),
      sleep: tuning.sleep,
      random: tuning.random,
    },
  };
}
