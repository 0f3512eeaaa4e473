/**
 * Secret redaction for anything that ends up in an error: the API and application keys and
 * the secret values of the request being made are replaced wherever they appear.
 */
export const REDACTED = "[REDACTED]";

export type Redactor = (text: string) => string;

/** Values shorter than this are not redacted (would mangle ordinary words). */
const MIN_SECRET_LENGTH = 4;

export function makeRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const list = [
    ...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)),
  ].sort((a, b) => b.length - a.length);
  if (!list.length) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of list) out = out.split(secret).join(REDACTED);
    return out;
  };
}
