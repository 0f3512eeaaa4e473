import { holdsSecretValue, SECRET_PLACEHOLDER } from "./secret-values";
import { escapeRefused } from "./text";

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

/**
 * Quote a user value for a message, shortened so a huge input cannot flood the output; a value
 * that is or holds a secret of the current scope (./secret-values.ts) is `[secret]` instead.
 */
export function quote(value: unknown, max = 80): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    // Too deep for JSON.stringify (a program's value; request bodies are depth-limited first).
    text = Array.isArray(value) ? "[…]" : "{…}";
  }
  if (holdsSecretValue(text)) return SECRET_PLACEHOLDER;
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return escapeRefused(JSON.stringify(short));
}
