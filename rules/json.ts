/** Reading untyped JSON (request and response bodies) without trusting its shape. */
export type JsonObject = Record<string, unknown>;

/** A plain JSON object (not null, not an array). */
export const isObj = (v: unknown): v is JsonObject => v !== null && typeof v === "object" && !Array.isArray(v);

/** `{ data: { id, attributes } }` of a JSON:API document, or undefined. */
export function resourceOf(body: unknown): { id: string; attributes: JsonObject } | undefined {
  const data = isObj(body) ? body.data : undefined;
  if (!isObj(data) || typeof data.id !== "string") return undefined;
  return { id: data.id, attributes: isObj(data.attributes) ? data.attributes : {} };
}

/** The strings of a JSON array (anything else dropped); [] for a non-array. */
export const stringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
