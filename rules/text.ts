/**
 * What text the API stores, checked on the exact value that is stored (nothing is trimmed or
 * normalized first). No text may hold characters that change how it is displayed or parsed
 * rather than what it says: C0 controls (CR, LF, ESC, BEL...), DEL, C1 controls, the line and
 * paragraph separators, bidirectional marks, embeddings, overrides and isolates (the "Trojan
 * Source" characters), the byte-order mark, or a lone UTF-16 surrogate (not a character at all:
 * it cannot be stored as UTF-8 and would come back as U+FFFD). Multi-line text (an HTTP body
 * template, a secret such as a PEM private key) may also hold tab, LF and CR.
 *
 * Nor characters that show nothing, so that two names that look the same are the same: the whole
 * Unicode format class Cf (zero-width space and joiners U+200B-U+200D, word joiner U+2060,
 * soft hyphen U+00AD, U+180E, interlinear annotation U+FFF9-U+FFFB, the tag characters
 * U+E0001 and U+E0020-U+E007F, ...; this also refuses emoji sequences joined by U+200D), the
 * blank fillers (Hangul U+115F, U+1160, U+3164, U+FFA0, braille blank U+2800), the invisible
 * combining marks U+034F, U+17B4, U+17B5, and the unassigned code points Unicode reserves as
 * default-ignorable (U+2065, U+FFF0-U+FFF8, U+E0000-U+E0FFF). Variation selectors
 * (U+FE00-U+FE0F, U+E0100-U+E01EF, Mongolian U+180B-U+180D, U+180F) stay allowed: emoji and
 * some scripts need them.
 *
 * Messages name the character by code point and never quote the text (it may be a secret).
 */
import { z } from "zod";

export type TextKind = "line" | "multiline";

const MULTILINE_ALLOWED = new Set([0x09, 0x0a, 0x0d]);

function forbidden(cp: number): string | undefined {
  if (cp >= 0x20 && cp < 0x7f) return undefined; // printable ASCII: the common case, decided at once
  if (cp <= 0x1f || cp === 0x7f || (cp >= 0x80 && cp <= 0x9f)) return "a control character";
  if (cp === 0x2028 || cp === 0x2029) return "a line or paragraph separator";
  if (
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  ) {
    return "a bidirectional control character";
  }
  if (cp === 0xfeff) return "a byte-order mark";
  if (cp >= 0xd800 && cp <= 0xdfff) return "an unpaired surrogate (not a valid character)";
  if (FILLERS.has(cp)) return "an invisible filler character";
  if (FORMAT.test(String.fromCodePoint(cp)) || isReservedIgnorable(cp)) return "an invisible format character";
  return undefined;
}

/** Blank-rendering letters and symbols, and invisible combining marks (not in class Cf). */
const FILLERS = new Set([0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0x034f, 0x17b4, 0x17b5]);
const FORMAT = /^\p{Cf}$/u;

/** Unassigned today, reserved by Unicode as default-ignorable: invisible once assigned. */
function isReservedIgnorable(cp: number): boolean {
  return (
    cp === 0x2065 ||
    (cp >= 0xfff0 && cp <= 0xfff8) ||
    (cp >= 0xe0000 && cp <= 0xe0fff && !(cp >= 0xe0100 && cp <= 0xe01ef))
  );
}

/** `\uXXXX`, as two UTF-16 escapes beyond the BMP: the quoted text stays valid JSON. */
function escaped(ch: string): string {
  let out = "";
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")}`;
  return out;
}

/**
 * `json` (a JSON-encoded string, whose C0 controls and lone surrogates JSON already escaped)
 * with every other character refused above written as \uXXXX: a message quoting a value then
 * shows what it holds, and cannot reorder or hide the text around it on a terminal or in a log.
 */
export function escapeRefused(json: string): string {
  let out = "";
  for (const ch of json) {
    const cp = ch.codePointAt(0)!;
    out += forbidden(cp) ? escaped(ch) : ch;
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a UTF-16 surrogate that is not half of a pair. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `value` may not be stored as text of this kind, or undefined when it may. */
export function textProblem(value: string, kind: TextKind = "line"): string | undefined {
  let at = 0;
  // for...of walks code points; a lone surrogate comes out on its own.
  for (const ch of value) {
    at++;
    const cp = ch.codePointAt(0)!;
    if (kind === "multiline" && MULTILINE_ALLOWED.has(cp)) continue;
    const what = forbidden(cp);
    if (what)
      return `contains ${what} (${hex(cp)}) at character ${at}; text may not hold control, bidirectional, invisible (format or filler) or unpaired surrogate characters`;
  }
  return undefined;
}

/** A zod string that refuses what `textProblem` refuses. */
export function textSchema(kind: TextKind = "line") {
  return z.string().superRefine((value, ctx) => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** A display name: 1 to `max` characters of one-line text, no leading or trailing whitespace. */
export function nameSchema(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      const problem =
        textProblem(value, "line") ?? (/^\s|\s$/u.test(value) ? "must not start or end with whitespace" : undefined);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}
