/** Rows of `connection_groups` with their ordered members (`group_members`). */
import type { Binding } from "pulumi-workflow-connections-rules";
import type { ListPage } from "./connections-table";
import type { Queryable } from "./database";
import { policyOf, viewableBy, viewableCount } from "./policies-table";

export interface GroupRow {
  id: string;
  name: string;
  integrationType: string;
  identifierTags: string[];
  /** Connection ids, in the order the group lists them. */
  members: string[];
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

interface DbRow {
  id: string;
  name: string;
  integration_type: string;
  identifier_tags: string[];
  members: string[] | null;
  created_at: Date;
  updated_at: Date;
  created_by: string;
}

/** The group's member ids in order, for the group row aliased `alias`. */
const members = (alias: string) => `(SELECT coalesce(json_agg(m.connection_id ORDER BY m.position), '[]'::json)
                 FROM group_members m WHERE m.group_id = ${alias}.id) AS members`;
const SELECT = `SELECT g.*, ${members("g")} FROM connection_groups g`;
/** For lists: the group as `a` (the alias of the shared list SQL) with its policy. */
const SELECT_WITH_POLICY = `SELECT a.*, ${members("a")}, ${policyOf("connection-group", "a.id")} AS policy FROM connection_groups a`;

function fromDb(row: DbRow): GroupRow {
  return {
    id: row.id,
    name: row.name,
    integrationType: row.integration_type,
    identifierTags: row.identifier_tags,
    members: row.members ?? [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    createdBy: row.created_by,
  };
}

export class GroupsTable {
  async get(db: Queryable, id: string): Promise<GroupRow | undefined> {
    const { rows } = await db.query<DbRow>(`${SELECT} WHERE g.id = $1`, [id]);
    return rows[0] && fromDb(rows[0]);
  }

  /** One page of the groups (of `integration`, if given) `principals` may view; see ConnectionsTable.list. */
  async list(db: Queryable, integration: string | undefined, principals: string[], page: { size: number; number: number }): Promise<ListPage<GroupRow>> {
    const params: unknown[] = [principals];
    const filters = integration === undefined ? [] : [`a.integration_type = $${params.push(integration)}`];
    const where = [viewableBy("connection-group", "a.id", "$1"), ...filters].join(" AND ");
    const [{ rows }, count] = await Promise.all([
      db.query<DbRow & { policy: Binding[] | null }>(
        `${SELECT_WITH_POLICY} WHERE ${where} ORDER BY a.created_at, a.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.size, page.size * page.number],
      ),
      db.query<{ total: number }>(viewableCount("connection-group", "connection_groups", filters, "$1"), params),
    ]);
    return { rows: rows.map((r) => ({ row: fromDb(r), policy: r.policy ?? undefined })), total: count.rows[0].total };
  }

  /** The groups that list `connectionId` as a member. */
  async containing(db: Queryable, connectionId: string): Promise<GroupRow[]> {
    const { rows } = await db.query<DbRow>(
      `${SELECT} WHERE g.id IN (SELECT group_id FROM group_members WHERE connection_id = $1) ORDER BY g.created_at, g.id`,
      [connectionId],
    );
    return rows.map(fromDb);
  }

  /** Insert or replace the group and its whole member list. */
  async save(db: Queryable, row: GroupRow): Promise<void> {
    await db.query(
      `INSERT INTO connection_groups (id, name, integration_type, identifier_tags, created_at, updated_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = $2, integration_type = $3, identifier_tags = $4, updated_at = $6`,
      [row.id, row.name, row.integrationType, JSON.stringify(row.identifierTags), row.createdAt, row.updatedAt, row.createdBy],
    );
    await db.query("DELETE FROM group_members WHERE group_id = $1", [row.id]);
    for (const [position, connectionId] of row.members.entries()) {
      await db.query("INSERT INTO group_members (group_id, connection_id, position) VALUES ($1, $2, $3)", [row.id, connectionId, position]);
    }
  }

  async delete(db: Queryable, id: string): Promise<void> {
    await db.query("DELETE FROM connection_groups WHERE id = $1", [id]);
  }
}
