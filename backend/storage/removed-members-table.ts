/** Rows of `group_removed_members` (migration 003): memberships ended by a connection's editor. */
import type { Queryable } from "./database";
import type { Binding } from "pulumi-workflow-connections-rules";

/** Why a membership ended: the connection was deleted, or changed so it no longer fit the group. */
export type RemovalReason = "connection_deleted" | "connection_changed";

export interface RemovedMember {
  groupId: string;
  connectionId: string;
  /** The connection's policy when it was removed (undefined: none, everyone could view it). */
  policy: Binding[] | undefined;
  reason: RemovalReason;
  removedAt: string;
}

/** A group response lists at most this many removals, the newest first. */
export const REMOVED_MEMBERS_SHOWN = 50;

interface DbRow {
  group_id: string;
  connection_id: string;
  policy: Binding[] | null;
  reason: RemovalReason;
  removed_at: Date;
}

export class RemovedMembersTable {
  /** Ends the membership of `connectionId` in `groupId` and records it, in the caller's transaction. */
  async remove(db: Queryable, entry: RemovedMember): Promise<void> {
    await db.query("DELETE FROM group_members WHERE group_id = $1 AND connection_id = $2", [
      entry.groupId,
      entry.connectionId,
    ]);
    // The group changed: its last_updated says so.
    await db.query("UPDATE connection_groups SET updated_at = $2 WHERE id = $1", [entry.groupId, entry.removedAt]);
    await db.query(
      "INSERT INTO group_removed_members (group_id, connection_id, policy, reason, removed_at) VALUES ($1, $2, $3, $4, $5)",
      [
        entry.groupId,
        entry.connectionId,
        entry.policy === undefined ? null : JSON.stringify(entry.policy),
        entry.reason,
        entry.removedAt,
      ],
    );
  }

  /** The latest removals of each of `groupIds` (newest first, at most REMOVED_MEMBERS_SHOWN each). */
  async latest(db: Queryable, groupIds: readonly string[]): Promise<Map<string, RemovedMember[]>> {
    const out = new Map<string, RemovedMember[]>();
    if (!groupIds.length) return out;
    const { rows } = await db.query<DbRow>(
      `SELECT group_id, connection_id, policy, reason, removed_at FROM (
         SELECT r.*, row_number() OVER (PARTITION BY group_id ORDER BY removed_at DESC, connection_id) AS n
           FROM group_removed_members r WHERE group_id = ANY($1::uuid[])) ranked
       WHERE n <= $2 ORDER BY removed_at DESC, connection_id`,
      [groupIds, REMOVED_MEMBERS_SHOWN],
    );
    for (const r of rows) {
      const list = out.get(r.group_id) ?? [];
      list.push({
        groupId: r.group_id,
        connectionId: r.connection_id,
        policy: r.policy ?? undefined,
        reason: r.reason,
        removedAt: r.removed_at.toISOString(),
      });
      out.set(r.group_id, list);
    }
    return out;
  }
}
