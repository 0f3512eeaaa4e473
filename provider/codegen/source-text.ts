/**
 * Text from the target on its way into generated source or onto a terminal. The target (any URL,
 * or anyone on the path of an `http://` one) chooses every name, tag, field and id, so none of it
 * may end a string literal or a comment, or drive the terminal: line terminators (LF, CR,
 * U+2028, U+2029, which end a `//` comment in JavaScript and TypeScript), C0 and C1 controls
 * (ESC starts terminal sequences), bidi overrides and every other Unicode format character (text
 * that reads differently from what runs), surrogates, private-use and unassigned code points, and
 * whitespace other than the space are written as `\uXXXX` escapes.
 */

/** A code point that must never appear raw in what `generate` writes or prints. */
const UNSAFE = /[\p{C}\p{Z}]/gu;

const hex4 = (unit: number) => `\\u${unit.toString(16).toUpperCase().padStart(4, "0")}`;

/** Every unsafe code point as `\uXXXX` escapes (one per UTF-16 unit); the space stays. */
function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) =>
    ch === " " ? ch : Array.from({ length: ch.length }, (_, i) => hex4(ch.charCodeAt(i))).join(""),
  );
}

/**
 * A double-quoted JavaScript/TypeScript string literal that evaluates to exactly `value` and
 * holds only printable characters (`"` and `\` escaped, the unsafe ones as `\uXXXX`). Backticks
 * and `${` are plain characters in a double-quoted literal.
 */
export function sourceString(value: string): string {
  return `"${escapeUnsafe(String(value).replace(/[\\"]/g, "\\$&"))}"`;
}

/**
 * Text for a `//` comment of the generated program: one line whatever it holds, and no `*` followed by `/`
 * either, so it cannot close a block comment a user wraps it in. Quote target values in it with
 * `sourceString` first, so a value's own quotes and backslashes read unambiguously.
 */
export function commentText(text: string): string {
  return escapeUnsafe(text).replace(/\*\//g, "*\\/");
}

/** Text for the terminal (stderr): the same rule, so no control sequence or bidi override reaches it. */
export function terminalText(text: string): string {
  return escapeUnsafe(text);
}
