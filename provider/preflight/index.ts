/**
 * The preflight of each resource type: its inputs settled (./settle), checked with the same
 * functions as the provider's `check` (../checks), then, for what only the target can tell,
 * asked of the resource's target with the provider's own `check` (./remote, once per target),
 * and held until the wave decides (./gate).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  accessIssues,
  formatIssue,
  MemberFacts,
  PolicyKind,
  RuleIssue,
  withSecretValues,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { connectionInputIssues } from "../checks/connection";
import { GroupCheckInputs, groupInputIssues } from "../checks/group";
import { admit, Checked, Subject } from "./gate";
import { SecretParts, settle } from "./settle";
import { hasUnknownPart, settings, targetIssues, targetKind, targetMismatchIssues, warnPlainHttp } from "./target";
import type { PreflightNote } from "../runtime/targets";

export type { Subject };

/** What a resource's constructor gets back: its gate (for `dependsOn`) and its `preflight` input. */
export interface Admission {
  gate: Promise<pulumi.Resource[]>;
  /** Resolves once the resource is released; never for a resource held back. */
  note: Promise<PreflightNote>;
}

/**
 * The access rules that need no request (principal format of the target's kind, relations,
 * duplicates). Who the key's user is, and whether each principal exists, the target tells (./remote).
 */
function accessRuleIssues(kind: PolicyKind, access: unknown, target: unknown): RuleIssue[] {
  return access === undefined || access === null
    ? []
    : accessIssues(kind, access, { datadog: targetKind(target) === "datadog" }, PREVIEW);
}

function admitWithNote(
  subject: Subject,
  secrets: SecretParts,
  checked: Promise<Checked & { target?: unknown; remoteChecked: boolean }>,
): Admission {
  // Secret values are hidden in every message of the checks, here and in the provider's check
  // (which gets plain values: the note tells it where the secrets were).
  const hidden = checked.then((c) => {
    const remote = c.remote;
    return {
      ...c,
      secrets: secrets.values,
      remote: remote && (() => withSecretValues(secrets.values, remote)),
    };
  });
  const gate = admit(subject, hidden);
  const note = Promise.all([gate, checked]).then(([, c]) => ({
    ...(require("./remote") as typeof import("./remote")).noteFor(c.target, c.remoteChecked),
    ...(secrets.paths.length ? { secretPaths: secrets.paths } : {}),
  }));
  return { gate, note };
}

export function preflightConnection(subject: Subject, inputs: Record<string, unknown>): Admission {
  const secrets = new SecretParts();
  return admitWithNote(
    subject,
    secrets,
    settle(inputs, secrets).then((known) =>
      withSecretValues(secrets.values, () => {
        const k = known as Record<string, unknown>;
        warnPlainHttp(k.target);
        const issues = [
          ...connectionInputIssues(k),
          ...targetIssues(k.target),
          ...accessRuleIssues("connection", k.access, k.target),
        ];
        const asks = k.access !== undefined && k.access !== null && !hasUnknownPart(k.target);
        const r = () => require("./remote") as typeof import("./remote");
        // Without access, only the keys (every target's, so each refused key is in this preview).
        const remote = asks
          ? () => r().askTarget("connection", k, issues.map(formatIssue))
          : hasUnknownPart(k.target)
            ? undefined
            : () => r().verifyKeys(k.target);
        return { issues, remote, target: k.target, remoteChecked: asks && !hasUnknownPart(k.access) };
      }),
    ),
  );
}

/**
 * `members` describe each member as the program declares it (for a Connection of the program:
 * its name, integration, tags, access and target; its id stays unknown, since waiting for it
 * would wait for that connection's creation). Members given by id are fetched by the remote step.
 */
export function preflightGroup(
  subject: Subject,
  inputs: GroupCheckInputs & { access?: unknown; target?: unknown; adoptId?: unknown; adoptDropsMissing?: unknown },
  members: (MemberFacts & { access?: unknown; target?: unknown; adoptId?: unknown; declared: boolean })[],
): Admission {
  const secrets = new SecretParts();
  const settledInputs = Promise.all([settle(inputs, secrets), settle(members, secrets, ["memberFacts"])]);
  const checked = settledInputs.then(([known, settled]) =>
    withSecretValues(secrets.values, () => {
      const k = known as GroupCheckInputs & { access?: unknown; target?: unknown; adoptId?: unknown };
      const facts = settled as (MemberFacts & {
        access?: unknown;
        target?: unknown;
        adoptId?: unknown;
        declared: boolean;
      })[];
      warnPlainHttp(k.target);
      const issues = [
        ...groupInputIssues(k, facts),
        ...targetIssues(k.target),
        ...accessRuleIssues("connection-group", k.access, k.target),
        ...targetMismatchIssues(k.target, facts),
      ];
      // A group to create on a Datadog site fails without a request (groups are made in Datadog's UI).
      const onSite = targetKind(k.target) === "datadog" && (k.adoptId === undefined || k.adoptId === null);
      if (onSite)
        issues.push({
          path: [],
          message: settings().withTarget(k.target, () =>
            (
              require("../runtime/group-adoption-check") as typeof import("../runtime/group-adoption-check")
            ).createInUiSentence(),
          ),
        });
      // What the target can do with groups (create one, or only adopt), and its members given by id.
      const asks = !hasUnknownPart(k.target) && !onSite;
      // The inputs the engine's check gets: declared members by what they declare, others by id.
      const news = {
        ...k,
        memberFacts: facts.map((f) =>
          f.declared
            ? { label: f.label, integration: f.integration, tags: f.tags, access: f.access, adoptId: f.adoptId }
            : null,
        ),
      };
      const remote = asks
        ? () =>
            (require("./remote") as typeof import("./remote")).askTarget(
              "connection-group",
              news,
              issues.map(formatIssue),
            )
        : undefined;
      return {
        issues,
        remote,
        target: k.target,
        remoteChecked: asks && !hasUnknownPart(k.access) && !facts.some((f) => hasUnknownPart(f.access)),
      };
    }),
  );
  return admitWithNote(subject, secrets, checked);
}

/** The resource options with the preflight's gate added to whatever the program depends on. */
export function gated<T extends pulumi.ResourceOptions>(opts: T | undefined, gate: Promise<pulumi.Resource[]>): T {
  const deps = opts?.dependsOn === undefined ? [] : [opts.dependsOn];
  // The SDK awaits promises inside dependsOn before it registers the resource.
  return { ...(opts ?? {}), dependsOn: [gate, ...deps] as unknown as pulumi.Input<pulumi.Resource>[] } as T;
}
