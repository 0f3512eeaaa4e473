/** What the client asks of the core (http.ts), and what it gets back. */
import type { ApiError } from "./errors/api-error";
import type { HttpMethod } from "./retry";

export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

export interface RequestSpec {
  method: HttpMethod;
  /** From the base URL, e.g. `/api/v2/actions/connections/<id>` (segments already encoded). */
  path: string;
  /** Keys are sent as written (brackets kept, e.g. `filter[tag]`); values are encoded. */
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Overrides the method's retry safety (e.g. a POST that replaces, like a restriction policy). */
  idempotent?: boolean;
  /** Values to redact from any error of this request (e.g. the secrets of a connection being written). */
  secrets?: readonly string[];
  /**
   * Sent as `If-Match`. A conditional write is retried only when the server says it did not act
   * on it (429, 503) or it was never sent: repeated after it was applied, it would be refused
   * with 412. A 412 after such a retry says an earlier attempt may have been applied.
   */
  ifMatch?: string;
  /** Turns a typed error into another before it is thrown (e.g. groups: a non-API 404 -> UnsupportedError). */
  mapError?: (error: ApiError, body: unknown) => ApiError;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, unknown>;
  body: T;
}

export const JSON_API_HEADERS = {
  "Content-Type": "application/json",
  Accept: "application/json, application/vnd.api+json",
} as const;

/** `{ "filter[tag]": "env:prod" }` -> `filter[tag]=env%3Aprod`. */
export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const k = encodeURIComponent(key).replace(/%5B/gi, "[").replace(/%5D/gi, "]");
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${k}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}
