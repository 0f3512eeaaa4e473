/**
 * The database server cannot be reached (down, restarting, refusing connections, too slow):
 * the request is answered 503 with a JSON:API error and the pool reconnects by itself on the
 * next request. Never used for errors in our own SQL (those stay 500s).
 */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the database is unavailable (${reason}); the request was not completed, try again`);
    this.name = "DatabaseUnavailableError";
  }
}

/** Socket-level failures of the connection to the server. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOENT",
]);

/**
 * SQLSTATEs that mean "the server, not the request": class 08 (connection exception), 53300 too
 * many connections, 57P01-57P03 shutting down / crashed / starting up, 57014 statement timeout.
 */
function isServerState(code: string): boolean {
  return code.startsWith("08") || ["53300", "57P01", "57P02", "57P03", "57014"].includes(code);
}

/** node-postgres's own messages for a lost or never-made connection. */
const DRIVER_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|not queryable|Connection ended/i;

/** `err` as a DatabaseUnavailableError when it is one of the above, else undefined. */
export function asUnavailable(err: unknown): DatabaseUnavailableError | undefined {
  if (err instanceof DatabaseUnavailableError) return err;
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return new DatabaseUnavailableError(code);
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && isServerState(code))
    return new DatabaseUnavailableError(`SQLSTATE ${code}`);
  if (DRIVER_MESSAGES.test(err.message)) return new DatabaseUnavailableError("connection lost");
  return undefined;
}
