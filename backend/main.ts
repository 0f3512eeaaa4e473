/**
 * `npm run backend`: start the local connections backend and print one line with its URL and
 * keys file. `--help` prints every option with its environment variable and default (USAGE).
 * With a database URL (PostgreSQL) the data dir holds only the default keys file and encryption
 * key: no database and no lock, so any number of replicas can run, sharing those two.
 * Stops cleanly on SIGTERM/SIGINT (in-flight requests finish, the database is closed).
 */
import { parseArgs } from "node:util";
import { startBackend } from "./index";

const USAGE = `usage: npm run backend -- [options]           (from the repository root)
       node backend/dist/main.js [options]

Starts the local connections backend on 127.0.0.1 and prints one line with its URL and keys file.
A flag wins over its environment variable.

  --port N                     CONNECTIONS_BACKEND_PORT                 default 0: a free port
  --data-dir DIR               CONNECTIONS_BACKEND_DATA_DIR             default .data/backend (relative to
                                                                        the current directory)
  --database-url URL           CONNECTIONS_BACKEND_DATABASE_URL         default none: PGlite in the data dir;
                                                                        postgres://user:pass@host:5432/db
  --database-pool-size N       CONNECTIONS_BACKEND_DATABASE_POOL_SIZE   default 10 (PostgreSQL only)
  --keys-file FILE             CONNECTIONS_BACKEND_KEYS_FILE            default <data dir>/keys.json,
                                                                        generated when missing
  --encryption-key-file FILE   CONNECTIONS_BACKEND_ENCRYPTION_KEY_FILE  default <data dir>/secret.key,
                                                                        generated when missing
                               CONNECTIONS_BACKEND_ENCRYPTION_KEY       the key itself (32 bytes, hex or
                                                                        base64); wins over the _FILE variable
  --log-level LEVEL            CONNECTIONS_BACKEND_LOG_LEVEL            default info (fatal, error, warn,
                                                                        info, debug, trace, silent)
                               CONNECTIONS_BACKEND_AWS_PRINCIPAL_ID     default 123456789012: the AWS
                                                                        principal_id AWS connections get
  --request-timeout-ms MS      CONNECTIONS_BACKEND_REQUEST_TIMEOUT_MS   default 30000: a whole request,
                                                                        body included
  --headers-timeout-ms MS      CONNECTIONS_BACKEND_HEADERS_TIMEOUT_MS   default 10000: the request's headers
  --keep-alive-timeout-ms MS   CONNECTIONS_BACKEND_KEEP_ALIVE_TIMEOUT_MS
                                                                        default 5000: an idle kept-alive
                                                                        connection
  --max-connections N          CONNECTIONS_BACKEND_MAX_CONNECTIONS      default 1000 (kept below the
                                                                        open-file limit): more are refused
  --max-requests-per-connection N
                               CONNECTIONS_BACKEND_MAX_REQUESTS_PER_CONNECTION
                                                                        default 1000: then the connection is
                                                                        closed after its answer
  --max-pipelined-requests N   CONNECTIONS_BACKEND_MAX_PIPELINED_REQUESTS
                                                                        default 16: requests sent ahead of
                                                                        their answers; more close the connection
  --log-requests-per-second N  CONNECTIONS_BACKEND_LOG_REQUESTS_PER_SECOND
                                                                        default 100 per remote address; the
                                                                        rest are counted in one line a second
  -h, --help                   print this and exit

Operators' guide: backend/README.md.`;

