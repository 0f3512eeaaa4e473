/**
 * Memberships a connection's editor ended by deleting or changing the connection while the
 * group was one they may not edit: kept per group so the group's editors can see what left and
 * why. `policy` is the connection's policy at that moment (NULL: none), which decides who may
 * read its id here. No foreign key to connections: the connection may be gone.
 */
import type { Migration } from "./index";

export const removedMembers: Migration = {
  version: 3,
  name: "removed-members",
  sql: `
    CREATE TABLE group_removed_members (
      group_id      uuid NOT NULL REFERENCES connection_groups (id) ON DELETE CASCADE,
      connection_id uuid NOT NULL,
      policy        jsonb,
      reason        text NOT NULL,
      removed_at    timestamptz NOT NULL
    );
    CREATE INDEX group_removed_members_group ON group_removed_members (group_id, removed_at);
  `,
};
