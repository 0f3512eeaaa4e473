/**
 * The local connections backend: a Datadog-compatible Action Connections API (plus connection
 * groups and restriction policies) on loopback, stored in PGlite under `dataDir`, or on a
 * PostgreSQL server (`databaseUrl`) shared by any number of replicas.
 *
 *   const backend = await startBackend({ dataDir: ".data/backend" });
 *   const replica = await startBackend({ databaseUrl: "postgres://...", keysFile, encryptionKey });
 *   // backend.url -> "http://127.0.0.1:<port>", backend.keysFile -> the API/app keys
 *   await backend.close();
 */
import path from "node:path";
import { KeysFile, loadKeysFile } from "./auth/keys-file";
import type { Context } from "./domain/context";
import { principalsOf } from "./domain/directory";
import { AppOptions, DEFAULT_BODY_LIMIT, buildApp } from "./http/app";
import { serverLimits } from "./http/server-limits";
import { Cipher } from "./secrets/cipher";
import { loadEncryptionKey } from "./secrets/encryption-key";
import { ConnectionsTable } from "./storage/connections-table";
import { Database } from "./storage/database";
import { GroupsTable } from "./storage/groups-table";
import { PoliciesTable } from "./storage/policies-table";
import { RemovedMembersTable } from "./storage/removed-members-table";
import { verifyKey } from "./storage/key-check";
import type { LockEvents } from "./storage/lock";
import { ensurePrivateDir } from "./storage/private-files";

export { DataDirLockedError } from "./storage/lock";
export { DatabaseUnavailableError } from "./storage/unavailable";
export type { KeysFile, KeysUser } from "./auth/keys-file";

export interface BackendOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the backend is for local work and CI. */
  host?: "127.0.0.1";
  /**
   * PGlite: the database, its lock, and the default keys file and encryption key. With
   * `databaseUrl` only the defaults (no database, no lock); optional when both are given.
   */
  dataDir?: string;
  /** `postgres://user:password@host:port/db`: run on this PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** Connections to the PostgreSQL server held by this process; default 10. */
  databasePoolSize?: number;
  /** Default `<dataDir>/keys.json`; generated when missing. Replicas share one. */
  keysFile?: string;
  /** 32 bytes, hex or base64; default: `encryptionKeyFile`, else `<dataDir>/secret.key`, generated when missing. */
  encryptionKey?: string;
  /** A file holding the encryption key (e.g. a mounted secret shared by replicas). */
  encryptionKeyFile?: string;
  /** pino level; default "info". Use "silent" in tests. */
  logLevel?: string;
  /** Largest accepted request body in bytes; default 256 KiB. */
  bodyLimit?: number;
  /** The AWS account id returned as `principal_id`; default 123456789012. */
  awsPrincipalId?: string;
  /** A request (headers and body) must arrive within this; default 30 s. */
  requestTimeoutMs?: number;
  /** The request line and headers must arrive within this; default 10 s. */
  headersTimeoutMs?: number;
  /** Idle kept-alive connections are closed after this; default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Open client connections at most (beyond: refused at once); default 1000, below the open-file limit. */
  maxConnections?: number;
  /** Requests one connection may carry (then `Connection: close`); default 1000. */
  maxRequestsPerSocket?: number;
  /** Requests one connection may have waiting for their answers (pipelined); more: closed. Default 16. */
  maxPipelinedRequests?: number;
  /** Requests logged per second per remote address (the rest counted in one line); default 100. */
  logRequestsPerSecond?: number;
}

export interface RunningBackend {
  url: string;
  keysFile: string;
  keys: KeysFile;
  /** "pglite" or "postgres". */
  engine: string;
  /** Migrations this start applied, e.g. ["1 initial"]; empty when the schema was current. */
  migrationsApplied: string[];
  /** Warnings of this start (also logged), e.g. a data directory other local users may read. */
  warnings: string[];
  close(): Promise<void>;
}

export const DEFAULT_AWS_PRINCIPAL_ID = "123456789012";

export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.dataDir);
  const databaseUrl = options.databaseUrl || undefined;
  if (!databaseUrl && !dataDir) throw new Error("startBackend needs a dataDir (PGlite) or a databaseUrl (PostgreSQL)");
  if (!dataDir && (!options.keysFile || !(options.encryptionKey || options.encryptionKeyFile))) {
    throw new Error("without a dataDir, give the keys file and the encryption key (the same ones to every replica)");
  }
  const keysFile = path.resolve(options.keysFile ?? path.join(dataDir!, "keys.json"));
  const awsPrincipalId = options.awsPrincipalId ?? DEFAULT_AWS_PRINCIPAL_ID;
  const limits = serverLimits(options);
  if (!/^\d{12}$/.test(awsPrincipalId))
    throw new Error(`awsPrincipalId must be a 12-digit AWS account id, got ${JSON.stringify(awsPrincipalId)}`);

  // Created 0700, or reported when others may read it (it holds everything but the secrets' plain text).
  const warnings = dataDir ? ensurePrivateDir(dataDir) : [];
  let lockLog: LockEvents | undefined;
  let idleError: ((err: Error) => void) | undefined;
  const db = await Database.open(
    databaseUrl
      ? {
          kind: "postgres",
          url: databaseUrl,
          poolSize: options.databasePoolSize,
          onIdleError: (err) => idleError?.(err),
        }
      : {
          kind: "pglite",
          dataDir: dataDir!,
          lockEvents: {
            lost: (err) => lockLog?.lost(err),
            unreadable: (err) => lockLog?.unreadable(err),
            readable: () => lockLog?.readable(),
          },
        },
  );
  try {
    const cipher = new Cipher(
      loadEncryptionKey({ dataDir, given: options.encryptionKey, file: options.encryptionKeyFile }),
    );
    await verifyKey(db, cipher);
    const keys = loadKeysFile(keysFile);
    const ctx: Context = {
      db,
      connections: new ConnectionsTable(cipher),
      groups: new GroupsTable(),
      policies: new PoliciesTable(),
      removedMembers: new RemovedMembersTable(),
      principals: principalsOf(keys),
      awsPrincipalId,
    };
    const appOptions: AppOptions = {
      logLevel: options.logLevel ?? "info",
      bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      limits,
    };
    const app = buildApp(ctx, keys, appOptions);
    warnings.push(...db.warnings);
    for (const warning of warnings) app.log.warn(warning);
    lockLog = {
      lost: (err) =>
        app.log.error(
          { error: { message: err.message } },
          `lost the lock on ${dataDir}; another process may be using it`,
        ),
      unreadable: (err) =>
        app.log.warn(
          { error: { message: err.message } },
          `cannot check the lock on ${dataDir} for now; still watching it`,
        ),
      readable: () => app.log.info(`the lock on ${dataDir} is readable again and held by this process`),
    };
    // The server went away under an idle pooled connection: the pool reconnects on demand.
    idleError = (err) =>
      app.log.warn({ error: { message: err.message } }, "an idle database connection was lost; reconnecting on demand");
    let url: string;
    try {
      url = await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
    } catch (err) {
      await app.close().catch(() => undefined);
      throw err;
    }

    let closing: Promise<void> | undefined;
    return {
      url,
      keysFile,
      keys,
      engine: db.kind,
      migrationsApplied: db.migrationsApplied,
      warnings,
      close() {
        // Stop taking requests, let in-flight ones finish, then close the database (PGlite:
        // flush and unlock the data dir; PostgreSQL: end the pool).
        closing ??= app.close().then(() => db.close());
        return closing;
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
