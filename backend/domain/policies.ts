/**
 * Restriction policies (Datadog's API) on `connection:<uuid>` and `connection-group:<uuid>`.
 * - GET needs viewer; no policy reads as `bindings: []` (= unrestricted, everyone is editor).
 * - POST replaces the policy and needs editor. Empty bindings remove the restriction, the same
 *   as DELETE. A policy that would take editor away from the caller is refused unless
 *   `allow_self_lockout=true` (Datadog's parameter), so nobody locks themselves out by mistake.
 * - DELETE needs editor; 204.
 */
import type { Caller } from "../auth/authenticate";
import { Binding, atLeast, relationOf } from "../auth/caller-relation";
import { ErrorResponse, Problem, pointer } from "../errors/error-response";
import { unknownKeys } from "../errors/unknown-keys";
import type { Precondition } from "./precondition";
import type { Queryable } from "../storage/database";
import type { Context } from "./context";
import {
  bindingsIssues,
  formatIssue,
  parsePolicyResourceId,
  policyResourceId,
  quote,
} from "pulumi-workflow-connections-rules";
import { ResourceKind, notFoundError, requireRelation } from "./permissions";
import { POLICY_TYPE } from "./views";
import { unknownPrincipalProblems } from "./directory";

export interface PolicyTarget {
  kind: ResourceKind;
  id: string;
  resourceId: string;
}

/** `connection:<uuid>` / `connection-group:<uuid>` -> the target, else 400. */
export function parseResourceId(resourceId: string): PolicyTarget {
  const parsed = parsePolicyResourceId(resourceId);
  if (!parsed) {
    throw new ErrorResponse(400, {
      detail: `resource id ${quote(resourceId)} is not supported; expected connection:<uuid> or connection-group:<uuid>`,
      parameter: "resource_id",
    });
  }
  return { ...parsed, resourceId: policyResourceId(parsed.kind, parsed.id) };
}

/**
 * The `attributes` of a POST body -> bindings. The rules are the rules module's (relations of
 * the resource type, principal format, no principal or relation twice); every problem is
 * reported with its pointer.
 */
export function readBindings(kind: ResourceKind, attrs: Record<string, unknown>): Binding[] {
  unknownKeys(attrs, ["bindings"], ["data", "attributes"]);
  const problems: Problem[] = [];
  for (const issue of bindingsIssues(kind, attrs.bindings)) {
    problems.push({ detail: formatIssue(issue), pointer: pointer(["data", "attributes", ...issue.path]) });
  }
  if (problems.length) throw new ErrorResponse(400, problems);
  return attrs.bindings as Binding[];
}

async function requireExists(ctx: Context, q: Queryable, target: PolicyTarget): Promise<void> {
  const exists =
    target.kind === "connection" ? await ctx.connections.exists(q, target.id) : await ctx.groups.exists(q, target.id);
  if (!exists) throw notFoundError(target.kind, target.id);
}

export function policyView(target: PolicyTarget, bindings: Binding[] | undefined) {
  return { data: { id: target.resourceId, type: POLICY_TYPE, attributes: { bindings: bindings ?? [] } } };
}

export async function getPolicy(ctx: Context, caller: Caller, target: PolicyTarget) {
  const q = ctx.db.reader;
  await requireExists(ctx, q, target);
  await requireRelation(ctx, q, caller, target.kind, target.id, "viewer", "its policy cannot be read");
  return policyView(target, await ctx.policies.get(q, target.resourceId));
}

/** A policy that would leave the caller below editor on `what`, so they could not change it back. */
export function lockoutProblem(
  caller: Caller,
  what: string,
  bindings: Binding[],
  at: string,
  escape: string,
): Problem | undefined {
  const after = relationOf(caller, bindings);
  if (atLeast(after, "editor")) return undefined;
  return {
    detail: `this policy would leave user "${caller.user.id}" ${after ? `only ${after}` : "no access"} on ${what}, so they could not change it back; bind them (or one of their roles, or the org) as editor, or pass ${escape}`,
    pointer: at,
  };
}

export async function setPolicy(
  ctx: Context,
  caller: Caller,
  target: PolicyTarget,
  bindings: Binding[],
  allowSelfLockout: boolean,
  precondition?: Precondition,
) {
  return ctx.db.write(async (tx) => {
    await requireExists(ctx, tx, target);
    await requireRelation(ctx, tx, caller, target.kind, target.id, "editor", "its policy cannot be changed");
    if (precondition) precondition(policyView(target, await ctx.policies.get(tx, target.resourceId)).data);
    const unknown = unknownPrincipalProblems(ctx.principals, bindings, ["data", "attributes"], "");
    if (unknown.length) throw new ErrorResponse(400, unknown);
    if (!bindings.length) {
      await ctx.policies.delete(tx, target.resourceId);
      return policyView(target, []);
    }
    const lockout = allowSelfLockout
      ? undefined
      : lockoutProblem(caller, target.resourceId, bindings, "/data/attributes/bindings", "allow_self_lockout=true");
    if (lockout) throw new ErrorResponse(400, lockout);
    await ctx.policies.save(tx, target.resourceId, bindings);
    return policyView(target, bindings);
  });
}

export async function deletePolicy(
  ctx: Context,
  caller: Caller,
  target: PolicyTarget,
  precondition?: Precondition,
): Promise<void> {
  await ctx.db.write(async (tx) => {
    await requireExists(ctx, tx, target);
    await requireRelation(ctx, tx, caller, target.kind, target.id, "editor", "its policy cannot be deleted");
    if (precondition) precondition(policyView(target, await ctx.policies.get(tx, target.resourceId)).data);
    await ctx.policies.delete(tx, target.resourceId);
  });
}
