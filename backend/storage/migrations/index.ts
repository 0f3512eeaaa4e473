/**
 * Versioned schema migrations. Each is a TS module holding SQL; `schema_migrations` records
 * which ran. Add a new file with the next version and append it here; never edit a shipped one.
 * Keep them additive (never change or drop what an older version reads): during a rolling
 * upgrade on PostgreSQL, replicas of the old version keep running on the migrated schema.
 */
import { initial } from "./001-initial";
import { listIndexes } from "./002-list-indexes";
import { removedMembers } from "./003-removed-members";
import { groupDescription } from "./004-group-description";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [initial, listIndexes, removedMembers, groupDescription];
