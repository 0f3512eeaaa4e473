/**
 * Create-with-policy: our documented extension of Datadog's API. A `POST` of a connection or a
 * group may carry the resource's restriction policy in the top-level `meta`:
 *
 *   {"data": {...}, "meta": {"restriction_policy": {"bindings": [...], "allow_self_lockout": false}}}
 *
 * The resource and its policy are written in one transaction, so nobody the policy leaves out
 * can see or control the new resource, not even for a moment (Datadog's API needs a second
 * request, and in between every user of the org is editor). Bindings follow the same rules as
 * `POST /api/v2/restriction_policy/{id}` (rules/restriction-policy.ts), including the self-lockout guard.
 */
import { bindingsIssues, formatIssue, isObj } from "pulumi-workflow-connections-rules";
import type { Binding } from "../auth/caller-relation";
import type { Caller } from "../auth/authenticate";
import { ErrorResponse, Problem, pointer } from "../errors/error-response";
import { unknownKeys } from "../errors/unknown-keys";
import type { Queryable } from "../storage/database";
import type { Context } from "./context";
import { unknownPrincipalProblems } from "./directory";
import { ResourceKind, resourceId } from "./permissions";
import { lockoutProblem } from "./policies";

export interface InitialPolicy {
  bindings: Binding[];
  allowSelfLockout: boolean;
}

const AT = ["meta", "restriction_policy"];

/** The policy a create request carries (undefined: none), checked; every problem is a 400 with its pointer. */
export function readInitialPolicy(kind: ResourceKind, meta: unknown): InitialPolicy | undefined {
  if (meta === undefined) return undefined;
  if (!isObj(meta))
    throw new ErrorResponse(400, {
      detail: 'meta must be an object like {"restriction_policy": {"bindings": [...]}}',
      pointer: "/meta",
    });
  unknownKeys(meta, ["restriction_policy"], ["meta"]);
  const policy = meta.restriction_policy;
  if (policy === undefined) return undefined;
  if (!isObj(policy))
    throw new ErrorResponse(400, {
      detail: 'meta.restriction_policy must be an object {"bindings": [...], "allow_self_lockout"?: boolean}',
      pointer: pointer(AT),
    });
  unknownKeys(policy, ["bindings", "allow_self_lockout"], AT);
  const problems: Problem[] = [];
  for (const issue of bindingsIssues(kind, policy.bindings)) {
    problems.push({
      detail: `meta.restriction_policy.${formatIssue(issue)}`,
      pointer: pointer([...AT, ...issue.path]),
    });
  }
  const lockout = policy.allow_self_lockout;
  if (lockout !== undefined && typeof lockout !== "boolean") {
    problems.push({
      detail: "meta.restriction_policy.allow_self_lockout must be true or false",
      pointer: pointer([...AT, "allow_self_lockout"]),
    });
  }
  if (problems.length) throw new ErrorResponse(400, problems);
  return { bindings: policy.bindings as Binding[], allowSelfLockout: lockout === true };
}

/**
 * Refuses (400) a policy naming a principal nobody holds, and one that would take editor away
 * from its creator unless allowed.
 */
export function checkInitialPolicy(
  ctx: Context,
  caller: Caller,
  kind: ResourceKind,
  policy: InitialPolicy | undefined,
): void {
  if (!policy || !policy.bindings.length) return;
  const unknown = unknownPrincipalProblems(ctx.principals, policy.bindings, AT, "meta.restriction_policy.");
  if (unknown.length) throw new ErrorResponse(400, unknown);
  if (policy.allowSelfLockout) return;
  const problem = lockoutProblem(
    caller,
    `the new ${kind === "connection" ? "connection" : "connection group"}`,
    policy.bindings,
    pointer([...AT, "bindings"]),
    "meta.restriction_policy.allow_self_lockout: true",
  );
  if (problem) throw new ErrorResponse(400, problem);
}

/** Inside the create's transaction: store the policy (nothing bound: no row, no restriction). */
export async function saveInitialPolicy(
  ctx: Context,
  tx: Queryable,
  kind: ResourceKind,
  id: string,
  policy: InitialPolicy | undefined,
): Promise<void> {
  if (policy?.bindings.length) await ctx.policies.save(tx, resourceId(kind, id), policy.bindings);
}

/** The response's `meta`, echoing what was stored, so a client can tell the extension was honoured. */
export function initialPolicyMeta(policy: InitialPolicy | undefined): {
  meta?: { restriction_policy: { bindings: Binding[] } };
} {
  return policy ? { meta: { restriction_policy: { bindings: policy.bindings } } } : {};
}
