/**
 * What the preflight can tell about a resource's `target` without asking it: a usable site or
 * URL, its kind (a Datadog site checks principal ids as UUIDs), and that a group's members
 * declared in the program are on the group's own target (a group holds connections of its
 * target only: a member elsewhere is not found there).
 */
import * as pulumi from "@pulumi/pulumi";
import { isUnknown, MemberFacts, quote, RuleIssue } from "pulumi-workflow-connections-rules";
import type * as settingsModule from "../runtime/settings";

let configured: typeof settingsModule | undefined;

/** The provider's settings, with the default target read from this stack's config (as `configure` will). */
export function settings(): typeof settingsModule {
  if (!configured) {
    configured = require("../runtime/settings") as typeof settingsModule;
    configured.configureFromProgram();
  }
  return configured;
}

/** True when any part of `value` is Pulumi's unknown sentinel. */
export function hasUnknownPart(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(hasUnknownPart);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnknownPart);
  return false;
}

function resolved(target: unknown) {
  const s = settings();
  const spec = s.targetSpecOf(target);
  return s.resolveTarget(spec);
}

/** "datadog" for a Datadog site, "other" for another URL, undefined when it cannot be told. */
export function targetKind(target: unknown): "datadog" | "other" | undefined {
  if (hasUnknownPart(target)) return undefined;
  try {
    return resolved(target).isDatadog ? "datadog" : "other";
  } catch {
    return undefined;
  }
}

/** Problems of an explicit target's site or URL (the default target's are the provider's to report). */
export function targetIssues(target: unknown): RuleIssue[] {
  if (target === undefined || target === null || hasUnknownPart(target)) return [];
  const spec = settings().targetSpecOf(target)!;
  const name = `ConnectionsTarget ${quote(spec.name)}`;
  if (spec.site !== undefined && spec.apiUrl !== undefined)
    return [{ path: ["target"], message: `${name} gives both site and apiUrl; give one of them` }];
  try {
    resolved(target);
  } catch (err) {
    return [{ path: ["target"], message: `${name}: ${err instanceof Error ? err.message : String(err)}` }];
  }
  return [];
}

const warnedPlainHttp = new Set<string>();

/**
 * A target that sends the keys over plain HTTP to a host that is not loopback (allowed only by
 * `allowInsecureHttp`) is said once per target in each preview and update: the opt-in must not
 * become invisible. A target that cannot be resolved is reported elsewhere.
 */
export function warnPlainHttp(target: unknown): void {
  if (hasUnknownPart(target)) return;
  let plain: boolean;
  try {
    plain = resolved(target).plainHttp === true;
  } catch {
    return;
  }
  const where = describe(target);
  if (!plain || warnedPlainHttp.has(where)) return;
  warnedPlainHttp.add(where);
  void pulumi.log.warn(
    `${where} uses plain HTTP to a host that is not loopback (allowInsecureHttp): the API and application keys ` +
      "travel in clear text on every request; use https unless every network on the way is trusted",
  );
}

function describe(target: unknown): string {
  return settings().describeTarget(settings().targetSpecOf(target));
}

/** Declared members whose target is not the group's. */
export function targetMismatchIssues(
  groupTarget: unknown,
  members: readonly (MemberFacts & { target?: unknown; declared: boolean })[],
): RuleIssue[] {
  if (hasUnknownPart(groupTarget)) return [];
  const s = settings();
  const own = s.targetIdentity(s.targetSpecOf(groupTarget));
  const issues: RuleIssue[] = [];
  members.forEach((m, i) => {
    if (!m.declared || hasUnknownPart(m.target)) return;
    if (s.targetIdentity(s.targetSpecOf(m.target)) === own) return;
    issues.push({
      path: ["members", i],
      message: `${quote(m.label)} is on ${describe(m.target)}, but the group is on ${describe(groupTarget)}: a group's members must be connections of its own target; give the connection the group's target`,
    });
  });
  return issues;
}
