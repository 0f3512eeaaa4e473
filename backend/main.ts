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
 * With a database URL (PostgreSQL) the data dir holds only the default keys file and encryption
 * key: no database and no lock, so any number of replicas can run, sharing those two.
 * Stops cleanly on SIGTERM/SIGINT (in-flight requests finish, the database is closed).
 */
import { startBackend } from "./index";

const USAGE =
  "usage: node backend/dist/main.js [--port N] [--data-dir DIR] [--database-url postgres://...] [--keys-file FILE]" +
  " [--encryption-key-file FILE] [--database-pool-size N] [--log-level LEVEL]";

function parseArgs(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--(port|data-dir|database-url|keys-file|encryption-key-file|database-pool-size|log-level)(?:=(.*))?$/.exec(arg);
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
