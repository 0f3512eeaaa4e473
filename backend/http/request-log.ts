/**
 * What a request looks like in the log: its method and a URL made only of parts known to be
 * harmless. Nothing a client sends is copied unless it is: a key can hide anywhere in a URL
 * (`?api_key=K`, `%3Fapi_key=K`, `;api_key=K`, `/K`, double-encoded, after a `#`).
 *
 * - A request a route matched: the route's pattern, with each path parameter shown only when it
 *   is a UUID (an id, optionally `connection:`/`connection-group:`-prefixed), else `:name`.
 * - Any other request: its path segments that are static words of some route (`api`, `v2`,
 *   `connections`...) or UUIDs, every other segment `*`.
 * - The query: each parameter's name when it is one the API knows (an unknown name is `*`,
 *   `identifiers[<key>]` is `identifiers[*]`), every value `[redacted]`.
 * Headers and bodies are never logged.
 */
import type { FastifyRequest } from "fastify";
import { UUID } from "pulumi-workflow-connections-rules";
import { LIST_QUERY_NAMES } from "./list-query";

/** Query parameter names the API reads; nothing else in a query is known to be harmless. */
const KNOWN_QUERY_NAMES = new Set([...LIST_QUERY_NAMES, "allow_self_lockout", "api_key", "application_key"]);
const MAX_QUERY_NAMES = 20;
const MAX_SEGMENTS = 20;

/** Static words of the registered routes, filled by `rememberRoute` as routes are added. */
const knownSegments = new Set<string>();

/** Record the static segments of a route pattern (fastify's `onRoute` hook). */
export function rememberRoute(url: string): void {
  for (const segment of url.split("/"))
    if (segment && !segment.startsWith(":") && segment !== "*") knownSegments.add(segment);
}

const RESOURCE_ID =
  /^(?:connection:|connection-group:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const harmlessValue = (value: unknown) => typeof value === "string" && RESOURCE_ID.test(value);

function queryNames(url: string): string {
  const at = url.indexOf("?");
  if (at < 0) return "";
  const parts = url
    .slice(at + 1)
    .split("#")[0]
    .split("&")
    .filter((p) => p !== "");
  const names = parts.slice(0, MAX_QUERY_NAMES).map((part) => {
    let name = part.split("=")[0];
    try {
      name = decodeURIComponent(name);
    } catch {
      return "*=[redacted]";
    }
    if (KNOWN_QUERY_NAMES.has(name)) return `${name}=[redacted]`;
    if (/^identifiers\[[^\]]*\]$/.test(name)) return "identifiers[*]=[redacted]";
    return "*=[redacted]";
  });
  if (parts.length > MAX_QUERY_NAMES) names.push(`…(${parts.length - MAX_QUERY_NAMES} more)`);
  return names.length ? `?${names.join("&")}` : "";
}

/** The route pattern with UUID parameters filled in. */
function fromPattern(pattern: string, params: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return pattern.replace(/:([A-Za-z_]\w*)/g, (whole, name: string) =>
    harmlessValue(values[name]) ? String(values[name]) : whole,
  );
}

/** Known words and UUIDs kept, every other segment `*`. */
export function sanitisedPath(url: string): string {
  const cut = url.search(/[?#]/);
  const segments = (cut < 0 ? url : url.slice(0, cut)).split("/");
  const kept = segments.slice(0, MAX_SEGMENTS).map((s) => (s === "" || knownSegments.has(s) || UUID.test(s) ? s : "*"));
  if (segments.length > MAX_SEGMENTS) kept.push(`…(${segments.length - MAX_SEGMENTS} more)`);
  return kept.join("/");
}

/** The URL as logged: the route pattern when a route matched, else the sanitised path; query names only. */
export function loggedUrl(req: Pick<FastifyRequest, "url" | "params"> & { routeOptions?: { url?: string } }): string {
  const url = typeof req.url === "string" ? req.url : "";
  let pattern: string | undefined;
  try {
    pattern = req.routeOptions?.url;
  } catch {
    pattern = undefined; // a request fastify could not route has no route context
  }
  const path = pattern ? fromPattern(pattern, req.params) : sanitisedPath(url);
  return path + queryNames(url);
}

export const requestSerializer = (req: FastifyRequest) => ({
  method: req.method,
  url: loggedUrl(req),
  remoteAddress: req.ip,
});

const WINDOW_MS = 1_000;

/**
 * A client flooding the backend (thousands of pipelined requests a second) must not flood the
 * log with them too: at most `perSecond` requests of one remote address are logged per second;
 * the others are not, and are counted in one line per address and second.
 */
export class RequestLogLimiter {
  private readonly windows = new Map<string, { start: number; logged: number; suppressed: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly perSecond: number,
    private readonly report: (remote: string, suppressed: number) => void,
  ) {
    // Reports a flood's count after it stops too (no later request of that address would).
    this.timer = setInterval(() => this.flush(false), WINDOW_MS).unref();
  }

  /** Whether this request from `remote` is logged. */
  admit(remote: string): boolean {
    const now = Date.now();
    let window = this.windows.get(remote);
    if (!window || now - window.start >= WINDOW_MS) {
      if (window?.suppressed) this.report(remote, window.suppressed);
      window = { start: now, logged: 0, suppressed: 0 };
      this.windows.set(remote, window);
    }
    if (window.logged < this.perSecond) {
      window.logged++;
      return true;
    }
    window.suppressed++;
    return false;
  }

  /** Report and forget the windows that are over (`all`: every window, when closing). */
  flush(all: boolean): void {
    const now = Date.now();
    for (const [remote, window] of this.windows) {
      if (!all && now - window.start < WINDOW_MS) continue;
      if (window.suppressed) this.report(remote, window.suppressed);
      this.windows.delete(remote);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush(true);
  }
}
