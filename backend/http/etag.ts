/**
 * Entity tags and `If-Match` (RFC 9110 sections 8.8.3 and 13.1.1) for connections, groups and
 * restriction policies, so two clients editing the same resource cannot silently overwrite each
 * other (a lost update): each reads the ETag, sends it back in `If-Match`, and the one whose
 * copy is stale gets 412 Precondition Failed.
 *
 * The ETag is strong: a hash of the representation the caller receives (the JSON:API `data`
 * object). Every write changes it, because every write of a connection or group moves its
 * `last_updated` forward (domain/timestamps.ts), and a policy's representation is its bindings.
 * It is computed from what the caller may see and nothing else, so it tells a caller nothing
 * about what they may not view (another caller may get another ETag for the same resource).
 * No schema change: nothing is stored.
 *
 * The precondition is evaluated inside the write's transaction, after the resource is found and
 * the caller's permission checked (a 404 or 403 wins over 412, as RFC 9110 section 13.2.1 wants:
 * preconditions are ignored when the request would fail without them), and before the request
 * body is judged. Two writes carrying the same `If-Match` are serialized by the transaction:
 * exactly one succeeds, the other gets 412.
 */
import crypto from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ErrorResponse } from "../errors/error-response";
import { send } from "./json-api";

import type { Precondition } from "../domain/precondition";

export type { Precondition };

/** JSON with object keys sorted: the stored JSON (jsonb) comes back with its keys reordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** `"<27 base64url characters>"`: the first 160 bits of SHA-256 of the representation's canonical JSON. */
export function etagOf(representation: unknown): string {
  const digest = crypto.createHash("sha256").update(canonical(representation)).digest("base64url");
  return `"${digest.slice(0, 27)}"`;
}

const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** The entity tags of an `If-Match` value, "*" for any, or a 400 when it is not one of those. */
export function parseIfMatch(header: string): "*" | { weak: boolean; tag: string }[] {
  if (header.trim() === "*") return "*";
  const tags = header
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (!tags.length || !tags.every((t) => ENTITY_TAG.test(t))) {
    throw new ErrorResponse(400, {
      detail: 'If-Match must be * or a comma-separated list of quoted entity tags, as in the ETag header (e.g. "abc")',
      header: "If-Match",
    });
  }
  return tags.map((t) => ({ weak: t.startsWith("W/"), tag: t.replace(/^W\//, "") }));
}

/**
 * The request's precondition, or undefined when it has no `If-Match`. `what` names the resource
 * in the 412 ("connection <id>"); `reply` receives the current ETag with the 412 so a client can
 * re-read knowing what changed.
 */
export function ifMatch(req: FastifyRequest, reply: FastifyReply, what: string): Precondition | undefined {
  const raw = req.headers["if-match"];
  if (raw === undefined) return undefined;
  const wanted = parseIfMatch(Array.isArray(raw) ? raw.join(", ") : raw);
  return (current) => {
    // `*`: true whenever there is a current representation, which a found resource has.
    if (wanted === "*") return;
    const etag = etagOf(current);
    // Strong comparison: a weak tag never matches.
    if (wanted.some((w) => !w.weak && w.tag === etag)) return;
    reply.header("ETag", etag);
    throw new ErrorResponse(412, {
      detail: `${what} has changed since the ETag in If-Match was issued (the current one is in this response's ETag header); read it again, reapply your change and retry`,
      header: "If-Match",
    });
  };
}

/** Sends `{data}` with its ETag. */
export function sendTagged(reply: FastifyReply, status: number, data: unknown): FastifyReply {
  return send(reply.header("ETag", etagOf(data)), status, { data });
}
