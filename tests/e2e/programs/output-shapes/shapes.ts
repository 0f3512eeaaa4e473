/**
 * Run-time checks that an output's value has its declared type, for the output-types program.
 * Each check logs `shape <label>: ok` when the value is known and fits, and throws (failing the
 * preview or update) when it does not. Values are never printed (some are secrets): only their
 * shape.
 */
import * as pulumi from "@pulumi/pulumi";

export type Check = (v: unknown) => boolean;

export const str: Check = (v) => typeof v === "string";
export const num: Check = (v) => typeof v === "number";
export const bool: Check = (v) => typeof v === "boolean";
export const absent: Check = (v) => v === undefined;
export const arr =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);
export const rec =
  (value: Check): Check =>
  (v) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every(value);
export const opt =
  (inner: Check): Check =>
  (v) =>
    v === undefined || inner(v);
export const oneOf =
  (...cs: Check[]): Check =>
  (v) =>
    cs.some((c) => c(v));
/** An object with these fields (optional ones wrapped in `opt`), and no others. */
export const obj =
  (fields: Record<string, Check>): Check =>
  (v) =>
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.keys(v).every((k) => k in fields) &&
    Object.entries(fields).every(([k, c]) => c((v as Record<string, unknown>)[k]));

/** A value's shape, for the error message: types only, never values. */
export function shapeOf(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(shapeOf).join(", ")}]`;
  if (v !== null && typeof v === "object")
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${shapeOf(x)}`)
      .join(", ")} }`;
  return v === null ? "null" : typeof v;
}

/** Checks `output` against `check` whenever it is known; the result is the stack output. */
export function expectShape<T>(label: string, output: pulumi.Output<T>, check: Check): pulumi.Output<string> {
  return output.apply((v) => {
    if (!check(v)) throw new Error(`output ${label} does not have its declared type: got ${shapeOf(v)}`);
    void pulumi.log.info(`shape ${label}: ok`);
    return "ok";
  });
}
