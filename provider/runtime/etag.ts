/**
 * Optimistic concurrency for updates. State keeps the ETag of the connection or group as the
 * provider last wrote or read it (output `etag`); an update sends it as `If-Match`, so a change
 * made outside this stack since then (another user's edit, the backend taking a connection out of
 * a group) is not silently overwritten: the backend answers 412, nothing is written, and the
 * update stops asking for a refresh (explain.ts). A target that sends no ETag (a Datadog site)
 * leaves `etag` out of state, and updates go as they always did.
 */
import type { WriteConditions } from "../../client";

/** `outs` with the ETag of what was just written or read, when the target sent one. */
export function withEtag<T extends object>(outs: T, remote: { etag?: string }): T & { etag?: string } {
  return remote.etag ? { ...outs, etag: remote.etag } : outs;
}

/** The update's precondition: the ETag state holds (none from a target without ETags, or older state). */
export function ifMatchFrom(olds: object): WriteConditions {
  const etag = (olds as { etag?: unknown }).etag;
  return typeof etag === "string" && etag !== "" ? { ifMatch: etag } : {};
}

/** What to do about a 412 (explain.ts adds it to the message). */
export const STALE_ADVICE =
  "it was changed outside this stack since Pulumi last read it, and nothing was written; run `pulumi refresh` (or `pulumi up --refresh`) to take in that change, review the diff, and run `pulumi up` again";
