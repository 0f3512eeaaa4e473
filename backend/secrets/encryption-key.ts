/**
 * The key that seals secret credential values at rest (AES-256-GCM, 32 bytes). Given by the
 * operator (`encryptionKey` option / CONNECTIONS_BACKEND_ENCRYPTION_KEY, 64 hex digits or base64
 * of 32 bytes), else generated once into `<dataDir>/secret.key` (mode 0600) and reused.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const KEY_FILE_NAME = "secret.key";

export function parseEncryptionKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error(`${source} must be 32 bytes as 64 hex digits or base64 (e.g. \`openssl rand -base64 32\`), got ${key.length} bytes`);
  }
  return key;
}

export function loadEncryptionKey(dataDir: string, given?: string): Buffer {
  if (given !== undefined && given !== "") return parseEncryptionKey(given, "the encryption key (CONNECTIONS_BACKEND_ENCRYPTION_KEY)");
  const file = path.join(dataDir, KEY_FILE_NAME);
  if (fs.existsSync(file)) return parseEncryptionKey(fs.readFileSync(file, "utf8"), file);
  const key = crypto.randomBytes(32);
  // "wx": never overwrite a key another start just wrote.
  fs.writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  return key;
}
