/** A failed response (or no response) -> the right error class. */
import { ApiError, ApiErrorInit } from "./api-error";
import { BadRequestError } from "./bad-request-error";
import { ConflictError } from "./conflict-error";
import { ForbiddenError } from "./forbidden-error";
import { NetworkError } from "./network-error";
import { NotFoundError } from "./not-found-error";
import { PreconditionFailedError } from "./precondition-failed-error";
import { RateLimitedError } from "./rate-limited-error";
import { ServerError } from "./server-error";
import { TimeoutError } from "./timeout-error";
import { UnauthorizedError } from "./unauthorized-error";
import { Redactor } from "../redact";
import { isObj, JsonObject } from "pulumi-workflow-connections-rules";

const MAX_TEXT = 500;

type Obj = JsonObject;

/** A body like `{"errors": [...]}`: Datadog's (and our backend's) error shape. */
export function isJsonApiErrorBody(body: unknown): boolean {
  return isObj(body) && Array.isArray(body.errors);
}

/** `errors[].detail`, falling back to `title`; else a `message`; else the trimmed plain text. */
export function errorDetails(body: unknown, redact: Redactor = (t) => t): string[] {
  let out: string[] = [];
  if (isObj(body) && Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (typeof e === "string") out.push(e);
      else if (isObj(e)) {
        const text =
          typeof e.detail === "string" && e.detail.trim()
            ? e.detail
            : typeof e.title === "string"
              ? e.title
              : undefined;
        if (text?.trim()) out.push(text.trim());
      }
    }
  } else if (isObj(body) && typeof body.message === "string") {
    out.push(body.message.trim());
  } else if (typeof body === "string" && body.trim()) {
    out.push(body.replace(/\s+/g, " ").trim());
  }
  // Redact before shortening: a cut-off secret would no longer match and would leak in part.
  out = out.map(redact).map((t) => (t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t));
  return out;
}

function headerValue(headers: Obj, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() === name) return Array.isArray(v) ? String(v[0]) : v == null ? undefined : String(v);
  return undefined;
}

export function requestIdOf(headers: Obj): string | undefined {
  return headerValue(headers, "x-request-id") ?? headerValue(headers, "dd-request-id");
}

export interface FailedResponse {
  method: string;
  path: string;
  status: number;
  headers: Obj;
  body: unknown;
  attempts?: number;
  retryAfterMs?: number;
  note?: string;
  redact?: Redactor;
}

const HINTS: Record<number, string> = {
  401: "check the API key and application key, and that they belong to this site",
};

function redactOptional(text: string | undefined, redact: Redactor = (t) => t): string | undefined {
  return text === undefined ? undefined : redact(text).slice(0, MAX_TEXT);
}

export function errorFromResponse(r: FailedResponse): ApiError {
  const init: ApiErrorInit = {
    method: r.method,
    path: r.path,
    status: r.status,
    // A header is server text like any other: it could echo a key.
    requestId: redactOptional(requestIdOf(r.headers), r.redact),
    details: errorDetails(r.body, r.redact),
    attempts: r.attempts,
    retryAfterMs: r.retryAfterMs,
    note: r.note ?? HINTS[r.status],
  };
  switch (r.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new UnauthorizedError(init);
    case 403:
      return new ForbiddenError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 412: {
      const error = new PreconditionFailedError(init);
      const etag = headerValue(r.headers, "etag");
      if (etag) error.currentEtag = redactOptional(etag, r.redact);
      return error;
    }
    case 429:
      return new RateLimitedError(init);
  }
  if (r.status >= 500) return new ServerError(init);
  return new ApiError(init);
}

const CODE_TEXT: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed (temporary)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNABORTED: "connection aborted",
};

export interface FailedAttempt {
  method: string;
  path: string;
  /** The system code, or "ETIMEDOUT" for a timeout. */
  code: string;
  timedOut: boolean;
  timeoutMs: number;
  host: string;
  attempts?: number;
  note?: string;
}

/** No response at all -> NetworkError or TimeoutError. */
export function errorFromFailure(f: FailedAttempt): ApiError {
  if (f.timedOut) {
    return new TimeoutError({
      method: f.method,
      path: f.path,
      code: f.code,
      attempts: f.attempts,
      note: f.note,
      summary: `no response from ${f.host} within ${f.timeoutMs} ms`,
    });
  }
  const what = CODE_TEXT[f.code] ?? "network error";
  return new NetworkError({
    method: f.method,
    path: f.path,
    code: f.code,
    attempts: f.attempts,
    note: f.note,
    summary: `${what} (${f.code}) talking to ${f.host}`,
  });
}
