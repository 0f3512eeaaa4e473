/**
 * Access as code: the payments team may use (resolve) the payments connections in workflows;
 * only the admin role may change them. Everyone else in the org does not see them at all.
 *
 *   pulumi config set resolverTeam team:<team id>    # who may use them
 *   pulumi config set editorRole role:<role id>      # who may change them (the key's user must hold it)
 *   pulumi preview && pulumi up
 *
 * `pulumi preview` checks the principals, the relations, and that the application key's user
 * stays an editor (and may resolve every member of the group) before anything is written.
 */
import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup } from "pulumi-workflow-connections";

const config = new pulumi.Config();
const resolverTeam = config.require("resolverTeam");
const editorRole = config.require("editorRole");

const accounts = [
  { name: "payments-eu", accountId: "111111111111", region: "eu-west-1" },
  { name: "payments-us", accountId: "222222222222", region: "us-east-1" },
].map(
  (a) =>
    new Connection(a.name, {
      name: a.name,
      integration: { type: "AWS", accountId: a.accountId, role: "workflows-payments" },
      tags: [`region:${a.region}`],
      // Connections: viewer < resolver (may use it in a workflow) < editor (may change it).
      access: { resolver: [resolverTeam], editor: [editorRole] },
    }),
);

const group = new ConnectionGroup("payments", {
  name: "Payments AWS accounts",
  integration: "AWS",
  identifierTags: ["region"],
  members: accounts,
  // Groups have viewer (may use it) and editor.
  access: { viewer: [resolverTeam], editor: [editorRole] },
});

export const connectionIds = accounts.map((c) => c.id);
export const groupId = group.id;
