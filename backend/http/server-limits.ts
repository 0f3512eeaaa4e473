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
}

export const DEFAULT_SERVER_LIMITS: Omit<ServerLimits, "maxConnections"> = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
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
  return { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs, maxConnections };
}

/** fastify's options for these limits (Node checks the timeouts every `connectionsCheckingInterval`). */
export function serverOptions(limits: ServerLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // A socket idle this long while a request is being handled is dropped too.
    connectionTimeout: limits.requestTimeoutMs * 2,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
  };
}

const DROP_REPORT_EVERY_MS = 10_000;

/** Connections refused at the cap are logged: at most one line per 10 s, counting the ones in between. */
export function watchDroppedConnections(
  server: import("node:net").Server,
  cap: number,
  warn: (message: string) => void,
): void {
  let unreported = 0;
  let quietUntil = 0;
  server.on("drop", () => {
    const now = Date.now();
    if (now < quietUntil) return void unreported++;
    const more = unreported ? ` (and ${unreported} more since the last report)` : "";
    warn(`refused a new connection${more}: ${cap} connections were open, the connection cap`);
    unreported = 0;
    quietUntil = now + DROP_REPORT_EVERY_MS;
  });
}
