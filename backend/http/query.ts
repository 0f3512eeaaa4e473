/**
 * Query parameters in the JSON:API bracket style (`filter[tags]=env:prod`, `page[size]=50`,
 * `identifiers[env]=prod`), read from the raw query string object (node's parser leaves the
 * brackets in the keys). Unknown parameters are refused, so a typo is not silently ignored.
 */
import { quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";

export type Query = Record<string, string | string[] | undefined>;

export function checkKnown(query: Query, known: (key: string) => boolean): void {
  const unknown = Object.keys(query).filter((k) => !known(k));
  if (unknown.length)
    throw new ErrorResponse(400, {
      detail: `unknown query parameter ${quote(unknown[0])}`,
      ...(unknown[0].length <= 80 ? { parameter: unknown[0] } : {}),
    });
}

export function single(query: Query, key: string): string | undefined {
  const value = query[key];
  if (Array.isArray(value))
    throw new ErrorResponse(400, { detail: `query parameter ${key} may be given once`, parameter: key });
  return value;
}

export function many(query: Query, key: string): string[] {
  const value = query[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function integer(query: Query, key: string, fallback: number, min: number, max: number): number {
  const raw = single(query, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new ErrorResponse(400, {
      detail: `${key} must be a whole number from ${min} to ${max}, not ${quote(raw)}`,
      parameter: key,
    });
  return n;
}

export const MAX_PAGE_SIZE = 100;

export function page(query: Query): { size: number; number: number } {
  return {
    size: integer(query, "page[size]", 50, 1, MAX_PAGE_SIZE),
    number: integer(query, "page[number]", 0, 0, 1_000_000),
  };
}

/** `identifiers[env]=prod&identifiers[region]=eu` -> `{ env: "prod", region: "eu" }`. */
export function bracketed(query: Query, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(query)) {
    const match = new RegExp(`^${name}\\[(.+)\\]$`).exec(key);
    if (match) out[match[1]] = single(query, key) ?? "";
  }
  return out;
}
