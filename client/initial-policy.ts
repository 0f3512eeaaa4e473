/**
 * Create-with-policy, the local backend's extension of Datadog's API: a `POST` of a connection
 * or group carries its restriction policy in the top-level `meta`, and the backend writes both
 * in one transaction, so nobody the policy leaves out ever sees the new resource:
 *
 *   {"data": {...}, "meta": {"restriction_policy": {"bindings": [...], "allow_self_lockout": true}}}
 *
 * The 201 echoes what it stored in `meta.restriction_policy.bindings`. Datadog's API has no such
 * extension (its create and its policy write are two requests).
 */
import type { Binding } from "pulumi-workflow-connections-rules";
import { isObj, stringList } from "pulumi-workflow-connections-rules";

export interface InitialPolicy {
  bindings: Binding[];
  /** Let the policy take editor away from the key's own user (Datadog's `allow_self_lockout`). */
  allowSelfLockout?: boolean;
}

/** The body's `meta` for `policy`. */
export function initialPolicyMeta(policy: InitialPolicy): Record<string, unknown> {
  const restriction_policy: Record<string, unknown> = {
    bindings: policy.bindings.map((b) => ({ relation: b.relation, principals: [...b.principals] })),
  };
  if (policy.allowSelfLockout) restriction_policy.allow_self_lockout = true;
  return { restriction_policy };
}

/** The bindings a 201 says it stored; undefined when it does not say (a server without the extension). */
export function echoedPolicy(body: unknown): Binding[] | undefined {
  const meta = isObj(body) ? body.meta : undefined;
  const policy = isObj(meta) ? meta.restriction_policy : undefined;
  if (!isObj(policy) || !Array.isArray(policy.bindings)) return undefined;
  return policy.bindings
    .filter(isObj)
    .map((b) => ({ relation: String(b.relation ?? ""), principals: stringList(b.principals) }));
}

/** What `createWithPolicy` returns: the resource, and the policy the server says it stored with it. */
export interface CreatedWithPolicy<T> {
  resource: T;
  /** undefined: the server did not echo it (read it back before trusting it). */
  policy?: Binding[];
}
