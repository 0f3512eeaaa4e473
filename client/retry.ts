/**
 * When to retry and how long to wait. Exponential backoff with full jitter; `Retry-After`
 * (seconds or an HTTP date) and `X-RateLimit-Reset` (seconds) are honoured.
 *
 * Safe to repeat: GET, DELETE, PATCH, PUT (and requests a caller marks idempotent) are retried
 * on 429, 5xx, network errors and timeouts. A POST (create) is retried only when the server
 * cannot have acted on it: on 429 (rejected before processing) and on connection errors that
 * happen before a byte is sent (refused, host not found). Never after a timeout, a reset or a
 * 5xx: the create may have happened, and repeating it would make a second connection.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What one attempt came to, as far as retrying is concerned. */
export type Outcome =
  | { kind: "response"; status: number; headers: Record<string, unknown> }
  | { kind: "network"; code: string }
  | { kind: "timeout" };

const IDEMPOTENT: readonly HttpMethod[] = ["GET", "DELETE", "PATCH", "PUT"];

/** System error codes raised before the request was sent: the server never saw it. */
export const NOT_SENT_CODES: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];
/** Network codes worth retrying for requests that are safe to repeat. */
export const RETRYABLE_NETWORK_CODES: readonly string[] = [
  ...NOT_SENT_CODES,
  "ECONNRESET",
  "EPIPE",
  "ECONNABORTED",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
];

export function isIdempotent(method: HttpMethod, override?: boolean): boolean {
  return override ?? IDEMPOTENT.includes(method);
}

/** Whether this outcome may be retried for this method. Does not look at the attempt count. */
export function isRetryable(method: HttpMethod, outcome: Outcome, idempotentOverride?: boolean): boolean {
  const safe = isIdempotent(method, idempotentOverride);
  switch (outcome.kind) {
    case "response":
      if (outcome.status === 429) return true;
      return safe && outcome.status >= 500 && outcome.status <= 599 && outcome.status !== 501;
    case "network":
      return safe ? RETRYABLE_NETWORK_CODES.includes(outcome.code) : NOT_SENT_CODES.includes(outcome.code);
    case "timeout":
      return safe;
  }
}

/** Full jitter: a random wait in [0, min(cap, base * 2^retry)); `retry` counts from 0. */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const v = Array.isArray(value) ? value[0] : value;
    return v === undefined || v === null ? undefined : String(v).trim();
  }
  return undefined;
}

/**
 * How long the server asked to wait, in ms: `Retry-After` (delta seconds or an HTTP date),
 * else `X-RateLimit-Reset` (seconds until the window resets, as Datadog sends it).
 */
export function retryAfterMs(headers: Record<string, unknown>, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, "retry-after");
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = header(headers, "x-ratelimit-reset");
  if (reset && /^\d+(\.\d+)?$/.test(reset)) return Math.round(Number(reset) * 1000);
  return undefined;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
