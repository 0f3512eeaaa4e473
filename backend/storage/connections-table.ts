/**
 * Rows of `connections`. Callers see the full wire integration (secrets included, in memory
 * only); on disk the secret values are sealed (secrets/sealed-integration.ts).
 */
import type { Binding, WireIntegration } from "pulumi-workflow-connections-rules";
import { Cipher } from "../secrets/cipher";
import { openIntegration, sealIntegration } from "../secrets/sealed-integration";
import type { Queryable } from "./database";
import { ListFilters, ListPage, PageSpec, SortKey, listPage } from "./list-sql";
import { policyOf } from "./policies-table";
import { chunks } from "./turns";

export interface ConnectionRow {
  id: string;
  name: string;
  integration: WireIntegration;
  tags: string[];
  /** AWS only: the external id the service presents when assuming the role. */
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

interface DbRow {
  id: string;
  name: string;
  integration: WireIntegration;
  secrets: string | null;
  tags: string[];
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
  created_by: string;
}

/**
 * What the group rules need of a member: no secrets, so nothing is decrypted (a group of
 * thousands is checked without opening thousands of sealed integrations).
 */
export interface MemberRow {
  id: string;
  name: string;
  integration: { type: string };
  tags: string[];
}

/**
 * A connection read with its policy, still sealed: whoever reads it decides visibility from
 * `policy` first and calls `open()` (decrypting its secrets) only for a caller who may view it.
 */
export interface FoundConnection {
  /** Its policy bindings; undefined: none. */
  policy: Binding[] | undefined;
  open(): ConnectionRow;
}

/** Datadog's list filters; each given one narrows the list (repeated values: see each). */
export interface ConnectionFilter {
  /** Any of these integration types. */
  integrations?: string[];
  /** Every one of these `key:value` tags. */
  tags?: string[];
  /** The `env:<environment>` tag. */
  environment?: string;
  /** Any of these ids (UUIDs; the reader drops others, which match nothing). */
  ids?: string[];
  /** Created by any of these users. */
  creatorIds?: string[];
  /** The name contains this, ignoring case. */
  search?: string;
}

export class ConnectionsTable {
  constructor(private readonly cipher: Cipher) {}

  private fromDb(row: DbRow): ConnectionRow {
    return {
      id: row.id,
      name: row.name,
      integration: openIntegration(this.cipher, row.integration, row.secrets, row.id),
      tags: row.tags,
      externalId: row.external_id,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      createdBy: row.created_by,
    };
  }

  async get(db: Queryable, id: string): Promise<ConnectionRow | undefined> {
    const { rows } = await db.query<DbRow>("SELECT * FROM connections WHERE id = $1", [id]);
    return rows[0] && this.fromDb(rows[0]);
  }

  /**
   * The connection `id` and its policy in one query whether or not it exists (a missing id and
   * a hidden one cost the same: one lookup each, nothing decrypted); undefined when missing.
   */
  async find(db: Queryable, id: string): Promise<FoundConnection | undefined> {
    const { rows } = await db.query<Partial<DbRow> & { policy: Binding[] | null }>(
      `SELECT c.*, k.policy FROM (SELECT ${policyOf("connection", "$1::text")} AS policy) k LEFT JOIN connections c ON c.id = $1::uuid`,
      [id],
    );
    const row = rows[0];
    if (!row?.id) return undefined;
    return { policy: row.policy ?? undefined, open: () => this.fromDb(row as DbRow) };
  }

  /** Whether `id` exists (nothing read, nothing decrypted). */
  async exists(db: Queryable, id: string): Promise<boolean> {
    const { rows } = await db.query("SELECT 1 FROM connections WHERE id = $1", [id]);
    return rows.length > 0;
  }

  async getMany(db: Queryable, ids: readonly string[]): Promise<Map<string, ConnectionRow>> {
    if (!ids.length) return new Map();
    const { rows } = await db.query<DbRow>("SELECT * FROM connections WHERE id = ANY($1::uuid[])", [ids]);
    return new Map(rows.map((r) => [r.id, this.fromDb(r)]));
  }

  /** The member facts of every one of `ids` that exists: one query per LIST_CHUNK ids. */
  async memberRows(db: Queryable, ids: readonly string[]): Promise<Map<string, MemberRow>> {
    const found = new Map<string, MemberRow>();
    for (const chunk of chunks(ids)) {
      const { rows } = await db.query<{ id: string; name: string; integration_type: string; tags: string[] }>(
        "SELECT id, name, integration_type, tags FROM connections WHERE id = ANY($1::uuid[])",
        [chunk],
      );
      for (const r of rows)
        found.set(r.id, { id: r.id, name: r.name, integration: { type: r.integration_type }, tags: r.tags });
    }
    return found;
  }

  /**
   * One page of the connections matching `filter` that `principals` may view, in `sort` order
   * (then oldest first), with each row's policy bindings and the counts. Filtered, counted and
   * paged in SQL; only the page's rows are decrypted.
   */
  async list(
    db: Queryable,
    filter: ConnectionFilter,
    principals: string[],
    sort: readonly SortKey[],
    page: PageSpec,
  ): Promise<ListPage<ConnectionRow>> {
    const f = new ListFilters(principals);
    f.anyOf("a.integration_type", filter.integrations);
    const tags = [...(filter.tags ?? []), ...(filter.environment === undefined ? [] : [`env:${filter.environment}`])];
    if (tags.length) f.add(`a.tags @> ${f.param(JSON.stringify(tags))}::jsonb`);
    f.anyOf("a.id", filter.ids, "uuid");
    f.anyOf("a.created_by", filter.creatorIds);
    if (filter.search !== undefined) f.add(`strpos(lower(a.name), lower(${f.param(filter.search)})) > 0`);
    const { rows, counts } = await listPage<DbRow & { policy: Binding[] | null }>(
      db,
      "connection",
      "connections",
      "SELECT a.*",
      f,
      sort,
      page,
    );
    return { rows: rows.map((r) => ({ row: this.fromDb(r), policy: r.policy ?? undefined })), counts };
  }

  /** Insert or replace the row with this id. */
  async save(db: Queryable, row: ConnectionRow): Promise<void> {
    const { blanked, sealed } = sealIntegration(this.cipher, row.integration, row.id);
    await db.query(
      `INSERT INTO connections (id, name, integration_type, integration, secrets, tags, external_id, created_at, updated_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET name = $2, integration_type = $3, integration = $4, secrets = $5, tags = $6,
         external_id = $7, updated_at = $9`,
      [
        row.id,
        row.name,
        row.integration.type,
        JSON.stringify(blanked),
        sealed,
        JSON.stringify(row.tags),
        row.externalId,
        row.createdAt,
        row.updatedAt,
        row.createdBy,
      ],
    );
  }

  async delete(db: Queryable, id: string): Promise<void> {
    await db.query("DELETE FROM connections WHERE id = $1", [id]);
  }
}
