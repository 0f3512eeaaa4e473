/** Rows of `restriction_policies`: resource id -> bindings. No row = no restriction. */
import type { Binding } from "../auth/access";
import type { Queryable } from "./database";

/**
 * SQL for lists: join each row's policy (`policy.bindings`, NULL when it has none) and keep
 * the rows the caller may view, so a list is filtered, counted and paged in the database and
 * only the page is read out. Viewing is auth/access.ts's rule: no policy means everyone is
 * editor; with one, any binding naming one of the caller's principals gives at least viewer.
 * `$principals` is the caller's `principalsOf` as a text[] parameter.
 */
export function policyJoin(kind: "connection" | "connection-group", idColumn: string): string {
  return `LEFT JOIN restriction_policies policy ON policy.resource_id = '${kind}:' || ${idColumn}`;
}

export function viewableBy(principalsParam: string): string {
  return `(policy.bindings IS NULL OR EXISTS (
    SELECT 1 FROM jsonb_array_elements(policy.bindings) binding WHERE binding->'principals' ?| ${principalsParam}::text[]))`;
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
