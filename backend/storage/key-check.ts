/**
 * A database remembers a sealed marker of the key it was written with, so starting with another
 * encryption key fails at once with a clear message instead of on the first read of a secret.
 */
import type { Cipher } from "../secrets/cipher";
import type { Database } from "./database";

const MARKER = "connections-backend-key-check";

export async function verifyKey(db: Database, cipher: Cipher): Promise<void> {
  await db.write(async (tx) => {
    // The first start writes the marker; replicas starting at once agree on one (the first).
    await tx.query("INSERT INTO settings (key, value) VALUES ('key_check', $1) ON CONFLICT (key) DO NOTHING", [
      cipher.seal(MARKER, "key_check"),
    ]);
    const { rows } = await tx.query<{ value: string }>("SELECT value FROM settings WHERE key = 'key_check'");
    let ok: boolean;
    try {
      ok = cipher.open(rows[0].value, "key_check") === MARKER;
    } catch {
      ok = false;
    }
    if (!ok)
      throw new Error(
        "the encryption key does not match the one this database was created with (see CONNECTIONS_BACKEND_ENCRYPTION_KEY / secret.key); every replica needs the same key",
      );
  });
}
