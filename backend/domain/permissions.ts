/**
 * Permission checks on connections and groups, with messages that name the user, the
 * resource, the missing relation and what it was needed for. A resource the caller cannot even
 * view answers 404, as if it did not exist (no leak of its existence). The one exception is
 * adding a connection to a group: the product doc promises 403 Forbidden when Resolver is
 * missing, and the caller already named the id.
 */
import { Caller } from "../auth/authenticate";
import { Relation, atLeast, relationOf } from "../auth/access";
import type { Queryable } from "../storage/database";
import { ErrorResponse } from "../errors/error-response";
import type { Context } from "./context";
import { PolicyKind, policyResourceId } from "pulumi-workflow-connections-rules";

export type ResourceKind = PolicyKind;
export const resourceId = policyResourceId;

export async function relationOn(ctx: Context, q: Queryable, caller: Caller, kind: ResourceKind, id: string): Promise<Relation | undefined> {
  return relationOf(caller, await ctx.policies.get(q, resourceId(kind, id)));
}

export function denied(caller: Caller, kind: ResourceKind, id: string, need: Relation, have: Relation | undefined, consequence: string): ErrorResponse {
  const has = have ? ` (only ${have})` : "";
  return new ErrorResponse(403, { detail: `user "${caller.user.id}" has no ${need} permission on ${resourceId(kind, id)}${has}, so ${consequence}` });
}

export function notFoundError(kind: ResourceKind, id: string): ErrorResponse {
  const what = kind === "connection" ? "connection" : "connection group";
  return new ErrorResponse(404, { detail: `${what} ${id} not found` });
}

/** Which of `ids` the caller may view (one query): messages name only those. */
export async function viewable(ctx: Context, q: Queryable, caller: Caller, kind: ResourceKind, ids: readonly string[]): Promise<Set<string>> {
  const policies = await ctx.policies.getMany(q, ids.map((id) => resourceId(kind, id)));
  return new Set(ids.filter((id) => atLeast(relationOf(caller, policies.get(resourceId(kind, id))), "viewer")));
}

/** How messages name what the caller may not view (not even its name or id). */
export const HIDDEN = { connection: "a connection you cannot view", "connection-group": "a group you cannot view" } as const;

/** Require `need` on a resource that exists; 404 when the caller cannot view it. */
export async function requireRelation(
  ctx: Context, q: Queryable, caller: Caller, kind: ResourceKind, id: string, need: Relation, consequence: string,
): Promise<Relation> {
  const have = await relationOn(ctx, q, caller, kind, id);
  if (!atLeast(have, "viewer")) throw notFoundError(kind, id);
  if (!atLeast(have, need)) throw denied(caller, kind, id, need, have, consequence);
  return have!;
}
