/**
 * ETags of single resources (the local backend sends them on connections, groups and
 * restriction policies; Datadog's API sends none). A caller passes one back as `ifMatch` to
 * write only if nobody changed the resource since it was read; the server answers 412
 * (PreconditionFailedError) otherwise.
 */

/** Options of a conditional write. */
export interface WriteConditions {
  /** Send `If-Match`: write only if the resource's current ETag is this one (or `*`: if it exists). */
  ifMatch?: string;
}

/** The response's strong ETag (`"..."`), or undefined (none sent, or only a weak one: `W/"..."` can never match). */
export function etagFrom(headers: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== "etag") continue;
    const v = String(Array.isArray(value) ? value[0] : value).trim();
    return /^"[^"]*"$/.test(v) ? v : undefined;
  }
  return undefined;
}
