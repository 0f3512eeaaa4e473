/**
 * Who may view, resolve and edit a connection or group: its Datadog restriction policy, declared
 * with the resource. Principals are `user:<id>`, `role:<id>`, `team:<id>` or `org:<id>` (on a
 * Datadog site, user/role/team ids are UUIDs). Order does not matter. Leaving `access` out
 * leaves the policy on the target untouched; `{}` means no restriction (everyone in the org).
 */
import type * as pulumi from "@pulumi/pulumi";

type Principals = pulumi.Input<pulumi.Input<string>[]>;

interface SelfLockout {
  /**
   * Allow a policy that takes editor away from the application key's own user (Datadog's
   * `allow_self_lockout`). Without it, such a policy fails at preview: Pulumi could no longer
   * change or delete the resource.
   */
  allowSelfLockout?: pulumi.Input<boolean>;
}

/** Access to a connection: viewers read it, resolvers also use it in workflows, editors also change it. */
export interface ConnectionAccess extends SelfLockout {
  viewer?: Principals;
  resolver?: Principals;
  editor?: Principals;
}

/** Access to a connection group: viewers read and use it, editors also change it (groups have no resolver relation). */
export interface ConnectionGroupAccess extends SelfLockout {
  viewer?: Principals;
  editor?: Principals;
}
