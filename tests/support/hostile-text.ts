/**
 * Text a hostile target puts in names, token names, header names and values, tags and ids: each
 * entry tries one way out of a string literal or a `//` comment (or at the terminal), followed by
 * code that leaves a marker if it ever runs: it writes the file named by $HOSTILE_MARKER_FILE and
 * prints MARKER_TEXT (built when it runs: messages may quote the text, never the marker).
 */
export const MARKER_TEXT = "PWNED:42";

/** Code that leaves the marker; no double quotes, so a JSON-style escape of them does not spoil it. */
const PAYLOAD =
  ";require(`fs`).writeFileSync(process.env.HOSTILE_MARKER_FILE || `/dev/null`, `ran`);console.log([`PWNED`, 40 + 2].join(`:`));//";

/** Ways out, by name: the raw text that would end the literal, the comment, or fool the terminal. */
export const BREAKOUTS: Record<string, string> = {
  "line separator U+2028": "\u2028",
  "paragraph separator U+2029": "\u2029",
  newline: "\n",
  "carriage return": "\r",
  CRLF: "\r\n",
  "next line U+0085 (C1)": "\u0085",
  "block comment end": "*/",
  "double quote": '"',
  "backslash then quote": '\\"',
  "single quote": "'",
  "template literal": "`${",
  "ESC sequences": "\u001b[2J\u001b]0;title\u0007\u001b[31m",
  "bidi override U+202E": "\u202e",
  "bidi isolate U+2066": "\u2066",
  "zero width space U+200B": "\u200b",
  "byte order mark U+FEFF": "\ufeff",
  NUL: "\u0000",
  "lone surrogate": "\ud800",
};

/**
 * The hostile text for one way out: the breakout, then the payload, which ends in `//` so the rest
 * of the line cannot spoil the parse (were the breakout to work, the payload would run).
 */
export const hostile = (breakout: string, tag = "") => `x${tag}${breakout}${PAYLOAD}`;

/** True when a text holds a code point `generate` must never write or print raw. */
export const holdsUnsafeText = (text: string) => /[\p{C}\p{Z}]/u.test(text.replace(/[ \n]/g, ""));
