/**
 * Access: who may view, resolve and edit connections and groups.
 * - `RestrictionPolicy` of @pulumi/datadog on a `connection:<id>` or `connection-group:<id>`:
 *   relations that resource type has (a group has no resolver) and Datadog principal formats
 *   (`user:`, `role:`, `team:` ids are UUIDs), checked by the rules' `bindingsIssues`.
 *   A policy on any other kind of resource is not this pack's business. At preview a
 *   `resourceId` built from a connection created in the same run is unknown: the kind of
 *   resource it protects cannot be told yet, so the check runs at `up`, when it is known and
 *   before the policy is written.
 * - `access` of this package's `Connection` and `ConnectionGroup`, checked by `accessIssues`
 *   as the provider's check does.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  accessIssues,
  bindingsIssues,
  formatPath,
  isUnknown,
  isUuid,
  PolicyKind,
  quote,
  RuleIssue,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { kindOf, violationText } from "../support/report";
import { CONNECTION, CONNECTION_GROUP, RESTRICTION_POLICY } from "../support/types";
import { plain, plainProps, Props } from "../support/values";

const KINDS: readonly PolicyKind[] = ["connection-group", "connection"];

/** The kind of resource a `resourceId` names, and its id; undefined when not a connection's. */
function target(resourceId: unknown): { kind: PolicyKind; id: string } | undefined {
  if (typeof resourceId !== "string" || isUnknown(resourceId)) return undefined;
  const kind = KINDS.find((k) => resourceId.startsWith(`${k}:`));
  return kind && { kind, id: resourceId.slice(kind.length + 1) };
}

/**
 * `bindingsIssues` (strict) on bindings that may hold values unknown at preview. Each unknown
 * principal stands in as a well-formed principal of its own, so a binding's known principals
 * and its relation are still checked and an unknown never reads as missing; whatever is said
 * about an unknown binding or an unknown relation is dropped. Indices stay the program's.
 */
function knownBindingsIssues(kind: PolicyKind, bindings: unknown[]): RuleIssue[] {
  const unknownAt: string[] = [];
  const stand = (i: number, j: number | string) => `org:unknown-at-preview-${i}-${j}`;
  const mapped = bindings.map((b, i) => {
    if (isUnknown(b)) {
      unknownAt.push(`bindings[${i}]`);
      return { relation: "", principals: [stand(i, "")] };
    }
    if (b === null || typeof b !== "object") return b;
    const binding = b as Props;
    if (isUnknown(binding.relation)) unknownAt.push(`bindings[${i}].relation`);
    const principals = binding.principals;
    if (isUnknown(principals)) return { ...binding, principals: [stand(i, "")] };
    if (!Array.isArray(principals)) return b;
    return { ...binding, principals: principals.map((p, j) => (isUnknown(p) ? stand(i, j) : p)) };
  });
  return bindingsIssues(kind, mapped, { datadog: true }).filter((issue) => {
    const where = formatPath(issue.path);
    return !unknownAt.some((u) => where === u || where.startsWith(`${u}.`) || where.startsWith(`${u}[`));
  });
}

export function restrictionPolicyIssues(props: Props): RuleIssue[] {
  const on = target(props.resourceId);
  if (!on) return [];
  const issues: RuleIssue[] = [];
  if (!isUuid(on.id))
    issues.push({
      path: ["resourceId"],
      message: `${quote(props.resourceId)}: the id after "${on.kind}:" must be the ${on.kind === "connection" ? "connection" : "connection group"}'s id (a UUID)`,
    });
  const bindings = props.bindings ?? [];
  if (Array.isArray(bindings)) issues.push(...knownBindingsIssues(on.kind, bindings));
  else if (!isUnknown(bindings)) issues.push(...bindingsIssues(on.kind, bindings, { datadog: true }));
  return issues;
}

export const connectionAccess: ResourceValidationPolicy = {
  name: "connection-access",
  description:
    "Restriction policies on connections and connection groups bind only relations that resource type has (connection: viewer, resolver, editor; connection group: viewer, editor) to well-formed principals (user:, role:, team: with a UUID, or org:).",
  validateResource: (args, reportViolation) => {
    const props = plainProps(args.props);
    let issues: RuleIssue[] = [];
    if (args.type === RESTRICTION_POLICY) issues = restrictionPolicyIssues(props);
    else if (args.type === CONNECTION) issues = accessIssues("connection", plain(props.access), {}, PREVIEW);
    else if (args.type === CONNECTION_GROUP)
      issues = accessIssues("connection-group", plain(props.access), {}, PREVIEW);
    for (const issue of issues) reportViolation(violationText(kindOf(args.type), args.name, issue));
  },
};