const OPTIONS = {
  port: { type: "string" },
  "data-dir": { type: "string" },
  "database-url": { type: "string" },
  "database-pool-size": { type: "string" },
  "keys-file": { type: "string" },
  "encryption-key-file": { type: "string" },
  "log-level": { type: "string" },
  "request-timeout-ms": { type: "string" },
  "headers-timeout-ms": { type: "string" },
  "keep-alive-timeout-ms": { type: "string" },
  "max-connections": { type: "string" },
  "max-requests-per-connection": { type: "string" },
  "max-pipelined-requests": { type: "string" },
  "log-requests-per-second": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const SERVER_SETTINGS = {
  requestTimeoutMs: ["request-timeout-ms", "CONNECTIONS_BACKEND_REQUEST_TIMEOUT_MS"],
  headersTimeoutMs: ["headers-timeout-ms", "CONNECTIONS_BACKEND_HEADERS_TIMEOUT_MS"],
  keepAliveTimeoutMs: ["keep-alive-timeout-ms", "CONNECTIONS_BACKEND_KEEP_ALIVE_TIMEOUT_MS"],
  maxConnections: ["max-connections", "CONNECTIONS_BACKEND_MAX_CONNECTIONS"],
  maxRequestsPerSocket: ["max-requests-per-connection", "CONNECTIONS_BACKEND_MAX_REQUESTS_PER_CONNECTION"],
  maxPipelinedRequests: ["max-pipelined-requests", "CONNECTIONS_BACKEND_MAX_PIPELINED_REQUESTS"],
  logRequestsPerSecond: ["log-requests-per-second", "CONNECTIONS_BACKEND_LOG_REQUESTS_PER_SECOND"],
} as const;

/** The server limits given as flags or environment variables (whole numbers; the rest is checked by startBackend). */
function serverSettings(
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Partial<Record<keyof typeof SERVER_SETTINGS, number>> {
  const out: Partial<Record<keyof typeof SERVER_SETTINGS, number>> = {};
  for (const [key, [flag, variable]] of Object.entries(SERVER_SETTINGS) as [
    keyof typeof SERVER_SETTINGS,
    readonly [string, string],
  ][]) {
    const text = (flags[flag] as string | undefined) ?? env[variable];
    if (text === undefined || text === "") continue;
    if (!/^\d{1,10}$/.test(text))
      throw new Error(`--${flag} (${variable}) must be a whole number, got ${JSON.stringify(text)}`);
    out[key] = Number(text);
  }
  return out;
}

function flagsFrom(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new Error(`${(err as Error).message} (--help lists the options)`, { cause: err });
  }
}

async function main(): Promise<void> {
  const flags = flagsFrom(process.argv.slice(2));
  if (flags.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  const portText = flags.port ?? env.CONNECTIONS_BACKEND_PORT ?? "0";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new Error(`the port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);

  const poolText = flags["database-pool-size"] ?? env.CONNECTIONS_BACKEND_DATABASE_POOL_SIZE ?? "10";
  if (!/^\d+$/.test(poolText) || Number(poolText) < 1 || Number(poolText) > 1000) {
    throw new Error(`the database pool size must be a number from 1 to 1000, got ${JSON.stringify(poolText)}`);
  }

  const backend = await startBackend({
    port,
    dataDir: flags["data-dir"] ?? env.CONNECTIONS_BACKEND_DATA_DIR ?? ".data/backend",
    databaseUrl: flags["database-url"] ?? env.CONNECTIONS_BACKEND_DATABASE_URL,
    databasePoolSize: Number(poolText),
    keysFile: flags["keys-file"] ?? env.CONNECTIONS_BACKEND_KEYS_FILE,
    // The flag wins over both variables; of the two variables, the key itself wins over its file.
    encryptionKey: flags["encryption-key-file"] ? undefined : env.CONNECTIONS_BACKEND_ENCRYPTION_KEY,
    encryptionKeyFile: flags["encryption-key-file"] ?? env.CONNECTIONS_BACKEND_ENCRYPTION_KEY_FILE,
    logLevel: flags["log-level"] ?? env.CONNECTIONS_BACKEND_LOG_LEVEL ?? "info",
    awsPrincipalId: env.CONNECTIONS_BACKEND_AWS_PRINCIPAL_ID,
    ...serverSettings(flags, env),
  });
  for (const migration of backend.migrationsApplied)
    console.error(`connections backend: applied migration ${migration}`);
  // The one line scripts read (stdout); logs are JSON lines after it.
  console.log(`connections backend listening on ${backend.url} (keys file: ${backend.keysFile})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    backend.close().then(
      () => process.exit(0),
      (err) => {
        console.error(`connections backend: error while stopping on ${signal}: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: Error) => {
  console.error(`connections backend failed to start: ${err.message}`);
  process.exit(1);
});
