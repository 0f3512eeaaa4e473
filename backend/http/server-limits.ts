/**
 * How long a client may take and how many connections it may hold. Without a request timeout a
 * slow body is never timed out, and a client holding idle connections up to the process's
 * open-file limit locks every other client out (and leaves no descriptor for the database or
 * the data-dir lock). So: a request timeout (the whole request, body included), a shorter
 * headers timeout, a keep-alive timeout for idle connections between requests, and a cap on
 * open connections below the open-file limit (beyond it, Node closes a new connection at once).
 */
import fs from "node:fs";

export interface ServerLimits {
  /** The whole request, headers and body, must arrive within this; else 408 and the connection is closed. */
  requestTimeoutMs: number;
  /** The request line and headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Open client connections; beyond it new ones are closed at once. Below the open-file limit. */
  maxConnections: number;
  /** Requests one connection may carry; the one that reaches it is answered with `Connection: close`. */
  maxRequestsPerSocket: number;
  /**
   * Requests one connection may have waiting for their answers (sent ahead, pipelined); a
   * connection with more is closed, and what it sent beyond that is dropped unprocessed.
   */
  maxPipelinedRequests: number;
  /** Requests logged per second per remote address; the rest are counted in one line. */
  logRequestsPerSecond: number;
}

export const DEFAULT_SERVER_LIMITS: Omit<ServerLimits, "maxConnections"> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxPipelinedRequests: 16,
  logRequestsPerSecond: 100,
};
export const DEFAULT_MAX_CONNECTIONS = 1_000;

/** This process's soft limit on open files (Linux: /proc/self/limits), or undefined when unknown. */
export function openFileLimit(): number | undefined {
  try {
    const line = fs
      .readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The most connections allowed under an open-file limit: a quarter of the descriptors (at least
 * 64) stay for the database, its files, the lock and the logs.
 */
export function connectionCeiling(limit = openFileLimit()): number | undefined {
  return limit === undefined ? undefined : limit - Math.max(64, Math.ceil(limit / 4));
}

function checkCount(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name} must be a whole number from 1 to ${max}, got ${value}`);
  return value;
}

function checkMs(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 3_600_000)
    throw new Error(`${name} must be a whole number of milliseconds from 1 to 3600000, got ${value}`);
  return value;
}

/** The limits to run with: defaults for what is not given, each checked; one sentence when wrong. */
export function serverLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  const requestTimeoutMs = checkMs(
    "the request timeout",
    given.requestTimeoutMs ?? DEFAULT_SERVER_LIMITS.requestTimeoutMs,
  );
  const headersTimeoutMs = checkMs(
    "the headers timeout",
    given.headersTimeoutMs ?? Math.min(DEFAULT_SERVER_LIMITS.headersTimeoutMs, requestTimeoutMs),
  );
  const keepAliveTimeoutMs = checkMs(
    "the keep-alive timeout",
    given.keepAliveTimeoutMs ?? DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs,
  );
  if (headersTimeoutMs > requestTimeoutMs)
    throw new Error(
      `the headers timeout (${headersTimeoutMs} ms) must not be longer than the request timeout (${requestTimeoutMs} ms)`,
    );
  const ceiling = connectionCeiling();
  const maxConnections = given.maxConnections ?? Math.min(DEFAULT_MAX_CONNECTIONS, ceiling ?? DEFAULT_MAX_CONNECTIONS);
  if (!Number.isInteger(maxConnections) || maxConnections < 1)
    throw new Error(`the connection cap must be a whole number of at least 1, got ${maxConnections}`);
  if (ceiling !== undefined && maxConnections > ceiling) {
    throw new Error(
      `the connection cap ${maxConnections} is too close to this process's open-file limit (${openFileLimit()}): at most ${ceiling}; lower it or raise the limit (ulimit -n)`,
    );
  }
  const counts = {
    maxRequestsPerSocket: checkCount(
      "the requests per connection",
      given.maxRequestsPerSocket ?? DEFAULT_SERVER_LIMITS.maxRequestsPerSocket,
      10_000_000,
    ),
    maxPipelinedRequests: checkCount(
      "the pipelined requests per connection",
      given.maxPipelinedRequests ?? DEFAULT_SERVER_LIMITS.maxPipelinedRequests,
      10_000,
    ),
    logRequestsPerSecond: checkCount(
      "the logged requests per second",
      given.logRequestsPerSecond ?? DEFAULT_SERVER_LIMITS.logRequestsPerSecond,
      1_000_000,
    ),
  };
  return { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs, maxConnections, ...counts };
}

/** fastify's options for these limits (Node checks the timeouts every `connectionsCheckingInterval`). */
export function serverOptions(limits: ServerLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node answers the request that reaches it with `Connection: close`, and closes the
    // connection once that answer is written: whatever was pipelined after it is never processed.
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    // A socket idle this long while a request is being handled is dropped too.
    connectionTimeout: limits.requestTimeoutMs * 2,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  };
}

const DROP_REPORT_EVERY_MS = 10_000;

/** Whether a warning may be logged now: at most one per 10 s, with the count of those held back. */
function everyTenSeconds(warn: (message: string) => void) {
  let unreported = 0;
  let quietUntil = 0;
  return (message: (more: string) => string) => {
    const now = Date.now();
    if (now < quietUntil) return void unreported++;
    warn(message(unreported ? ` (and ${unreported} more since the last report)` : ""));
    unreported = 0;
    quietUntil = now + DROP_REPORT_EVERY_MS;
  };
}

/**
 * A client that sends requests ahead without reading the answers (pipelining) makes the server
 * work for all of them at once: Node parses a whole read of them and hands each to the app, and
 * only orders their answers. A connection with more than `max` requests waiting for their answers
 * is closed (logged at most once per 10 s), and every request already read from it after that
 * is dropped here, before the app (routing, logging, handlers) sees it. Node itself stops reading
 * a connection whose answers pile up unread (its writable high-water mark). Call it after the
 * app has registered its request handler, which it wraps.
 */
export function boundPipelining(
  server: import("node:http").Server,
  max: number,
  warn: (message: string) => void,
): void {
  const waiting = new WeakMap<object, number>();
  const report = everyTenSeconds(warn);
  const handlers = server.listeners("request") as ((...args: unknown[]) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    const socket = req.socket;
    if (socket.destroyed) return; // read before its connection was closed: dropped unprocessed
    const count = (waiting.get(socket) ?? 0) + 1;
    waiting.set(socket, count);
    res.once("close", () => waiting.set(socket, (waiting.get(socket) ?? 1) - 1));
    if (count > max) {
      report(
        (more) =>
          `closed a connection from ${socket.remoteAddress} with more than ${max} requests waiting for their answers${more}: the pipelined requests cap`,
      );
      return void socket.destroy();
    }
    for (const handle of handlers) handle.call(server, req, res);
  });
}

/** Connections refused at the cap are logged: at most one line per 10 s, counting the ones in between. */
export function watchDroppedConnections(
  server: import("node:net").Server,
  cap: number,
  warn: (message: string) => void,
): void {
  const report = everyTenSeconds(warn);
  server.on("drop", () =>
    report((more) => `refused a new connection${more}: ${cap} connections were open, the connection cap`),
  );
}
