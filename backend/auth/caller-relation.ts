/**
 * Access of a caller (Datadog restriction policies). The rules (relations, their order, what no
 * policy means) are the rules module's; this binds them to an authenticated caller:
 * `user:<id>`, `role:<r>` for each of their roles, `team:<t>` for each of their teams, and
 * `org:<org id>`. viewer reads; resolver also uses (adds a connection to a group, resolves);
 * editor also changes, deletes, and changes the policy.
 */
import { Binding, Relation, atLeast, principalsOf, relationUnder, RELATIONS } from "pulumi-workflow-connections-rules";
import type { Caller } from "./authenticate";

export { RELATIONS, atLeast };
export type { Binding, Relation };

export function callerPrincipals(caller: Caller): string[] {
  return principalsOf({
    userId: caller.user.id,
    roles: caller.user.roles,
    teams: caller.user.teams,
    orgId: caller.orgId,
  });
}

/** The caller's relation given a resource's bindings (undefined bindings = no policy). */
export function relationOf(caller: Caller, bindings: readonly Binding[] | undefined): Relation | undefined {
  return relationUnder(callerPrincipals(caller), bindings);
}
