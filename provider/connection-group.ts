/**
 * A connection group: connections of one integration told apart by identifier tags, so a
 * workflow picks the right one at run time (e.g. by `account_id`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Connection } from "./connection";
import { gated, preflightGroup } from "./preflight";
import groupShim = require("./shims/connection-group");
import { UNKNOWN } from "pulumi-workflow-connections-rules";
import type { IntegrationType } from "./types";
import type { ConnectionGroupAccess } from "./access-types";
import type { ConnectionGroupAccessOutput } from "./outputs";
import { ConnectionGroupState, GROUP_OUTPUTS, lookupProps } from "./lookups/state";
import { ConnectionsTarget } from "./target";

export interface ConnectionGroupArgs {
  name: pulumi.Input<string>;
  /** What the group is for, as the Datadog UI shows it. Left out: an adopted group keeps its own. */
  description?: pulumi.Input<string>;
  /** The integration every member uses. Changing it replaces the group. */
  integration: pulumi.Input<IntegrationType>;
  /** 1 to 3 identifier tag keys, e.g. `["account_id"]`. */
  identifierTags: pulumi.Input<pulumi.Input<string>[]>;
  /** Connections of this program, and/or ids of existing connections. May be empty. */
  members?: (Connection | pulumi.Input<string>)[];
  /** Who may view and edit the group (its restriction policy). Left out: the policy is not touched. */
  access?: pulumi.Input<ConnectionGroupAccess>;
  /** Where it lives (see Connection's `target`); its members must be connections of the same target. */
  target?: ConnectionsTarget;
  /**
   * Adopt an existing group by id instead of creating one (Datadog's API cannot create groups:
   * they are made in its UI, then adopted). The preview says what adopting changes on it (name,
   * description, integration, tag keys, members added and dropped by name), and fails rather
   * than drop a live member this resource does not declare (see `adoptDropsMissing`). `up`
   * updates it to match; `destroy` deletes it where the target can, else leaves it as it is.
   * Changing it replaces the resource. See docs/adoption.md.
   */
  adoptId?: pulumi.Input<string>;
  /**
   * With `adoptId`: which live members the adoption may drop from the group. Without it, such an
   * adoption fails at preview, naming them. `true`: any; a list: those named (connection ids, or
   * their names).
   */
  adoptDropsMissing?: pulumi.Input<boolean | pulumi.Input<string>[]>;
}

const idOf = (m: Connection | pulumi.Input<string>): pulumi.Input<string> => (m instanceof Connection ? m.id : m);

const GROUP_TYPE = "pulumi-nodejs:dynamic/connections:ConnectionGroup";

export class ConnectionGroup extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly adoptId: pulumi.Output<string | undefined>;
  declare readonly adoptDropsMissing: pulumi.Output<boolean | string[] | undefined>;
  declare readonly integration: pulumi.Output<IntegrationType>;
  declare readonly identifierTags: pulumi.Output<string[]>;
  /**
   * Member connection ids, as the backend lists them. Unknown during a preview that creates or
   * changes the group (see `memberNames`).
   */
  declare readonly members: pulumi.Output<string[]>;
  /**
   * Member id -> its name (the Connection's resource name in this program, else its name on
   * the backend). Stored inputs and diffs hold the members this way, so removing a member reads
   * as one line. At preview, a member not created yet is keyed `(new) <name>`.
   */
  declare readonly memberNames: pulumi.Output<Record<string, string>>;
  /** The policy as last written or refreshed (normalized). */
  declare readonly access: pulumi.Output<ConnectionGroupAccessOutput | undefined>;
  /**
   * The ETag the target gave with the last read or write (the local backend sends them; Datadog
   * does not): updates send it as `If-Match`, so a change made outside the stack since then is
   * not overwritten (the update stops and asks for a `pulumi refresh`). See docs/etags.md.
   */
  declare readonly etag: pulumi.Output<string | undefined>;

  /**
   * An existing group by id, read only: Pulumi reads it and never writes it; `destroy` leaves
   * it alone. `memberNames` holds each member's name on the backend.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state?: Partial<ConnectionGroupState>,
    opts?: pulumi.CustomResourceOptions,
  ): ConnectionGroup {
    return new ConnectionGroup(name, (state ?? {}) as unknown as ConnectionGroupArgs, { ...opts, id });
  }

  constructor(name: string, args: ConnectionGroupArgs, opts?: pulumi.CustomResourceOptions) {
    if (opts?.id !== undefined) {
      // A lookup (`ConnectionGroup.get`): the engine reads it instead of registering it.
      super(groupShim, name, lookupProps(GROUP_OUTPUTS, args), opts, "connections", "ConnectionGroup");
      return;
    }
    const members = args.members ?? [];
    // What the program declares about each member of its own (null for one given by id, or looked up).
    const declared = members.map((m) => (m instanceof Connection ? (m.declared ?? null) : null));
    // Checked with every other resource of the program before any is registered (./preflight).
    // A member of this program is checked by what it declares; its id is not waited for.
    const gate = preflightGroup(
      { name, type: GROUP_TYPE, parent: opts?.parent },
      {
        name: args.name,
        description: args.description,
        adoptId: args.adoptId,
        adoptDropsMissing: args.adoptDropsMissing,
        integration: args.integration,
        identifierTags: args.identifierTags,
        members: members.map((m, i) => (declared[i] ? UNKNOWN : idOf(m))),
        access: args.access,
        target: args.target?.input,
      },
      members.map((m, i) =>
        declared[i]
          ? { ...declared[i]!, id: UNKNOWN, declared: true }
          : { label: `members[${i}]`, id: idOf(m), declared: false },
      ),
    );
    super(
      groupShim,
      name,
      {
        name: args.name,
        description: args.description,
        integration: args.integration,
        identifierTags: args.identifierTags,
        members: members.map(idOf),
        adoptId: args.adoptId,
        adoptDropsMissing: args.adoptDropsMissing,
        // Names the resource in what the provider says at preview (adoption) and destroy (a group left as it is).
        adoptUrn: pulumi.createUrn(name, GROUP_TYPE, opts?.parent),
        // What preview checks members against while their ids are still unknown: the tags and
        // integration the program declares for them. Existing connections (given by id) are
        // fetched from the backend instead. Only check reads it: it is kept out of state and diffs.
        memberFacts: declared.map((d) =>
          d ? { label: d.label, integration: d.integration, tags: d.tags, access: d.access, adoptId: d.adoptId } : null,
        ),
        memberNames: undefined,
        access: args.access,
        etag: undefined,
        target: args.target?.input,
        // Check-only: what the preflight already asked the target (never stored, see runtime/targets.ts).
        preflight: gate.note,
      },
      gated(opts, gate.gate),
      "connections",
      "ConnectionGroup",
    );
  }
}
