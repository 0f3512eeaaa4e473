/**
 * Identifier tags (what a workflow selects a group member by): `key:value` with exactly one colon; starts with a letter; then letters, digits, `_`,
 * `-`, `/`; `default` is reserved as a key and as a value. Datadog tags are at most 200 characters.
 *
 * The rules are checked in a fixed order and the first broken one is reported, so one tag gets
 * one precise message. "Letters" and "alphanumerics" are taken as ASCII, so identifier values
 * compare byte for byte wherever they are matched; case is significant, as it is in the value a
 * workflow passes to select a group member.
 */
import { quote } from "./issue";

export const MAX_TAG_LENGTH = 200;
export const RESERVED_TAG_WORD = "default";

const LETTER = /^[A-Za-z]/;
const ALLOWED_CHAR = /[A-Za-z0-9_\-/:]/;

/** Each rule an id (used by tests) and its message. */
export const TAG_RULES = {
  notString: "must be a string",
  tooLong: `is longer than ${MAX_TAG_LENGTH} characters`,
  noColon: "must have the form key:value (no ':' found)",
  extraColon: "exactly one ':' is allowed",
  firstChar: "must start with a letter",
  badChar: "may only contain letters, digits, '_', '-', '/' and one ':'",
  emptyValue: "needs a value after ':'",
  reservedKey: `'${RESERVED_TAG_WORD}' is reserved and cannot be a tag key`,
  reservedValue: `'${RESERVED_TAG_WORD}' is reserved and cannot be a tag value`,
} as const;
export type TagRule = keyof typeof TAG_RULES;

export const KEY_RULES = {
  notString: "must be a string",
  tooLong: `is longer than ${MAX_TAG_LENGTH - 2} characters`,
  hasColon: "is a tag key, so it may not contain ':'",
  firstChar: "must start with a letter",
  badChar: "may only contain letters, digits, '_', '-' and '/'",
  reservedKey: `'${RESERVED_TAG_WORD}' is reserved and cannot be a tag key`,
} as const;
export type KeyRule = keyof typeof KEY_RULES;

/** The first rule `tag` breaks, or undefined when it is a valid identifier tag. */
export function brokenTagRule(tag: unknown): TagRule | undefined {
  if (typeof tag !== "string") return "notString";
  if (tag.length > MAX_TAG_LENGTH) return "tooLong";
  const colons = tag.split(":").length - 1;
  if (colons === 0) return "noColon";
  if (colons > 1) return "extraColon";
  if (!LETTER.test(tag)) return "firstChar";
  if (![...tag].every((c) => ALLOWED_CHAR.test(c))) return "badChar";
  const [key, value] = splitTag(tag);
  if (value === "") return "emptyValue";
  if (key === RESERVED_TAG_WORD) return "reservedKey";
  if (value === RESERVED_TAG_WORD) return "reservedValue";
  return undefined;
}

/** The first rule a group's identifier tag key breaks, or undefined. */
export function brokenKeyRule(key: unknown): KeyRule | undefined {
  if (typeof key !== "string") return "notString";
  if (key.length > MAX_TAG_LENGTH - 2) return "tooLong";
  if (key.includes(":")) return "hasColon";
  if (!LETTER.test(key)) return "firstChar";
  if (![...key].every((c) => c !== ":" && ALLOWED_CHAR.test(c))) return "badChar";
  if (key === RESERVED_TAG_WORD) return "reservedKey";
  return undefined;
}

/** `"env:staging:east": exactly one ':' is allowed`, or undefined for a valid tag. */
export function tagProblem(tag: unknown): string | undefined {
  const rule = brokenTagRule(tag);
  return rule && `${quote(tag)}: ${TAG_RULES[rule]}`;
}

export function keyProblem(key: unknown): string | undefined {
  const rule = brokenKeyRule(key);
  return rule && `${quote(key)}: ${KEY_RULES[rule]}`;
}

/** Split a valid tag at its colon. */
export function splitTag(tag: string): [key: string, value: string] {
  const at = tag.indexOf(":");
  return [tag.slice(0, at), tag.slice(at + 1)];
}

/** The values a tag list holds for `key` (a valid connection has at most one per key in a group). */
export function valuesForKey(tags: readonly string[], key: string): string[] {
  return tags
    .filter((t) => typeof t === "string" && t.includes(":"))
    .map(splitTag)
    .filter(([k]) => k === key)
    .map(([, v]) => v);
}
