/**
 * `npm run backend`: start the local connections backend and print one line with its URL and
 * keys file. Flags win over environment variables:
 *   --port N            CONNECTIONS_BACKEND_PORT            (default 0: a free port)
 *   --data-dir DIR      CONNECTIONS_BACKEND_DATA_DIR        (default .data/backend)
 *   --database-url URL  CONNECTIONS_BACKEND_DATABASE_URL    (default: none, PGlite in the data dir)
 *   --keys-file FILE    CONNECTIONS_BACKEND_KEYS_FILE       (default <data dir>/keys.json)
 *                       CONNECTIONS_BACKEND_ENCRYPTION_KEY  (default <data dir>/secret.key)
 *   --encryption-key-file FILE  CONNECTIONS_BACKEND_ENCRYPTION_KEY_FILE (instead of the above)
 *   --database-pool-size N      CONNECTIONS_BACKEND_DATABASE_POOL_SIZE  (default 10)
 *   --log-level LEVEL   CONNECTIONS_BACKEND_LOG_LEVEL       (default info)
 *   --request-timeout-ms MS     CONNECTIONS_BACKEND_REQUEST_TIMEOUT_MS     (default 30000)
 *   --headers-timeout-ms MS     CONNECTIONS_BACKEND_HEADERS_TIMEOUT_MS     (default 10000)
 *   --keep-alive-timeout-ms MS  CONNECTIONS_BACKEND_KEEP_ALIVE_TIMEOUT_MS  (default 5000)
 *   --max-connections N         CONNECTIONS_BACKEND_MAX_CONNECTIONS        (default 1000, below the open-file limit)
 * With a database URL (PostgreSQL) the data dir holds only the default keys file and encryption
 * key: no database and no lock, so any number of replicas can run, sharing those two.
 * Stops cleanly on SIGTERM/SIGINT (in-flight requests finish, the database is closed).
 */
import { startBackend } from "./index";

const USAGE =
  "usage: node dist/backend/main.js [--port N] [--data-dir DIR] [--database-url postgres://...] [--keys-file FILE]" +
  " [--encryption-key-file FILE] [--database-pool-size N] [--log-level LEVEL]" +
  " [--request-timeout-ms MS] [--headers-timeout-ms MS] [--keep-alive-timeout-ms MS] [--max-connections N]";

const SERVER_SETTINGS = {
  requestTimeoutMs: ["request-timeout-ms", "CONNECTIONS_BACKEND_REQUEST_TIMEOUT_MS"],
  headersTimeoutMs: ["headers-timeout-ms", "CONNECTIONS_BACKEND_HEADERS_TIMEOUT_MS"],
  keepAliveTimeoutMs: ["keep-alive-timeout-ms", "CONNECTIONS_BACKEND_KEEP_ALIVE_TIMEOUT_MS"],
  maxConnections: ["max-connections", "CONNECTIONS_BACKEND_MAX_CONNECTIONS"],
} as const;

/** The server limits given as flags or environment variables (whole numbers; the rest is checked by startBackend). */
function serverSettings(flags: Record<string, string>, env: NodeJS.ProcessEnv): Partial<Record<keyof typeof SERVER_SETTINGS, number>> {
  const out: Partial<Record<keyof typeof SERVER_SETTINGS, number>> = {};
  for (const [key, [flag, variable]] of Object.entries(SERVER_SETTINGS) as [keyof typeof SERVER_SETTINGS, readonly [string, string]][]) {
    const text = flags[flag] ?? env[variable];
    if (text === undefined || text === "") continue;
    if (!/^\d{1,10}$/.test(text)) throw new Error(`--${flag} (${variable}) must be a whole number, got ${JSON.stringify(text)}`);
    out[key] = Number(text);
  }
  return out;
}

function parseArgs(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--(port|data-dir|database-url|keys-file|encryption-key-file|database-pool-size|log-level|request-timeout-ms|headers-timeout-ms|keep-alive-timeout-ms|max-connections)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value\n${USAGE}`);
    flags[match[1]] = value;
  }
  return flags;
}

async function main(): Promise<void> {
  const flags = parseArgs(process.argv.slice(2));
  const env = process.env;
  const portText = flags.port ?? env.CONNECTIONS_BACKEND_PORT ?? "0";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`the port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);

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
    encryptionKey: env.CONNECTIONS_BACKEND_ENCRYPTION_KEY,
    encryptionKeyFile: flags["encryption-key-file"] ?? env.CONNECTIONS_BACKEND_ENCRYPTION_KEY_FILE,
    logLevel: flags["log-level"] ?? env.CONNECTIONS_BACKEND_LOG_LEVEL ?? "info",
    awsPrincipalId: env.CONNECTIONS_BACKEND_AWS_PRINCIPAL_ID,
    ...serverSettings(flags, env),
  });
  for (const migration of backend.migrationsApplied) console.error(`connections backend: applied migration ${migration}`);
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
