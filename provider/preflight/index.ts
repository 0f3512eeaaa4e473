/**
 * The preflight of each resource type: its inputs settled (./settle), checked with the same
 * functions as the provider's `check` (../checks), and held until the wave decides (./gate).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MemberFacts } from "../../rules";
import { connectionInputIssues } from "../checks/connection";
import { GroupCheckInputs, groupInputIssues } from "../checks/group";
import { admit, Subject } from "./gate";
import { settle } from "./settle";

export type { Subject };

export function preflightConnection(subject: Subject, inputs: Record<string, unknown>): Promise<pulumi.Resource[]> {
  return admit(subject, settle(inputs).then((known) => connectionInputIssues(known as Record<string, unknown>)));
}

/**
 * `members` describe each member as the program declares it (for a Connection of the program:
 * its name, integration and tags; its id stays unknown, since waiting for it would wait for that
 * connection's creation). Members given by id are the provider's `check` to fetch.
 */
export function preflightGroup(subject: Subject, inputs: GroupCheckInputs, members: MemberFacts[]): Promise<pulumi.Resource[]> {
  const issues = Promise.all([settle(inputs), settle(members)]).then(([known, facts]) =>
    groupInputIssues(known as GroupCheckInputs, facts as MemberFacts[]));
  return admit(subject, issues);
}

/** The resource options with the preflight's gate added to whatever the program depends on. */
export function gated<T extends pulumi.ResourceOptions>(opts: T | undefined, gate: Promise<pulumi.Resource[]>): T {
  const deps = opts?.dependsOn === undefined ? [] : [opts.dependsOn];
  // The SDK awaits promises inside dependsOn before it registers the resource.
  return { ...(opts ?? {}), dependsOn: [gate, ...deps] as unknown as pulumi.Input<pulumi.Resource>[] } as T;
}
