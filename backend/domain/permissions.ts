/**
 * Permission checks on connections and groups, with messages that name the user, the
 * resource, the missing relation and what it was needed for. A resource the caller cannot even
 * view answers 404, as if it did not exist (no leak of its existence), also when it is named as
 * a group member; one they may view but not resolve is a 403 there (Datadog documents 403
 * Forbidden for adding a connection without Resolver permission).
 */
import { Caller } from "../auth/authenticate";
import { Binding, Relation, atLeast, relationOf } from "../auth/caller-relation";
import type { Queryable } from "../storage/database";
import { ErrorResponse } from "../errors/error-response";
import type { Context } from "./context";
import { PolicyKind, policyResourceId } from "pulumi-workflow-connections-rules";

export type ResourceKind = PolicyKind;
export const resourceId = policyResourceId;

export async function relationOn(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  kind: ResourceKind,
  id: string,
): Promise<Relation | undefined> {
  return relationOf(caller, await ctx.policies.get(q, resourceId(kind, id)));
}

export function denied(
  caller: Caller,
  kind: ResourceKind,
  id: string,
  need: Relation,
  have: Relation | undefined,
  consequence: string,
): ErrorResponse {
  const has = have ? ` (only ${have})` : "";
  return new ErrorResponse(403, {
    detail: `user "${caller.user.id}" has no ${need} permission on ${resourceId(kind, id)}${has}, so ${consequence}`,
  });
}

export function notFoundError(kind: ResourceKind, id: string): ErrorResponse {
  const what = kind === "connection" ? "connection" : "connection group";
  return new ErrorResponse(404, { detail: `${what} ${id} not found` });
}

/** The caller's relation on each of `ids`, in one query (a group's thousands of members: not one query each). */
export async function relationsOn(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  kind: ResourceKind,
  ids: readonly string[],
): Promise<Map<string, Relation | undefined>> {
  const policies = await ctx.policies.getMany(
    q,
    ids.map((id) => resourceId(kind, id)),
  );
  return new Map(ids.map((id) => [id, relationOf(caller, policies.get(resourceId(kind, id)))]));
}

/** Which of `ids` the caller may view (one query): messages name only those. */
export async function viewable(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  kind: ResourceKind,
  ids: readonly string[],
): Promise<Set<string>> {
  const policies = await ctx.policies.getMany(
    q,
    ids.map((id) => resourceId(kind, id)),
  );
  return new Set(ids.filter((id) => atLeast(relationOf(caller, policies.get(resourceId(kind, id))), "viewer")));
}

/**
 * As `requireRelation`, for a resource read together with its policy (`found` undefined: it
 * does not exist): visibility is decided before anything else of it is used or decrypted.
 */
export function requireRelationOf(
  caller: Caller,
  kind: ResourceKind,
  id: string,
  found: { policy: Binding[] | undefined } | undefined,
  need: Relation,
  consequence: string,
): Relation {
  const have = found ? relationOf(caller, found.policy) : undefined;
  if (!found || !atLeast(have, "viewer")) throw notFoundError(kind, id);
  if (!atLeast(have, need)) throw denied(caller, kind, id, need, have, consequence);
  return have!;
}

/** Require `need` on a resource that exists; 404 when the caller cannot view it. */
export async function requireRelation(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  kind: ResourceKind,
  id: string,
  need: Relation,
  consequence: string,
): Promise<Relation> {
  const have = await relationOn(ctx, q, caller, kind, id);
  if (!atLeast(have, "viewer")) throw notFoundError(kind, id);
  if (!atLeast(have, need)) throw denied(caller, kind, id, need, have, consequence);
  return have!;
}
