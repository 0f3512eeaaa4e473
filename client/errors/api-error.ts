/**
 * The base of every error the client throws. One readable line:
 * `PATCH /api/v2/actions/connections/<id> failed: 409 Conflict: <detail>`.
 *
 * Never holds a key or a secret: no axios error, config or request is kept (not even as
 * `cause`), details are the server's words with every known secret value redacted, and the
 * path never has a query string.
 */
import { STATUS_CODES } from "node:http";

export interface ApiErrorInit {
  method: string;
  /** The request path without query string. */
  path: string;
  status?: number;
  requestId?: string;
  /** The server's `errors[].detail` (or `title`), or a trimmed plain-text body. */
  details?: string[];
  retryAfterMs?: number;
  /** Attempts made, retries included. Default 1. */
  attempts?: number;
  /** Replaces the `<status> <text>` part of the message (network errors, timeouts, unsupported). */
  summary?: string;
  /** Appended to the message, e.g. why it was not retried. */
  note?: string;
  /** A low-level error code (ECONNRESET, ETIMEDOUT, ...). */
  code?: string;
}

export class ApiError extends Error {
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly details: string[];
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  readonly code: string | undefined;

  constructor(init: ApiErrorInit) {
    super(ApiError.format(init));
    this.name = "ApiError";
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
    this.code = init.code;
  }

  static format(init: ApiErrorInit): string {
    const summary =
      init.summary ??
      (init.status !== undefined ? `${init.status} ${STATUS_CODES[init.status] ?? "Unknown Status"}` : "failed");
    const details = init.details?.length ? `: ${init.details.join("; ")}` : "";
    const attempts = (init.attempts ?? 1) > 1 ? ` (gave up after ${init.attempts} attempts)` : "";
    const note = init.note ? ` (${init.note})` : "";
    const id = init.requestId ? ` [request id ${init.requestId}]` : "";
    return `${init.method} ${init.path} failed: ${summary}${details}${attempts}${note}${id}`;
  }

  /** What `JSON.stringify(err)` gives: the message and the fields, nothing else. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      requestId: this.requestId,
      details: this.details,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
      code: this.code,
    };
  }
}
