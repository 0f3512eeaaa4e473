/**
 * A connection's editor can always delete it and change it, whatever groups it is in. Nobody
 * can pin someone else's connection by putting it in a group they alone may edit.
 *
 * - A group the caller may edit, that the delete or change would break: 409 naming the group,
 *   as before (they can fix the group themselves), and nothing is written.
 * - A group the caller may not edit (they may not even view it): the membership ends, in the
 *   same transaction as the delete or change, and is recorded on the group
 *   (`removed_members`, domain/group-view.ts). Removing a member never makes a group invalid.
 *   The caller is told nothing about those groups (not their number either).
 * A change that leaves a group valid leaves its membership alone.
 */
import { formatIssue, quote } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { atLeast, relationOf } from "../auth/caller-relation";
import { conflict } from "../errors/error-response";
import type { Queryable } from "../storage/database";
import type { ConnectionRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import type { RemovalReason } from "../storage/removed-members-table";
import type { Context } from "./context";
import { memberPathToWire, membershipIssues } from "./group-members";
import { resourceId, viewable } from "./permissions";
import { connectionLabel } from "./views";

/** Why `group` would become invalid with `next` in place of the member, or undefined. */
async function breaks(
  ctx: Context,
  tx: Queryable,
  caller: Caller,
  group: GroupRow,
  next: ConnectionRow,
): Promise<string | undefined> {
  // The other members' rule facts only: nothing of theirs is decrypted.
  const others = await ctx.connections.memberRows(
    tx,
    group.members.filter((m) => m !== next.id),
  );
  const visible = await viewable(ctx, tx, caller, "connection", group.members);
  const row = (m: string) => (m === next.id ? next : others.get(m)!);
  const shown = group.members.filter((m) => m === next.id || visible.has(m)).map(row);
  const hidden = group.members.filter((m) => m !== next.id && !visible.has(m)).map(row);
  const issues = membershipIssues(group, shown, hidden);
  return issues.length
    ? issues.map((i) => formatIssue({ ...i, path: memberPathToWire(i.path) })).join("; ")
    : undefined;
}

/**
 * Before `stored` is deleted (`next` undefined) or replaced by `next`, inside the write's
 * transaction: 409 for a group the caller may edit that this would break; the membership ended
 * and recorded for every other group this would break (on delete: every group it is in).
 */
export async function releaseFromGroups(
  ctx: Context,
  tx: Queryable,
  caller: Caller,
  stored: ConnectionRow,
  next?: ConnectionRow,
): Promise<void> {
  const groups = await ctx.groups.containing(tx, stored.id);
  if (!groups.length) return;
  const policies = await ctx.policies.getMany(
    tx,
    groups.map((g) => resourceId("connection-group", g.id)),
  );
  const editable = (g: GroupRow) =>
    atLeast(relationOf(caller, policies.get(resourceId("connection-group", g.id))), "editor");
  const label = quote(connectionLabel(stored));
  const release: GroupRow[] = [];
  const blocking: GroupRow[] = [];
  for (const group of groups) {
    if (next) {
      const why = await breaks(ctx, tx, caller, group, next);
      if (!why) continue;
      if (editable(group))
        throw conflict(
          `connection ${label} cannot be changed this way: it is a member of group ${quote(group.name)} (${group.id}), which would become invalid: ${why}`,
        );
      release.push(group);
    } else {
      (editable(group) ? blocking : release).push(group);
    }
  }
  if (blocking.length) {
    throw conflict(
      `connection ${label} is still a member of ${blocking.map((g) => `group ${quote(g.name)} (${g.id})`).join(", ")}; remove it from the group first`,
    );
  }
  if (!release.length) return;
  const policy = await ctx.policies.get(tx, resourceId("connection", stored.id));
  const reason: RemovalReason = next ? "connection_changed" : "connection_deleted";
  const removedAt = new Date().toISOString();
  for (const group of release)
    await ctx.removedMembers.remove(tx, { groupId: group.id, connectionId: stored.id, policy, reason, removedAt });
}
