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

type Tags = "*" | { weak: boolean; tag: string }[];

/** The entity tags of an `If-Match` or `If-None-Match` value, "*" for any, or a 400 when it is not one of those. */
export function parseIfMatch(header: string, name: "If-Match" | "If-None-Match" = "If-Match"): Tags {
  if (header.trim() === "*") return "*";
  const tags = header
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
  if (!tags.length || !tags.every((t) => ENTITY_TAG.test(t))) {
    throw new ErrorResponse(400, {
      detail: `${name} must be * or a comma-separated list of quoted entity tags, as in the ETag header (e.g. "abc")`,
      header: name,
    });
  }
  return tags.map((t) => ({ weak: t.startsWith("W/"), tag: t.replace(/^W\//, "") }));
}

function headerValue(req: FastifyRequest, name: "if-match" | "if-none-match"): string | undefined {
  const raw = req.headers[name];
  return raw === undefined ? undefined : Array.isArray(raw) ? raw.join(", ") : raw;
}

/** `If-None-Match` on a GET that matches the current ETag (weak comparison): the client's copy is current. */
export function notModified(req: FastifyRequest, etag: string): boolean {
  const raw = headerValue(req, "if-none-match");
  if (raw === undefined) return false;
  const wanted = parseIfMatch(raw, "If-None-Match");
  return wanted === "*" || wanted.some((w) => w.tag === etag);
}

/**
 * The request's preconditions (`If-Match`, then `If-None-Match`, as RFC 9110 section 13.2.2
 * orders them), or undefined when it has neither. `what` names the resource in the 412
 * ("connection <id>"); `reply` receives the current ETag with the 412 so a client can re-read
 * knowing what changed. The precondition runs on a resource that exists (404/403 come first),
 * so `If-None-Match: *` always fails here: a write "only if absent" of something present. (A
 * create makes a new resource with a new id: there, "only if absent" always holds.)
 */
export function ifMatch(req: FastifyRequest, reply: FastifyReply, what: string): Precondition | undefined {
  const match = headerValue(req, "if-match");
  const noneMatch = headerValue(req, "if-none-match");
  if (match === undefined && noneMatch === undefined) return undefined;
  const wanted = match === undefined ? undefined : parseIfMatch(match);
  const unwanted = noneMatch === undefined ? undefined : parseIfMatch(noneMatch, "If-None-Match");
  return (current) => {
    const etag = etagOf(current);
    // `*`: true whenever there is a current representation, which a found resource has.
    // Strong comparison: a weak tag never matches.
    if (wanted !== undefined && wanted !== "*" && !wanted.some((w) => !w.weak && w.tag === etag)) {
      reply.header("ETag", etag);
      throw new ErrorResponse(412, {
        detail: `${what} has changed since the ETag in If-Match was issued (the current one is in this response's ETag header); read it again, reapply your change and retry`,
        header: "If-Match",
      });
    }
    // Weak comparison (RFC 9110 section 13.1.2): W/"x" and "x" are the same version here.
    if (unwanted !== undefined && (unwanted === "*" || unwanted.some((w) => w.tag === etag))) {
      reply.header("ETag", etag);
      throw new ErrorResponse(412, {
        detail:
          unwanted === "*"
            ? `${what} exists, and If-None-Match: * asks for the write only if it does not; nothing was written`
            : `${what} is at a version the If-None-Match header lists (its ETag is in this response's ETag header); nothing was written`,
        header: "If-None-Match",
      });
    }
  };
}

/** Sends `{data}` with its ETag; a GET whose `If-None-Match` lists that ETag gets 304 and no body. */
export function sendTagged(reply: FastifyReply, status: number, data: unknown): FastifyReply {
  const etag = etagOf(data);
  if (reply.request.method === "GET" && status === 200 && notModified(reply.request, etag))
    return reply.header("ETag", etag).code(304).send();
  return send(reply.header("ETag", etag), status, { data });
}
