/**
 * Access as code for both resources: the `access` input checked at preview (the rules, plus
 * what only the target can tell: who the application key's user is), compared without regard
 * to order, written with the resource, read back on refresh.
 *
 * Semantics (README, "Access"):
 * - `access` undeclared: the target's policy is never read or written (adopted connections too).
 * - declared: it is the whole policy; `{}` (nothing bound) means no restriction (DELETE).
 * - removed from the program after being declared: Pulumi stops managing it and leaves the
 *   policy as it is (removing a line never opens a connection to the whole org).
 */
import {
  AccessSpec,
  NormalizedAccess,
  PolicyKind,
  RuleIssue,
  accessIssues,
  accessToBindings,
  atLeast,
  bindingsToAccess,
  isUnknown,
  normalizeAccess,
  policyResourceId,
  principalsOf,
  relationUnder,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { unlessGone } from "../explain";
import { sameValue } from "../inputs";
import { getClient } from "../settings";

/** What the outputs (and refreshed inputs) hold: the normalized policy, plus the flag when set. */
export type AccessState = NormalizedAccess & { allowSelfLockout?: boolean };

const WHAT: Record<PolicyKind, string> = { connection: "connection", "connection-group": "connection group" };

/** True when some part of the access is still unknown (preview): checks that need all of it wait. */
function hasUnknown(access: unknown): boolean {
  if (isUnknown(access)) return true;
  if (access === null || typeof access !== "object") return false;
  return Object.values(access).some((v) => isUnknown(v) || (Array.isArray(v) && v.some(isUnknown)));
}

/* ---------- who the application key's user is ---------- */

export interface Identity {
  userId: string;
  orgId?: string;
  principals: string[];
  /** Why the user's teams are not known (the target would not say), if so. */
  teamsUnknown?: string;
}

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; why: string; error?: unknown };

const identities = new WeakMap<object, Promise<IdentityResult>>();

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Fetched once per client (so once per target and key pair, however many resources declare access). */
export function keyUser(): Promise<IdentityResult> {
  let client: ReturnType<typeof getClient>;
  try {
    client = getClient();
  } catch (err) {
    return Promise.resolve({ ok: false, why: reason(err) });
  }
  let known = identities.get(client);
  if (!known) {
    known = (async (): Promise<IdentityResult> => {
      let user;
      try {
        user = await client.users.current();
      } catch (err) {
        return { ok: false, why: `GET /api/v2/current_user failed: ${reason(err)}`, error: err };
      }
      let teams: string[] = [];
      let teamsUnknown: string | undefined;
      try {
        teams = await client.users.teams(user.id);
      } catch (err) {
        teamsUnknown = `GET /api/v2/users/${user.id}/memberships failed: ${reason(err)}`;
      }
      return {
        ok: true,
        identity: {
          userId: user.id,
          orgId: user.orgId,
          principals: principalsOf({ userId: user.id, roles: user.roles, teams, orgId: user.orgId }),
          teamsUnknown,
        },
      };
    })();
    identities.set(client, known);
  }
  return known;
}

/**
 * The relation the key's user would have under `access`, or a sentence saying why that cannot be
 * told. `undefined` relation = no access at all.
 */
export async function keyUserRelation(
  access: AccessSpec,
): Promise<{ relation?: string; user: Identity } | { cannotTell: string }> {
  const result = await keyUser();
  if (!result.ok) return { cannotTell: result.why };
  const bindings = accessToBindings(access);
  const relation = relationUnder(result.identity.principals, bindings);
  const namesTeams = bindings.some((b) => b.principals.some((p) => p.startsWith("team:")));
  if (result.identity.teamsUnknown && namesTeams && !atLeast(relation, "editor"))
    return { cannotTell: result.identity.teamsUnknown };
  return { relation, user: result.identity };
}

/* ---------- check (preview) ---------- */

function datadogTarget(): boolean {
  try {
    return getClient().target.isDatadog;
  } catch {
    return false;
  }
}

/**
 * Every problem of a resource's `access` input: the rules (principal format, relations of the
 * resource type, no principal twice), and a policy that would take editor away from the key's
 * own user unless `allowSelfLockout: true`.
 */
