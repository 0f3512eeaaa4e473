/**
 * Client options and where they come from: explicit options win, then the environment
 * (`DD_API_KEY`, `DD_APP_KEY` or `DD_APPLICATION_KEY`, `DD_SITE`, `CONNECTIONS_API_URL`).
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

/** Options + environment -> everything a client needs, or a clear error (never printing a key). */
export function resolveClientOptions(options: ClientOptions = {}, env: Env = process.env): ResolvedClientOptions {
  let target: Target;
  if (present(options.apiUrl)) target = apiUrlTarget(options.apiUrl);
  else if (present(options.site)) target = siteTarget(options.site);
  else if (present(env.CONNECTIONS_API_URL)) target = apiUrlTarget(env.CONNECTIONS_API_URL);
  else if (present(env.DD_SITE)) target = siteTarget(env.DD_SITE);
  else target = siteTarget(DEFAULT_SITE);

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
