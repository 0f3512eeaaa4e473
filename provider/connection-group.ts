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
import type { ConnectionGroupAccess } from "./access";

export interface ConnectionGroupArgs {
  name: pulumi.Input<string>;
  /** The integration every member uses. Changing it replaces the group. */
  integration: pulumi.Input<IntegrationType>;
  /** 1 to 3 identifier tag keys, e.g. `["account_id"]`. */
  identifierTags: pulumi.Input<pulumi.Input<string>[]>;
  /** Connections of this program, and/or ids of existing connections. May be empty. */
  members?: (Connection | pulumi.Input<string>)[];
  /** Who may view and edit the group (its restriction policy). Left out: the policy is not touched. */
  access?: pulumi.Input<ConnectionGroupAccess>;
}

export class ConnectionGroup extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly integration: pulumi.Output<IntegrationType>;
  declare readonly identifierTags: pulumi.Output<string[]>;
  /** Member connection ids. */
  declare readonly members: pulumi.Output<string[]>;
  /**
   * Member id -> its name (the Connection's resource name in this program, else its name on
   * the backend). Diffs show `members` this way, so removing a member reads as that id removed.
   */
  declare readonly memberNames: pulumi.Output<Record<string, string>>;
  /** The policy as last written or refreshed (normalized). */
  declare readonly access: pulumi.Output<ConnectionGroupAccess | undefined>;

  constructor(name: string, args: ConnectionGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const members = args.members ?? [];
    // What the program declares about each member of its own (null for one given by id).
    const declared = members.map((m) => (m instanceof Connection ? m.declared : null));
    // Checked with every other resource of the program before any is registered (./preflight).
    // A member of this program is checked by what it declares; its id is not waited for.
    const gate = preflightGroup(
      { name, type: "pulumi-nodejs:dynamic/connections:ConnectionGroup", parent: opts?.parent },
      { name: args.name, integration: args.integration, identifierTags: args.identifierTags, members: members.map((m, i) => (declared[i] ? UNKNOWN : m)), access: args.access },
      members.map((m, i) => declared[i] ? { ...declared[i]!, id: UNKNOWN } : { label: `members[${i}]`, id: m }),
    );
    super(
      groupShim,
      name,
      {
        name: args.name,
        integration: args.integration,
        identifierTags: args.identifierTags,
        members: members.map((m) => (m instanceof Connection ? m.id : m)),
        // What preview checks members against while their ids are still unknown: the tags and
        // integration the program declares for them. Existing connections (given by id) are
        // fetched from the backend instead. Only check reads it: it is kept out of state and diffs.
        memberFacts: declared,
        memberNames: undefined,
        access: args.access,
      },
      gated(opts, gate),
      "connections",
      "ConnectionGroup",
    );
  }
}
