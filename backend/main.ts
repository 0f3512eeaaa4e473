/**
 * `npm run backend`: start the local connections backend and print one line with its URL and
 * keys file. Flags win over environment variables:
 *   --port N            CONNECTIONS_BACKEND_PORT            (default 0: a free port)
 *   --data-dir DIR      CONNECTIONS_BACKEND_DATA_DIR        (default .data/backend)
 *   --keys-file FILE    CONNECTIONS_BACKEND_KEYS_FILE       (default <data dir>/keys.json)
 *                       CONNECTIONS_BACKEND_ENCRYPTION_KEY  (default <data dir>/secret.key)
 *   --log-level LEVEL   CONNECTIONS_BACKEND_LOG_LEVEL       (default info)
 * Stops cleanly on SIGTERM/SIGINT (in-flight requests finish, the database is closed).
 */
import { startBackend } from "./index";

const USAGE = "usage: node dist/backend/main.js [--port N] [--data-dir DIR] [--keys-file FILE] [--log-level LEVEL]";

function parseArgs(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--(port|data-dir|keys-file|log-level)(?:=(.*))?$/.exec(arg);
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

  const backend = await startBackend({
    port,
    dataDir: flags["data-dir"] ?? env.CONNECTIONS_BACKEND_DATA_DIR ?? ".data/backend",
    keysFile: flags["keys-file"] ?? env.CONNECTIONS_BACKEND_KEYS_FILE,
    encryptionKey: env.CONNECTIONS_BACKEND_ENCRYPTION_KEY,
    logLevel: flags["log-level"] ?? env.CONNECTIONS_BACKEND_LOG_LEVEL ?? "info",
    awsPrincipalId: env.CONNECTIONS_BACKEND_AWS_PRINCIPAL_ID,
  });
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
