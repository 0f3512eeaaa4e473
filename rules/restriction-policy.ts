/**
 * Access rules (Datadog's restriction policies) on connections and connection groups, once, for
 * the provider at preview and the backend's policy endpoint alike.
 *
 * - A policy binds relations to principals. Relations are ordered: viewer < resolver < editor;
 *   a connection has all three, a connection group only viewer and editor (Datadog's
 *   "Supported relations for resources" table).
 * - A principal is `type:id` with type `user`, `role`, `team` or `org`. Datadog's user, role and
 *   team ids are UUIDs; its org id is whatever `GET /api/v2/current_user` calls the org, so it is
 *   only checked to be an id. The local backend's ids are simple names (`user:alice`).
 * - No policy, or one without bindings, means everyone in the org is editor.
 *
 * A program writes access as `{ viewer?, resolver?, editor? }` (lists of principals, any order);
 * the wire holds `bindings: [{ relation, principals }]`. Both normalize to the same sorted form,
 * so reordering is never a change.
 */
import { RuleIssue, quote } from "./issue";
import { UUID } from "./ids";
import { RuleMode, skipsUnknown } from "./mode";
import type { PolicyKind } from "./wire-names";

export const RELATIONS = ["viewer", "resolver", "editor"] as const;
export type Relation = (typeof RELATIONS)[number];

export const PRINCIPAL_TYPES = ["user", "role", "team", "org"] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** The relations each resource type supports. */
export const RELATIONS_OF: Readonly<Record<PolicyKind, readonly Relation[]>> = {
  connection: ["viewer", "resolver", "editor"],
  "connection-group": ["viewer", "editor"],
};

const KIND_NAME: Record<PolicyKind, string> = { connection: "connections", "connection-group": "connection groups" };

export interface Binding {
  relation: string;
  principals: string[];
}

/** Access as a program declares it. */
export interface AccessSpec {
  viewer?: string[];
  resolver?: string[];
  editor?: string[];
  /** Let the policy take editor away from the application key's own user. */
  allowSelfLockout?: boolean;
}

/** The normalized policy: relations in order, principals sorted and unique, empty lists left out. */
export type NormalizedAccess = Partial<Record<Relation, string[]>>;

/** Ids of our backend's users and roles, and every UUID. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

export interface PrincipalRuleOptions {
  /** A Datadog site: user, role and team ids must be UUIDs. */
  datadog?: boolean;
}

/** What is wrong with one principal, or undefined. */
export function principalProblem(principal: unknown, options: PrincipalRuleOptions = {}): string | undefined {
  if (typeof principal !== "string")
    return `must be a string like "role:<id>", not ${principal === null ? "null" : typeof principal}`;
  const colon = principal.indexOf(":");
  const type = colon < 0 ? "" : principal.slice(0, colon);
  const id = colon < 0 ? "" : principal.slice(colon + 1);
  if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
    return `${quote(principal)}: a principal is type:id with type ${PRINCIPAL_TYPES.join(", ")} (e.g. "team:<team id>")`;
  }
  if (!ID.test(id))
    return `${quote(principal)}: the id after "${type}:" must be letters, digits, '.', '_', '@' or '-' (no spaces or further ':')`;
  if (options.datadog && type !== "org" && !UUID.test(id)) return `${quote(principal)}: Datadog ${type} ids are UUIDs`;
  return undefined;
}

function listIssues(
  list: unknown,
  path: (string | number)[],
  options: PrincipalRuleOptions,
  mode: RuleMode | undefined,
): RuleIssue[] {
  if (skipsUnknown(mode, list)) return [];
  if (!Array.isArray(list)) return [{ path, message: "must be a list of principals" }];
  const issues: RuleIssue[] = [];
  list.forEach((p, i) => {
    if (skipsUnknown(mode, p)) return;
    const problem = principalProblem(p, options);
    if (problem) issues.push({ path: [...path, i], message: problem });
    else if (list.indexOf(p) !== i)
      issues.push({
        path: [...path, i],
        message: `${quote(p)} is listed twice (also ${path[path.length - 1]}[${list.indexOf(p)}])`,
      });
  });
  return issues;
}

const relationProblem = (kind: PolicyKind, relation: string) =>
  `${quote(relation)} is not a relation of ${KIND_NAME[kind]} (${RELATIONS_OF[kind].join(", ")})`;

/**
 * Every broken rule of access as a program declares it (paths under `access`). Pulumi's unknown
 * values are skipped in PREVIEW mode only (the provider's check); strict otherwise.
 */
export function accessIssues(
  kind: PolicyKind,
  access: unknown,
  options: PrincipalRuleOptions = {},
  mode?: RuleMode,
): RuleIssue[] {
  if (access === undefined || access === null || skipsUnknown(mode, access)) return [];
  if (typeof access !== "object" || Array.isArray(access))
    return [
      {
        path: ["access"],
        message: `must be an object like { ${RELATIONS_OF[kind].map((r) => `${r}: [...]`).join(", ")} }`,
      },
    ];
  const issues: RuleIssue[] = [];
  for (const [key, value] of Object.entries(access)) {
    if (key === "allowSelfLockout") {
      if (value !== undefined && typeof value !== "boolean" && !skipsUnknown(mode, value))
        issues.push({ path: ["access", key], message: "must be true or false" });
    } else if (!(RELATIONS_OF[kind] as readonly string[]).includes(key)) {
      issues.push({ path: ["access", key], message: relationProblem(kind, key) });
    } else if (value !== undefined) {
      issues.push(...listIssues(value, ["access", key], options, mode));
    }
  }
  return issues;
}

