/**
 * The key that seals secret credential values at rest (AES-256-GCM, 32 bytes). Given by the
 * operator (`encryptionKey` option / CONNECTIONS_BACKEND_ENCRYPTION_KEY, 64 hex digits or base64
 * of 32 bytes), or a file holding it (`encryptionKeyFile` / CONNECTIONS_BACKEND_ENCRYPTION_KEY_FILE,
 * how replicas share one), else generated once into `<dataDir>/secret.key` (mode 0600) and reused.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const KEY_FILE_NAME = "secret.key";

export function parseEncryptionKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error(
      `${source} must be 32 bytes as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`), got ${key.length} bytes`,
    );
  }
  return key;
}

export function loadEncryptionKey(from: { dataDir?: string; given?: string; file?: string }): Buffer {
  if (from.given !== undefined && from.given !== "")
    return parseEncryptionKey(from.given, "the encryption key (CONNECTIONS_BACKEND_ENCRYPTION_KEY)");
  if (from.file) {
    if (!fs.existsSync(from.file)) throw new Error(`the encryption key file ${from.file} does not exist`);
    return parseEncryptionKey(fs.readFileSync(from.file, "utf8"), `the encryption key file ${from.file}`);
  }
  if (!from.dataDir)
    throw new Error("no encryption key: give CONNECTIONS_BACKEND_ENCRYPTION_KEY or an encryption key file");
  const file = path.join(from.dataDir, KEY_FILE_NAME);
  if (fs.existsSync(file)) return parseEncryptionKey(fs.readFileSync(file, "utf8"), file);
  fs.mkdirSync(from.dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  try {
    // "wx": never overwrite a key another start just wrote (replicas sharing a directory).
    fs.writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      return parseEncryptionKey(fs.readFileSync(file, "utf8"), file);
    throw err;
  }
  return key;
}
