/** What every domain operation works with: the database, its tables, and fixed settings. */
import type { Database } from "../storage/database";
import type { Principals } from "./directory";
import type { ConnectionsTable } from "../storage/connections-table";
import type { GroupsTable } from "../storage/groups-table";
import type { PoliciesTable } from "../storage/policies-table";
import type { RemovedMembersTable } from "../storage/removed-members-table";

export interface Context {
  db: Database;
  connections: ConnectionsTable;
  groups: GroupsTable;
  policies: PoliciesTable;
  /** Memberships ended by a connection's editor (domain/pinning.ts). */
  removedMembers: RemovedMembersTable;
  /** The principals that exist (the keys file's users, their roles and teams, the org). */
  principals: Principals;
  /** The AWS account the service assumes roles from (returned as `principal_id`). */
  awsPrincipalId: string;
}
