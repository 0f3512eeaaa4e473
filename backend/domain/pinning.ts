/**
 * A connection's editor can always delete it and change it, whatever groups it is in. Nobody
 * can pin someone else's connection by putting it in a group they alone may edit.
 *
 * On a change of what a group's rules read of the member (its integration, its values of the
 * group's identifier keys), for each group it is in:
 * - the caller may view the group and every other member: the rules decide. A group they may
 *   edit that would break: 409 naming the group, nothing written (they can fix the group
 *   themselves); a group they may only view: the membership ends;
 * - the group or one of its other members is hidden from the caller: the membership ends,
 *   whatever the new values (deciding by the rules would tell them whether a hidden member holds
 *   those values, which resolve hides).
 * An ended membership is recorded on the group (`removed_members`, domain/group-view.ts), and
 * the change's answer says so (`LeftGroups`: the ids of the groups the caller may view, and
 * whether it left others). Removing a member never makes a group invalid.
 * On delete: a group the caller may edit is a 409 (remove it first); any other group loses the
 * member, and the caller is told nothing about those groups.
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
import { identifierFactsChange, memberPathToWire, membershipIssues } from "./group-members";
import { resourceId, viewable } from "./permissions";
import { connectionLabel } from "./views";

/**
 * Why `group` would become invalid with `next` in place of the member, or undefined; "undecided"
 * when that depends on members the caller may not view (or on a group they may not view): the
 * answer must not depend on their values, so it is not computed.
 */
async function breaks(
  ctx: Context,
  tx: Queryable,
  caller: Caller,
  group: GroupRow,
  groupVisible: boolean,
  next: ConnectionRow,
): Promise<string | undefined | "undecided"> {
  if (!groupVisible) return "undecided";
  const visible = await viewable(ctx, tx, caller, "connection", group.members);
  if (group.members.some((m) => m !== next.id && !visible.has(m))) return "undecided";
  // The other members' rule facts only: nothing of theirs is decrypted.
  const others = await ctx.connections.memberRows(
    tx,
    group.members.filter((m) => m !== next.id),
  );
  const members = group.members.map((m) => (m === next.id ? next : others.get(m)!));
  const issues = membershipIssues(group, members);
  return issues.length
    ? issues.map((i) => formatIssue({ ...i, path: memberPathToWire(i.path) })).join("; ")
    : undefined;
}

/** What a change told its caller about the groups the connection left (domain/pinning.ts). */
export interface LeftGroups {
  /** The groups it left that the caller may view. */
  left_groups: string[];
  /** It also left groups the caller may not view (how many is not said). */
  left_groups_you_cannot_view: boolean;
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
): Promise<LeftGroups | undefined> {
  const groups = await ctx.groups.containing(tx, stored.id);
  if (!groups.length) return undefined;
  const policies = await ctx.policies.getMany(
    tx,
    groups.map((g) => resourceId("connection-group", g.id)),
  );
  const relation = (g: GroupRow) => relationOf(caller, policies.get(resourceId("connection-group", g.id)));
  const label = quote(connectionLabel(stored));
  const release: GroupRow[] = [];
  const blocking: GroupRow[] = [];
  for (const group of groups) {
    const editable = atLeast(relation(group), "editor");
    if (next) {
      // A change the group's rules do not read (name, secrets, other tags) never affects it.
      if (!identifierFactsChange(group, stored, next)) continue;
      const why = await breaks(ctx, tx, caller, group, atLeast(relation(group), "viewer"), next);
      if (why === undefined) continue;
      if (why !== "undecided" && editable)
        throw conflict(
          `connection ${label} cannot be changed this way: it is a member of group ${quote(group.name)} (${group.id}), which would become invalid: ${why}`,
        );
      // Undecided (hidden members or a hidden group): it leaves, whatever the new values.
      release.push(group);
    } else {
      (editable ? blocking : release).push(group);
    }
  }
  if (blocking.length) {
    throw conflict(
      `connection ${label} is still a member of ${blocking.map((g) => `group ${quote(g.name)} (${g.id})`).join(", ")}; remove it from the group first`,
    );
  }
  if (!release.length) return undefined;
  const policy = await ctx.policies.get(tx, resourceId("connection", stored.id));
  const reason: RemovalReason = next ? "connection_changed" : "connection_deleted";
  const removedAt = new Date().toISOString();
  for (const group of release)
    await ctx.removedMembers.remove(tx, { groupId: group.id, connectionId: stored.id, policy, reason, removedAt });
  const seen = release.filter((g) => atLeast(relation(g), "viewer"));
  return { left_groups: seen.map((g) => g.id), left_groups_you_cannot_view: seen.length < release.length };
}
