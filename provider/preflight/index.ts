/**
 * The preflight of each resource type: its inputs settled (./settle), checked with the same
 * functions as the provider's `check` (../checks), and held until the wave decides (./gate).
 */
import type * as pulumi from "@pulumi/pulumi";
import { accessIssues, MemberFacts, PolicyKind, RuleIssue } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { connectionInputIssues } from "../checks/connection";
import { GroupCheckInputs, groupInputIssues } from "../checks/group";
import { admit, Subject } from "./gate";
import { settle } from "./settle";

export type { Subject };

/**
 * The access rules that need no request (principal format, relations, duplicates). Whether the
 * policy locks the key's user out, or lets it resolve a group's members, only the target can
 * tell: the provider's `check` asks it.
 */
function accessRuleIssues(kind: PolicyKind, access: unknown): RuleIssue[] {
  return access === undefined || access === null ? [] : accessIssues(kind, access, {}, PREVIEW);
}

export function preflightConnection(subject: Subject, inputs: Record<string, unknown>): Promise<pulumi.Resource[]> {
  return admit(subject, settle(inputs).then((known) => {
    const k = known as Record<string, unknown>;
    return [...connectionInputIssues(k), ...accessRuleIssues("connection", k.access)];
  }));
}

/**
 * `members` describe each member as the program declares it (for a Connection of the program:
 * its name, integration and tags; its id stays unknown, since waiting for it would wait for that
 * connection's creation). Members given by id are the provider's `check` to fetch.
 */
export function preflightGroup(subject: Subject, inputs: GroupCheckInputs & { access?: unknown }, members: MemberFacts[]): Promise<pulumi.Resource[]> {
  const issues = Promise.all([settle(inputs), settle(members)]).then(([known, facts]) => {
    const k = known as GroupCheckInputs & { access?: unknown };
    return [...groupInputIssues(k, facts as MemberFacts[]), ...accessRuleIssues("connection-group", k.access)];
  });
  return admit(subject, issues);
}

/** The resource options with the preflight's gate added to whatever the program depends on. */
export function gated<T extends pulumi.ResourceOptions>(opts: T | undefined, gate: Promise<pulumi.Resource[]>): T {
  const deps = opts?.dependsOn === undefined ? [] : [opts.dependsOn];
  // The SDK awaits promises inside dependsOn before it registers the resource.
  return { ...(opts ?? {}), dependsOn: [gate, ...deps] as unknown as pulumi.Input<pulumi.Resource>[] } as T;
}
