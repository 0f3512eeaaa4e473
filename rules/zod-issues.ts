/**
 * Turning zod's issues into ours: the same path, a sentence a user understands, and (in
 * `PREVIEW` mode only) no issue for a value that is still unknown (`pathHitsUnknown`).
 */
import type { z } from "zod";
import { RuleIssue, quote } from "./issue";
import { PREVIEW, RuleMode } from "./mode";
import { pathHitsUnknown } from "./unknown";

type ZodIssue = z.core.$ZodIssue;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describe(issue: ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  // A message a rule wrote itself (not zod's default wording) is already the right sentence.
  if (!/^(Too (small|big)|Invalid|Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return "is required";
      return `must be ${article(issue.expected)}, not ${describeType(value)}`;
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => quote(k)).join(", ")}`;
    case "too_small":
      if (issue.origin === "string")
        return issue.minimum === 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
      if (issue.origin === "array")
        return `must have at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`;
      return issue.message;
    case "too_big":
      if (issue.origin === "string") return `is longer than ${issue.maximum} characters`;
      if (issue.origin === "array")
        return `may have at most ${issue.maximum} entries (got ${(value as unknown[]).length})`;
      return issue.message;
    case "invalid_value":
      return `${quote(value)} is not one of ${issue.values.map((v) => quote(v)).join(", ")}`;
    default:
      // Our own rules (custom checks, regexes with a message) already speak in full sentences.
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return article(typeof value);
}

/** Parse `input` with `schema`; return our issues (none when valid), in preview skipping unknown values. */
export function zodIssues(schema: z.ZodType, input: unknown, mode: RuleMode | undefined): RuleIssue[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !(mode === PREVIEW && pathHitsUnknown(input, issue.path)))
    .map((issue) => ({
      path: issue.path.map((k) => (typeof k === "symbol" ? String(k) : k)),
      message: describe(issue, input),
    }));
}