export async function accessCheckIssues(kind: PolicyKind, access: unknown): Promise<RuleIssue[]> {
  if (access === undefined || access === null) return [];
  const issues = accessIssues(kind, access, { datadog: datadogTarget() }, PREVIEW);
  if (issues.length || hasUnknown(access)) return issues;
  const spec = access as AccessSpec;
  if (spec.allowSelfLockout === true || accessToBindings(spec).length === 0) return issues;
  const after = await keyUserRelation(spec);
  if ("cannotTell" in after) {
    issues.push({
      path: ["access"],
      message: `cannot tell whether this policy leaves the application key's user editor of the ${WHAT[kind]} (${after.cannotTell}); give the key the permission to read its user, or set access.allowSelfLockout: true to write it anyway`,
    });
  } else if (!atLeast(after.relation as never, "editor")) {
    const left = after.relation ? `only ${after.relation}` : "no access";
    issues.push({
      path: ["access"],
      message: `would leave the application key's user "${after.user.userId}" ${left} on the ${WHAT[kind]}, so Pulumi could no longer change or delete it; add one of ${after.user.principals.map((p) => JSON.stringify(p)).join(", ")} to access.editor, or set access.allowSelfLockout: true`,
    });
  }
  return issues;
}

/**
 * For a group: members declared in the program with `access` that the key's user could not
 * resolve under it (adding them would fail with 403 Forbidden). `declared[i]` is member i's
 * declared access, or undefined.
 */
export async function memberAccessIssues(
  members: readonly { label: string; access?: unknown }[],
): Promise<RuleIssue[]> {
  const issues: RuleIssue[] = [];
  for (const [i, m] of members.entries()) {
    const access = m.access;
    if (
      access === undefined ||
      access === null ||
      hasUnknown(access) ||
      accessIssues("connection", access, {}, PREVIEW).length
    )
      continue;
    if (accessToBindings(access as AccessSpec).length === 0) continue;
    const after = await keyUserRelation(access as AccessSpec);
    if ("cannotTell" in after) {
      issues.push({
        path: ["members", i],
        message: `${JSON.stringify(m.label)}: cannot tell whether the application key's user may resolve it under its declared access (${after.cannotTell})`,
      });
    } else if (!atLeast(after.relation as never, "resolver")) {
      issues.push({
        path: ["members", i],
        message: `${JSON.stringify(m.label)}: under the access this program declares for it, the application key's user "${after.user.userId}" has ${after.relation ? `only ${after.relation}` : "no access"}, not resolver, so adding it to the group would fail with 403 Forbidden; add one of their principals to its access.resolver or access.editor`,
      });
    }
  }
  return issues;
}

/* ---------- diff ---------- */

/** Whether `access` changes between the state and the program (order never matters). */
export function accessChanged(olds: unknown, news: unknown): boolean {
  if (news === undefined || news === null) return olds !== undefined && olds !== null; // stops managing it (state only)
  if (hasUnknown(news) || olds === undefined || olds === null) return true;
  return !sameValue(normalizeAccess(olds as AccessSpec), normalizeAccess(news as AccessSpec));
}

/* ---------- apply and read ---------- */

/** The outputs' form of declared access. */
export function accessState(access: AccessSpec | NormalizedAccess): AccessState {
  const out: AccessState = { ...normalizeAccess(access) };
  if ((access as AccessSpec).allowSelfLockout === true) out.allowSelfLockout = true;
  return out;
}

/** Writes the declared policy on the resource (nothing bound: removes any policy). */
export async function writeAccess(kind: PolicyKind, id: string, access: AccessSpec): Promise<AccessState> {
  const client = getClient();
  const resourceId = policyResourceId(kind, id);
  const bindings = accessToBindings(access);
  if (bindings.length === 0) {
    await unlessGone(`removing the policy of ${resourceId}`, () => client.policies.delete(resourceId));
  } else {
    await client.policies.set(resourceId, bindings, { allowSelfLockout: access.allowSelfLockout === true });
  }
  return accessState(access);
}

/**
 * update: a declared policy is written when it changed, else kept; access removed from the
 * program is left as it is on the target and dropped from the state.
 */
export async function updateAccess(
  kind: PolicyKind,
  id: string,
  olds: AccessState | undefined,
  news: AccessSpec | undefined,
): Promise<AccessState | undefined> {
  if (news === undefined || news === null) return undefined;
  return accessChanged(olds, news) ? writeAccess(kind, id, news) : accessState(news);
}

/** Outputs with the access state added when there is one. */
export function withAccess<T extends { access?: AccessState }>(outs: T, access: AccessState | undefined): T {
  if (access) outs.access = access;
  return outs;
}

/** The resource's policy as the target holds it now (refresh), with the program's flag kept. */
export async function readAccess(kind: PolicyKind, id: string, prior: AccessState): Promise<AccessState> {
  const policy = await getClient().policies.get(policyResourceId(kind, id));
  const out: AccessState = bindingsToAccess(policy?.bindings ?? []);
  if (prior.allowSelfLockout === true) out.allowSelfLockout = true;
  return out;
}
