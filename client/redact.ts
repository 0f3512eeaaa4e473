/**
 * Secret redaction for anything that ends up in an error: the API and application keys and
 * the secret values of the request being made are replaced wherever they appear.
 *
 * Why redact rather than never show the server's words: the server's detail is what tells a
 * user what to fix (a rule the backend enforces, a permission), so errors keep it, and the
 * redactor covers the forms in which a server, a proxy or a debugging echo may repeat what it
 * was sent (it has the keys anyway; the point is that they do not reach CI logs through us):
 * - as sent, in any letter case (header values upper- or lower-cased);
 * - URL-encoded, hex-encoded (a byte dump), base64 or base64url, alone or inside a larger
 *   encoded text such as `key:secret` or `apiKey:appKey` (Basic-auth style): all three byte
 *   alignments are matched;
 * - split or re-wrapped: separators (spaces, dashes, quotes, line breaks, `; ` between details)
 *   are ignored, and any run of 8 consecutive characters of a secret (or of its encodings) is
 *   enough.
 * What matches is hidden with the whole encoded word around it, so no part of the encoding
 * survives next to the mark. A server that sets out to disguise a key (a private cipher, one
 * character per line) can still defeat this; that is not an echo, and no redactor can tell.
 */
export const REDACTED = "[REDACTED]";

export type Redactor = (text: string) => string;

/** Values shorter than this are not redacted (would mangle ordinary words). */
const MIN_SECRET_LENGTH = 4;

/** A run of this many characters of a secret's form is taken as the secret. */
const FRAGMENT = 8;

/** The characters of an encoded word (base64, base64url, URL-encoding, hex): a match hides all of its word. */
const WORD = /[A-Za-z0-9+/=_%-]/;

/** Letters (lower-cased) and digits only: case and separators do not count. */
const skeleton = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The part of base64(prefix of `shift` bytes + secret) that depends on the secret alone. */
function base64Core(bytes: Buffer, shift: number): string {
  const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
    .toString("base64")
    .replace(/=+$/, "");
  return encoded.slice(Math.ceil((8 * shift) / 6), Math.floor((8 * (shift + bytes.length)) / 6));
}

/** What a secret may look like in a server's text, as skeletons. */
function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = [secret, encodeURIComponent(secret), bytes.toString("hex")];
  for (let shift = 0; shift < 3; shift++) forms.push(base64Core(bytes, shift));
  return [...new Set(forms.map(skeleton))].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

/** Where in `text` each skeleton character came from. */
function skeletonWithOrigins(text: string): { sk: string; at: number[] } {
  let sk = "";
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i].toLowerCase();
    if (/[a-z0-9]/.test(c)) {
      sk += c;
      at.push(i);
    }
  }
  return { sk, at };
}

export function makeRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH))];
  if (!list.length) return (text) => text;
  // Runs of FRAGMENT characters of each form; forms shorter than that must match whole.
  const fragments = new Set<string>();
  const wholes = new Set<string>();
  for (const form of list.flatMap(formsOf)) {
    if (form.length < FRAGMENT) wholes.add(form);
    else for (let i = 0; i + FRAGMENT <= form.length; i++) fragments.add(form.slice(i, i + FRAGMENT));
  }
  // Verbatim (any case) first: catches secrets whose characters are mostly not letters or digits.
  const verbatim = list.map((s) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"));

  return (text) => {
    let out = text;
    for (const re of verbatim) out = out.replace(re, REDACTED);
    const { sk, at } = skeletonWithOrigins(out);
    const hidden: [number, number][] = [];
    for (let i = 0; i + FRAGMENT <= sk.length; i++)
      if (fragments.has(sk.slice(i, i + FRAGMENT))) hidden.push([at[i], at[i + FRAGMENT - 1]]);
    for (const whole of wholes)
      for (let i = sk.indexOf(whole); i >= 0; i = sk.indexOf(whole, i + 1))
        hidden.push([at[i], at[i + whole.length - 1]]);
    if (!hidden.length) return out;
    // Widen each match to its whole encoded word, then replace the merged spans.
    const spans = hidden
      .map(([from, to]) => {
        while (from > 0 && WORD.test(out[from - 1])) from--;
        while (to + 1 < out.length && WORD.test(out[to + 1])) to++;
        return [from, to] as [number, number];
      })
      .sort((a, b) => a[0] - b[0]);
    let result = "";
    let cursor = 0;
    let current: [number, number] | undefined;
    for (const span of [...spans, undefined]) {
      if (current && span && span[0] <= current[1] + 1) {
        current[1] = Math.max(current[1], span[1]);
        continue;
      }
      if (current) {
        result += out.slice(cursor, current[0]) + REDACTED;
        cursor = current[1] + 1;
      }
      current = span && [...span];
    }
    return result + out.slice(cursor);
  };
}
