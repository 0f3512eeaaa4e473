/**
 * Access rules (Datadog restriction policies). Relations are ordered: viewer < resolver < editor.
 * - No policy on a resource: everyone in the org is editor.
 * - With a policy: a user's relation is the highest one bound to `user:<id>`, `role:<r>` for any
 *   of their roles, or `org:<org id>`; none bound -> no access at all.
 * viewer reads; resolver also uses (adds a connection to a group, resolves); editor also
 * changes, deletes, and changes the policy.
 */
import type { Caller } from "./authenticate";

export const RELATIONS = ["viewer", "resolver", "editor"] as const;
export type Relation = (typeof RELATIONS)[number];

export interface Binding {
  relation: Relation;
  principals: string[];
}

const rank = (r: Relation | undefined) => (r === undefined ? 0 : RELATIONS.indexOf(r) + 1);

export function atLeast(have: Relation | undefined, need: Relation): boolean {
  return rank(have) >= rank(need);
}

export function principalsOf(caller: Caller): string[] {
  return [`user:${caller.user.id}`, ...caller.user.roles.map((r) => `role:${r}`), `org:${caller.orgId}`];
}

/** The caller's relation given a resource's bindings (undefined bindings = no policy). */
export function relationOf(caller: Caller, bindings: readonly Binding[] | undefined): Relation | undefined {
  if (bindings === undefined) return "editor";
  const mine = new Set(principalsOf(caller));
  let best: Relation | undefined;
  for (const binding of bindings) {
    if (binding.principals.some((p) => mine.has(p)) && rank(binding.relation) > rank(best)) best = binding.relation;
  }
  return best;
}
