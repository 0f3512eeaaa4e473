/**
 * AES-256-GCM sealing of small values. The associated data binds a sealed value to the row it
 * belongs to, so a ciphertext copied onto another connection does not decrypt.
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
import crypto from "node:crypto";

export class Cipher {
  constructor(private readonly key: Buffer) {}

  seal(plain: string, associated: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(associated, "utf8"));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  open(sealed: string, associated: string): string {
    const [version, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || body === undefined) throw new Error("sealed value has an unknown format");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(associated, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new Error(
        "cannot decrypt a stored secret: the encryption key is not the one this data directory was written with",
      );
    }
  }
}
