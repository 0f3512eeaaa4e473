/** Rows of `restriction_policies`: resource id -> bindings. No row = no restriction. */
import { Binding, PolicyKind, policyResourceId } from "pulumi-workflow-connections-rules";
import type { Queryable } from "./database";
import { chunks } from "./turns";

/**
 * SQL for lists, so a list is filtered, counted and paged in the database and only the page is
 * read out. Viewing is auth/caller-relation.ts's rule: no policy means everyone is editor; with one, a
 * binding naming one of the caller's principals gives at least viewer. `principalsParam` is
 * the caller's `principalsOf` as a text[] parameter.
 */
const policyRow = (kind: PolicyKind, idColumn: string) =>
  `restriction_policies p WHERE p.resource_id = '${policyResourceId(kind, "")}' || ${idColumn}`;
/** Policy `p` names none of the caller's principals: it hides its resource from them. */
const hides = (principalsParam: string) =>
  `NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p.bindings) b WHERE b->'principals' ?| ${principalsParam}::text[])`;

/** The row's policy bindings (NULL when it has none). */
export function policyOf(kind: PolicyKind, idColumn: string): string {
  return `(SELECT p.bindings FROM ${policyRow(kind, idColumn)})`;
}

/** The caller may view the row whose id is `idColumn`. */
export function viewableBy(kind: PolicyKind, idColumn: string, principalsParam: string): string {
  return `NOT EXISTS (SELECT 1 FROM ${policyRow(kind, idColumn)} AND ${hides(principalsParam)})`;
}

/**
 * The rows of `table` (aliased `a`) a policy hides from the caller, for counts: what the
 * caller may view is what matches less these (list-sql.ts). It runs over policies only, so
 * a count does not evaluate the policy rule per row.
 */
export function hiddenFrom(kind: PolicyKind, table: string, principalsParam: string): string {
  const prefix = policyResourceId(kind, "");
  return `restriction_policies p JOIN ${table} a ON a.id = substr(p.resource_id, ${prefix.length + 1})::uuid
        WHERE p.resource_id LIKE '${prefix}%' AND ${hides(principalsParam)}`;
}

export class PoliciesTable {
  async get(db: Queryable, resourceId: string): Promise<Binding[] | undefined> {
    const { rows } = await db.query<{ bindings: Binding[] }>(
      "SELECT bindings FROM restriction_policies WHERE resource_id = $1",
      [resourceId],
    );
    return rows[0]?.bindings;
  }

  /** The policies of `resourceIds` that have one: one query per LIST_CHUNK ids. */
  async getMany(db: Queryable, resourceIds: readonly string[]): Promise<Map<string, Binding[]>> {
    const found = new Map<string, Binding[]>();
    for (const chunk of chunks(resourceIds)) {
      const { rows } = await db.query<{ resource_id: string; bindings: Binding[] }>(
        "SELECT resource_id, bindings FROM restriction_policies WHERE resource_id = ANY($1::text[])",
        [chunk],
      );
      for (const r of rows) found.set(r.resource_id, r.bindings);
    }
    return found;
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
