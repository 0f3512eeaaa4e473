/**
 * `last_updated` of a write: now, but always after the previous value, even for two writes in
 * the same millisecond (or a clock stepped back). ETags hash the representation, so a write
 * that changes only a secret (returned blank) still changes the ETag through this timestamp.
 */
export function updatedAfter(previous: string): string {
  const now = Date.now();
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}
