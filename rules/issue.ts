/** One broken rule: where (a path into the validated value) and what (a sentence). */
export interface RuleIssue {
  path: (string | number)[];
  message: string;
}

/** `["tags", 1]` -> `tags[1]`; `["integration", "tokens", 0, "name"]` -> `integration.tokens[0].name`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** `tags[1] "env:staging:east": exactly one ':' is allowed` */
export function formatIssue(issue: RuleIssue): string {
  const where = formatPath(issue.path);
  return where === "" ? issue.message : `${where} ${issue.message}`;
}

/** Quote a user value for a message, shortened so a huge input cannot flood the output. */
export function quote(value: unknown, max = 80): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep for JSON.stringify (a program's value; request bodies are depth-limited first).
    text = Array.isArray(value) ? "[…]" : "{…}";
  }
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  // JSON escapes C0 controls and lone surrogates; the other characters text.ts refuses (DEL, C1,
  // separators, bidi controls, BOM) would reach a terminal or log raw, so they are escaped too.
  return JSON.stringify(short).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

const INVISIBLE = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
