/** Shared helpers for the two providers' inputs. */
import type * as pulumi from "@pulumi/pulumi";
import { formatIssue, isUnknown, RuleIssue } from "pulumi-workflow-connections-rules";

/** Every resource's inputs and outputs carry the serialized provider; rules must not see it. */
export function withoutProvider<T extends object>(props: T): T {
  const { __provider: _ignored, ...rest } = props as Record<string, unknown>;
  return rest as T;
}

/**
 * Rule issues -> check failures. The reason starts with the full path (`tags[1] "env": ...`), so
 * it names the property itself; `property` stays empty on purpose: when it is set, the engine
 * prints that input's whole value next to the reason, and the dynamic provider's inputs are
 * not marked secret, so a failure in `integration` would print its credentials.
 */
export function toFailures(issues: RuleIssue[]): pulumi.dynamic.CheckFailure[] {
  return issues.map((issue) => ({ property: "", reason: formatIssue(issue) }));
}

/** Deep equality of JSON-like values (state and inputs are JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** Tags compare as sets: reordering them is not a change. */
export function sameTags(a: unknown, b: unknown): boolean {
  const norm = (t: unknown) => (Array.isArray(t) ? [...t].sort() : (t ?? []));
  return sameValue(norm(a), norm(b));
}

export { isUnknown };
