/** Rows of `connection_groups` with their ordered members (`group_members`). */
import type { Binding } from "pulumi-workflow-connections-rules";
import type { Queryable } from "./database";
import { ListFilters, ListPage, PageSpec, SortKey, listPage } from "./list-sql";
import { policyOf, viewableBy } from "./policies-table";
import { LIST_CHUNK, chunks } from "./turns";

export interface GroupRow {
  id: string;
  name: string;
  /** "" when it has none. */
  description: string;
  /** Datadog's PATCH attribute, kept as sent (null: never sent); no response carries it. */
  policyAttributes: string | null;
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
  description: string;
  policy_attributes: string | null;
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
/** For lists: the group as `a` (the alias of the shared list SQL). */
const LIST_SELECT = `SELECT a.*, ${members("a")}`;

/** Datadog's group list filters; each given one narrows the list. */
export interface GroupFilter {
  /** Any of these integration types. */
  integrations?: string[];
  /** Any of these ids (UUIDs; the reader drops others, which match nothing). */
  ids?: string[];
  /** Created by any of these users. */
  creatorIds?: string[];
  /** A member the caller may view has the tag `env:<environment>`. */
  environment?: string;
  /** The name contains this, ignoring case. */
  search?: string;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function fromDb(row: DbRow): GroupRow {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    policyAttributes: row.policy_attributes,
    integrationType: row.integration_type,
    identifierTags: row.identifier_tags,
    members: row.members ?? [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    createdBy: row.created_by,
  };
}

/** A group read with its policy, its members not read yet: visibility is decided first. */
export interface FoundGroup {
  /** Its policy bindings; undefined: none. */
  policy: Binding[] | undefined;
  /** The group with an empty member list (read them with `members` once the caller may view it). */
  row: GroupRow;
}

export class GroupsTable {
  /**
   * The group `id` and its policy in one query whether or not it exists, its members not read: a
   * missing id and a hidden group cost the same one lookup, whatever the hidden group's size.
   */
  async find(db: Queryable, id: string): Promise<FoundGroup | undefined> {
    const { rows } = await db.query<Partial<DbRow> & { policy: Binding[] | null }>(
      `SELECT g.*, NULL AS members, k.policy FROM (SELECT ${policyOf("connection-group", "$1::text")} AS policy) k
         LEFT JOIN connection_groups g ON g.id = $1::uuid`,
      [id],
    );
    const row = rows[0];
    if (!row?.id) return undefined;
    return { policy: row.policy ?? undefined, row: fromDb(row as DbRow) };
  }

  /**
   * The group's member ids, in order (empty when it has none or is gone), LIST_CHUNK per
   * statement: outside a transaction, other requests run between the statements.
   */
  async members(db: Queryable, id: string): Promise<string[]> {
    const out: string[] = [];
    for (let after = -1; ;) {
      const { rows } = await db.query<{ ids: string | null; last: number | null }>(
        `SELECT string_agg(s.connection_id::text, ',' ORDER BY s.position) AS ids, max(s.position) AS last
           FROM (SELECT connection_id, position FROM group_members WHERE group_id = $1 AND position > $2 ORDER BY position LIMIT $3) s`,
        [id, after, LIST_CHUNK],
      );
      const { ids, last } = rows[0] ?? { ids: null, last: null };
      if (!ids || last === null) return out;
      const chunk = ids.split(",");
      out.push(...chunk);
      if (chunk.length < LIST_CHUNK) return out;
      after = last;
    }
  }

  /** Whether `id` exists (its members are not read). */
  async exists(db: Queryable, id: string): Promise<boolean> {
    const { rows } = await db.query("SELECT 1 FROM connection_groups WHERE id = $1", [id]);
    return rows.length > 0;
  }

  /** One page of the groups matching `filter` that `principals` may view; see ConnectionsTable.list. */
  async list(
    db: Queryable,
    filter: GroupFilter,
    principals: string[],
    sort: readonly SortKey[],
    page: PageSpec,
  ): Promise<ListPage<GroupRow>> {
    const f = new ListFilters(principals);
    f.anyOf("a.integration_type", filter.integrations);
    f.anyOf("a.id", filter.ids, "uuid");
    f.anyOf("a.created_by", filter.creatorIds);
    if (filter.search !== undefined) f.add(`strpos(lower(a.name), lower(${f.param(filter.search)})) > 0`);
    if (filter.environment !== undefined) {
      // Only members the caller may view count: a hidden member's tags never select a group.
      f.add(`EXISTS (SELECT 1 FROM group_members gm JOIN connections c ON c.id = gm.connection_id
        WHERE gm.group_id = a.id AND c.tags @> ${f.param(JSON.stringify([`env:${filter.environment}`]))}::jsonb
          AND ${viewableBy("connection", "c.id", "$1")})`);
    }
    const { rows, counts } = await listPage<DbRow & { policy: Binding[] | null }>(
      db,
      "connection-group",
      "connection_groups",
      LIST_SELECT,
      f,
      sort,
      page,
    );
    return { rows: rows.map((r) => ({ row: fromDb(r), policy: r.policy ?? undefined })), counts };
  }

  /** The groups that list `connectionId` as a member. */
  async containing(db: Queryable, connectionId: string): Promise<GroupRow[]> {
    const { rows } = await db.query<DbRow>(
      `${SELECT} WHERE g.id IN (SELECT group_id FROM group_members WHERE connection_id = $1) ORDER BY g.created_at, g.id`,
      [connectionId],
    );
    return rows.map(fromDb);
  }

  /**
   * Insert or replace the group. Its member list is written only when it differs from
   * `stored`'s (a rename of a group of thousands writes one row), then in bulk: one DELETE and
   * a multi-row INSERT per LIST_CHUNK members.
   */
  async save(db: Queryable, row: GroupRow, stored?: GroupRow): Promise<void> {
    await db.query(
      `INSERT INTO connection_groups
         (id, name, integration_type, identifier_tags, created_at, updated_at, created_by, description, policy_attributes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET name = $2, integration_type = $3, identifier_tags = $4, updated_at = $6,
         description = $8, policy_attributes = $9`,
      [
        row.id,
        row.name,
        row.integrationType,
        JSON.stringify(row.identifierTags),
        row.createdAt,
        row.updatedAt,
        row.createdBy,
        row.description,
        row.policyAttributes,
      ],
    );
    if (stored && sameList(stored.members, row.members)) return;
    if (!stored || stored.members.length) await db.query("DELETE FROM group_members WHERE group_id = $1", [row.id]);
    for (const [i, chunk] of chunks(row.members).entries()) {
      await db.query(
        `INSERT INTO group_members (group_id, connection_id, position)
         SELECT $1, m.id, $3 + m.n - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS m(id, n)`,
        [row.id, chunk, i * LIST_CHUNK],
      );
    }
  }

  async delete(db: Queryable, id: string): Promise<void> {
    await db.query("DELETE FROM connection_groups WHERE id = $1", [id]);
  }
}
