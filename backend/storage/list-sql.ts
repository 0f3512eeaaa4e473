/**
 * The SQL of Datadog's two lists (connections, groups), shared: the filters a list asks for
 * (each only when asked: `tags @> '[]'` would still read every row's tags), the caller's view
 * (policies-table.ts), the order, the page, and the counts of `meta`: `total` (what the caller
 * may view), `total_filtered` (of that, what matches) and per integration type both. Every
 * count leaves out what the caller may not view, so a list tells nothing of hidden rows.
 */
import type { Binding, PolicyKind } from "pulumi-workflow-connections-rules";
import type { Queryable } from "./database";
import { hiddenFrom, policyOf, viewableBy } from "./policies-table";

/** One page: `size` rows from row `size * number` (0-based). */
export interface PageSpec {
  size: number;
  number: number;
}

/** A sort key: a column of the table (alias `a`), and descending or not. */
export interface SortKey {
  column: string;
  descending: boolean;
}

export interface IntegrationCount {
  integration_type: string;
  total_count: number;
  filtered_count: number;
}

export interface ListCounts {
  total: number;
  total_filtered: number;
  integration_counts: IntegrationCount[];
}

/** A page of a list: the rows with their policy (undefined: none), and the counts. */
export interface ListPage<T> {
  rows: { row: T; policy: Binding[] | undefined }[];
  counts: ListCounts;
}

/** Filters of one list query, as SQL on the table aliased `a`, with their parameters. */
export class ListFilters {
  /** `$1` is always the caller's principals (text[]). */
  readonly params: unknown[];
  readonly conditions: string[] = [];

  constructor(principals: string[]) {
    this.params = [principals];
  }

  /** A placeholder for `value`. */
  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  /** `column` is one of `values` (no condition when `values` is undefined). */
  anyOf(column: string, values: readonly string[] | undefined, type: "text" | "uuid" = "text"): void {
    if (values === undefined) return;
    this.add(values.length ? `${column} = ANY(${this.param(values)}::${type}[])` : "false");
  }
}

const orderBy = (sort: readonly SortKey[]) =>
  [...sort.map((k) => `a.${k.column}${k.descending ? " DESC" : ""}`), "a.created_at", "a.id"].join(", ");

/**
 * One page of `table`'s rows (selected by `select`, which names the table `a`) that match
 * `filters` and the caller may view, and the counts. The counts subtract what policies hide
 * from what matches, per integration type (indexes serve both; the policy rule is not
 * evaluated per row).
 */
export async function listPage<R extends { policy: Binding[] | null }>(
  db: Queryable,
  kind: PolicyKind,
  table: string,
  select: string,
  filters: ListFilters,
  sort: readonly SortKey[],
  page: PageSpec,
): Promise<{ rows: R[]; counts: ListCounts }> {
  const where = [viewableBy(kind, "a.id", "$1"), ...filters.conditions].join(" AND ");
  const matches = filters.conditions.length ? filters.conditions.join(" AND ") : "true";
  const params = filters.params;
  const [{ rows }, counts] = await Promise.all([
    db.query<R>(
      `${select}, ${policyOf(kind, "a.id")} AS policy FROM ${table} a WHERE ${where}
        ORDER BY ${orderBy(sort)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.size, page.size * page.number],
    ),
    db.query<{ integration_type: string; total: number; filtered: number }>(
      `SELECT t.integration_type, sum(t.total)::int AS total, sum(t.filtered)::int AS filtered FROM (
         SELECT a.integration_type, count(*) AS total, count(*) FILTER (WHERE ${matches}) AS filtered
           FROM ${table} a GROUP BY a.integration_type
         UNION ALL
         SELECT a.integration_type, -count(*), -count(*) FILTER (WHERE ${matches})
           FROM ${hiddenFrom(kind, table, "$1")} GROUP BY a.integration_type
       ) t GROUP BY t.integration_type HAVING sum(t.total) > 0 ORDER BY t.integration_type`,
      params,
    ),
  ]);
  const integration_counts = counts.rows.map((r) => ({
    integration_type: r.integration_type,
    total_count: r.total,
    filtered_count: r.filtered,
  }));
  return {
    rows,
    counts: {
      total: integration_counts.reduce((n, c) => n + c.total_count, 0),
      total_filtered: integration_counts.reduce((n, c) => n + c.filtered_count, 0),
      integration_counts,
    },
  };
}
