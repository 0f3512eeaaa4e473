/**
 * Groups as a caller sees them. Hidden members (connections the caller may not view) are left
 * out of `connection_ids` everywhere, so a group tells nobody the id, the existence or the number
 * of connections they cannot view. A group's editors also get `removed_members`: memberships a
 * connection's editor ended (domain/pinning.ts), each with the connection id only when the
 * reader could view that connection when it was removed.
 */
import { atLeast, callerPrincipals, Relation } from "../auth/caller-relation";
import { relationUnder } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import type { Queryable } from "../storage/database";
import type { GroupRow } from "../storage/groups-table";
import type { RemovedMember } from "../storage/removed-members-table";
import type { Context } from "./context";
import { requireRelationOf, viewable } from "./permissions";
import { RemovedMemberView, groupView } from "./views";

function removedView(caller: Caller, entries: readonly RemovedMember[]): RemovedMemberView[] {
  const principals = callerPrincipals(caller);
  return entries.map((e) => ({
    ...(atLeast(relationUnder(principals, e.policy), "viewer") ? { connection_id: e.connectionId } : {}),
    reason: e.reason,
    removed_at: e.removedAt,
  }));
}

/** Views of `groups` for `caller`, whose relation on each is given; two queries for any number. */
export async function groupViewsFor(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  groups: readonly { row: GroupRow; relation: Relation | undefined }[],
) {
  const ids = [...new Set(groups.flatMap((g) => g.row.members))];
  const visible = await viewable(ctx, q, caller, "connection", ids);
  const edited = groups.filter((g) => atLeast(g.relation, "editor")).map((g) => g.row.id);
  const removed = await ctx.removedMembers.latest(q, edited);
  return groups.map(({ row, relation }) =>
    groupView(
      row,
      row.members.filter((m) => visible.has(m)),
      atLeast(relation, "editor") ? removedView(caller, removed.get(row.id) ?? []) : undefined,
    ),
  );
}

export async function groupViewFor(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  row: GroupRow,
  relation: Relation | undefined,
) {
  return (await groupViewsFor(ctx, q, caller, [{ row, relation }]))[0];
}

/** A stored group's members split by what `caller` may view (in the group's order). */
export async function splitMembers(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  row: GroupRow,
): Promise<{ shown: string[]; hidden: string[] }> {
  const visible = await viewable(ctx, q, caller, "connection", row.members);
  return { shown: row.members.filter((m) => visible.has(m)), hidden: row.members.filter((m) => !visible.has(m)) };
}

/**
 * The group `id` with `caller`'s relation on it, or 404 (missing, or hidden from the caller) /
 * 403 (below `need`). Visibility is decided from the policy read with the group row, before any
 * member is read: a hidden group's 404 costs what a missing one's does, whatever its size. With
 * `members: false` the member list is left empty (not read).
 */
export async function findGroup(
  ctx: Context,
  q: Queryable,
  caller: Caller,
  id: string,
  need: Relation,
  consequence: string,
  options: { members?: boolean } = {},
): Promise<{ row: GroupRow; relation: Relation }> {
  const found = await ctx.groups.find(q, id);
  const relation = requireRelationOf(caller, "connection-group", id, found, need, consequence);
  const row = found!.row;
  if (options.members !== false) row.members = await ctx.groups.members(q, id);
  return { row, relation };
}