/** Every broken rule of a policy's bindings as the wire holds them (paths under `bindings`); always strict. */
export function bindingsIssues(kind: PolicyKind, bindings: unknown, options: PrincipalRuleOptions = {}): RuleIssue[] {
  if (!Array.isArray(bindings)) return [{ path: ["bindings"], message: "must be a list of { relation, principals }" }];
  const issues: RuleIssue[] = [];
  const seen = new Map<string, number>();
  bindings.forEach((b, i) => {
    if (b === null || typeof b !== "object" || Array.isArray(b))
      return issues.push({ path: ["bindings", i], message: "must be an object { relation, principals }" });
    const { relation, principals, ...rest } = b as Record<string, unknown>;
    for (const k of Object.keys(rest))
      issues.push({ path: ["bindings", i, k], message: `is not a field of a binding (relation, principals)` });
    if (typeof relation !== "string")
      issues.push({ path: ["bindings", i, "relation"], message: "is required (a string)" });
    else if (!(RELATIONS_OF[kind] as readonly string[]).includes(relation))
      issues.push({ path: ["bindings", i, "relation"], message: relationProblem(kind, relation) });
    else if (seen.has(relation))
      issues.push({
        path: ["bindings", i, "relation"],
        message: `repeats relation "${relation}" (also bindings[${seen.get(relation)}]); list each relation once`,
      });
    else seen.set(relation, i);
    issues.push(...listIssues(principals, ["bindings", i, "principals"], options, undefined));
    if (Array.isArray(principals) && principals.length === 0)
      issues.push({
        path: ["bindings", i, "principals"],
        message: "must name at least one principal (leave the relation out instead)",
      });
  });
  return issues;
}

/** Access (program form, or normalized) -> its normalized form; undefined stays undefined. */
export function normalizeAccess(access: AccessSpec | NormalizedAccess | undefined): NormalizedAccess | undefined {
  if (access === undefined || access === null) return undefined;
  const out: NormalizedAccess = {};
  for (const relation of RELATIONS) {
    const list = (access as Record<string, unknown>)[relation];
    if (Array.isArray(list) && list.length) out[relation] = [...new Set(list as string[])].sort();
  }
  return out;
}

/** Access -> wire bindings, in relation order (empty when nothing is bound: no restriction). */
export function accessToBindings(access: AccessSpec | NormalizedAccess): Binding[] {
  const norm = normalizeAccess(access) ?? {};
  return RELATIONS.filter((r) => norm[r]).map((relation) => ({ relation, principals: norm[relation]! }));
}

/** Wire bindings (any order, a relation possibly repeated) -> normalized access. */
export function bindingsToAccess(bindings: readonly Binding[]): NormalizedAccess {
  const merged: Record<string, string[]> = {};
  for (const b of bindings) merged[b.relation] = [...(merged[b.relation] ?? []), ...b.principals];
  const norm = normalizeAccess(merged as NormalizedAccess)!;
  // Relations this version does not know are kept, so drift in them still shows.
  for (const [relation, list] of Object.entries(merged)) {
    if (!(RELATIONS as readonly string[]).includes(relation))
      (norm as Record<string, string[]>)[relation] = [...new Set(list)].sort();
  }
  return norm;
}

/** Who someone is, as principals: `user:<id>`, `role:<id>`..., `team:<id>`..., `org:<id>`. */
export function principalsOf(who: {
  userId: string;
  roles?: readonly string[];
  teams?: readonly string[];
  orgId?: string;
}): string[] {
  return [
    `user:${who.userId}`,
    ...(who.roles ?? []).map((r) => `role:${r}`),
    ...(who.teams ?? []).map((t) => `team:${t}`),
    ...(who.orgId ? [`org:${who.orgId}`] : []),
  ];
}

const rank = (r: string | undefined) => (r === undefined ? 0 : (RELATIONS as readonly string[]).indexOf(r) + 1);

export function atLeast(have: Relation | undefined, need: Relation): boolean {
  return rank(have) >= rank(need);
}

/**
 * The relation someone holding `principals` has under `bindings`: the highest one bound to any
 * of them; undefined (no access) when none is. No policy, or no bindings, is editor for all.
 */
export function relationUnder(
  principals: readonly string[],
  bindings: readonly Binding[] | undefined,
): Relation | undefined {
  if (bindings === undefined || bindings.length === 0) return "editor";
  const mine = new Set(principals);
  let best: Relation | undefined;
  for (const b of bindings) {
    if (rank(b.relation) > rank(best) && b.principals.some((p) => mine.has(p))) best = b.relation as Relation;
  }
  return best;
}
