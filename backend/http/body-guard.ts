/**
 * One guard for every request body, run right after JSON parsing and before any route sees it.
 * It walks the parsed value iteratively (an explicit stack, never recursion, so no input can
 * overflow the call stack) and refuses, with a 400 naming the place:
 * - nesting deeper than `MAX_BODY_DEPTH` (no API body is deeper than ~8), checked before
 *   descending, so nothing downstream (zod, JSON.stringify in messages) meets a deep value;
 * - the keys `__proto__`, `constructor` and `prototype` at any depth: merged into stored
 *   objects (PATCH) they could reach an object's prototype;
 * - NUL (PostgreSQL text cannot hold it) and unpaired surrogates (not characters: UTF-8
 *   storage would turn them into U+FFFD), in keys and values, so what is stored is what was sent.
 * Per-field rules (other control characters, lengths...) are the rules module's.
 */
import { formatPath, hasLoneSurrogate } from "pulumi-workflow-connections-rules";
import { ErrorResponse, pointer } from "../errors/error-response";

export const MAX_BODY_DEPTH = 32;
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function stringProblem(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000), which no field accepts";
  if (hasLoneSurrogate(text))
    return "contains an unpaired UTF-16 surrogate, which is not a character and cannot be stored";
  return undefined;
}

/** Throws the first problem found (as a 400 with its JSON pointer); returns the value unchanged. */
export function guardBody(body: unknown): unknown {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: body, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    const where = path.length ? formatPath(path) : "the request body";
    if (typeof value === "string") {
      const problem = stringProblem(value);
      if (problem) throw new ErrorResponse(400, { detail: `${where} ${problem}`, pointer: pointer(path) });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_BODY_DEPTH) {
      throw new ErrorResponse(400, {
        detail: `the request body is nested more than ${MAX_BODY_DEPTH} levels deep; no field of this API is`,
        pointer: pointer(path),
      });
    }
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    for (const [key, child] of entries) {
      if (typeof key === "string") {
        if (PROTOTYPE_KEYS.has(key)) {
          throw new ErrorResponse(400, {
            detail: `${where} has the key "${key}", which no field of this API uses and which is refused at any depth`,
            pointer: pointer([...path, key]),
          });
        }
        const problem = stringProblem(key);
        if (problem) throw new ErrorResponse(400, { detail: `a key in ${where} ${problem}`, pointer: pointer(path) });
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return body;
}
