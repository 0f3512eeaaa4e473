/**
 * The local connections backend: a Datadog-compatible Action Connections API (plus connection
 * groups and restriction policies) on loopback, stored in PGlite under `dataDir`.
 *
 *   const backend = await startBackend({ dataDir: ".data/backend" });
 *   // backend.url -> "http://127.0.0.1:<port>", backend.keysFile -> the API/app keys
 *   await backend.close();
 */
import path from "node:path";
import { KeysFile, loadKeysFile } from "./auth/keys-file";
import type { Context } from "./domain/context";
import { AppOptions, DEFAULT_BODY_LIMIT, buildApp } from "./http/app";
import { Cipher } from "./secrets/cipher";
import { loadEncryptionKey } from "./secrets/encryption-key";
import { ConnectionsTable } from "./storage/connections-table";
import { Database } from "./storage/database";
import { GroupsTable } from "./storage/groups-table";
import { PoliciesTable } from "./storage/policies-table";
import { verifyKey } from "./storage/key-check";

export { DataDirLockedError } from "./storage/lock";
export type { KeysFile, KeysUser } from "./auth/keys-file";

export interface BackendOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the backend is for local work and CI. */
  host?: "127.0.0.1";
  dataDir: string;
  /** Default `<dataDir>/keys.json`; generated when missing. */
  keysFile?: string;
  /** 32 bytes, hex or base64; default: `<dataDir>/secret.key`, generated when missing. */
  encryptionKey?: string;
  /** pino level; default "info". Use "silent" in tests. */
  logLevel?: string;
  /** Largest accepted request body in bytes; default 256 KiB. */
  bodyLimit?: number;
  /** The AWS account id returned as `principal_id`; default 123456789012. */
  awsPrincipalId?: string;
}

export interface RunningBackend {
  url: string;
  keysFile: string;
  keys: KeysFile;
  close(): Promise<void>;
}

export const DEFAULT_AWS_PRINCIPAL_ID = "123456789012";

export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  const dataDir = path.resolve(options.dataDir);
  const keysFile = path.resolve(options.keysFile ?? path.join(dataDir, "keys.json"));
  const awsPrincipalId = options.awsPrincipalId ?? DEFAULT_AWS_PRINCIPAL_ID;
  if (!/^\d{12}$/.test(awsPrincipalId)) throw new Error(`awsPrincipalId must be a 12-digit AWS account id, got ${JSON.stringify(awsPrincipalId)}`);

  let compromised: ((err: Error) => void) | undefined;
  const db = await Database.open(dataDir, (err) => compromised?.(err));
  try {
    const cipher = new Cipher(loadEncryptionKey(dataDir, options.encryptionKey));
    await verifyKey(db, cipher);
    const keys = loadKeysFile(keysFile);
    const ctx: Context = { db, connections: new ConnectionsTable(cipher), groups: new GroupsTable(), policies: new PoliciesTable(), awsPrincipalId };
    const appOptions: AppOptions = { logLevel: options.logLevel ?? "info", bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT };
    const app = buildApp(ctx, keys, appOptions);
    compromised = (err) => app.log.error({ err }, `lost the lock on ${dataDir}; another process may be using it`);
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
      close() {
        // Stop taking requests, let in-flight ones finish, then flush and unlock the data dir.
        closing ??= app.close().then(() => db.close());
        return closing;
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
