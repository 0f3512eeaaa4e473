/** Rows of `restriction_policies`: resource id -> bindings. No row = no restriction. */
import type { Binding } from "../auth/access";
import type { Queryable } from "./database";

/**
 * SQL for lists, so a list is filtered, counted and paged in the database and only the page is
 * read out. `policyOf`: the row's policy bindings (NULL when it has none). `viewableBy`: the
 * caller may view the row, auth/access.ts's rule: no policy means everyone is editor; with one,
 * a binding naming one of the caller's principals gives at least viewer. Written as NOT EXISTS
 * so a count scans the ids only. `principalsParam` is the caller's `principalsOf` as text[].
 */
type PolicyKind = "connection" | "connection-group";
const policyRow = (kind: PolicyKind, idColumn: string) => `restriction_policies p WHERE p.resource_id = '${kind}:' || ${idColumn}`;

export function policyOf(kind: PolicyKind, idColumn: string): string {
  return `(SELECT p.bindings FROM ${policyRow(kind, idColumn)})`;
}

export function viewableBy(kind: PolicyKind, idColumn: string, principalsParam: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${policyRow(kind, idColumn)} AND NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(p.bindings) b WHERE b->'principals' ?| ${principalsParam}::text[]))`;
}

export class PoliciesTable {
  async get(db: Queryable, resourceId: string): Promise<Binding[] | undefined> {
    const { rows } = await db.query<{ bindings: Binding[] }>("SELECT bindings FROM restriction_policies WHERE resource_id = $1", [resourceId]);
    return rows[0]?.bindings;
  }

  async getMany(db: Queryable, resourceIds: readonly string[]): Promise<Map<string, Binding[]>> {
    if (!resourceIds.length) return new Map();
    const { rows } = await db.query<{ resource_id: string; bindings: Binding[] }>(
      "SELECT resource_id, bindings FROM restriction_policies WHERE resource_id = ANY($1::text[])",
      [resourceIds],
    );
    return new Map(rows.map((r) => [r.resource_id, r.bindings]));
  }

  async save(db: Queryable, resourceId: string, bindings: Binding[]): Promise<void> {
    await db.query(
      `INSERT INTO restriction_policies (resource_id, bindings, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (resource_id) DO UPDATE SET bindings = $2, updated_at = now()`,
      [resourceId, JSON.stringify(bindings)],
    );
  }

  async delete(db: Queryable, resourceId: string): Promise<void> {
    await db.query("DELETE FROM restriction_policies WHERE resource_id = $1", [resourceId]);
  }
}
