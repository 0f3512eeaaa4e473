/**
 * The client's one addition to the wire contract (the names are the rules package's): an
 * id encoded as one URL path segment.
 */

/** One URL path segment, encoded; empty ids are refused rather than hitting a collection route. */
export function segment(what: string, id: string): string {
  if (typeof id !== "string" || id.trim() === "") throw new TypeError(`${what} must be a non-empty string`);
  return encodeURIComponent(id);
}
