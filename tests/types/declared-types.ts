/**
 * Type-level facts about the outputs, compiled by ./outputs.test.ts (never run). Lines marked
 * `@ts-expect-error` must fail to compile: the compile fails if they ever type-check.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Connection,
  ConnectionGroup,
  GetConnectionResult,
  GetConnectionGroupResult,
  getConnection,
  getConnectionGroupOutput,
  getConnectionOutput,
} from "pulumi-workflow-connections";

declare const conn: Connection;
declare const group: ConnectionGroup;

// Integration fields are plain values inside apply (not Inputs).
export const account: pulumi.Output<string> = conn.integration.apply((i) =>
  i.type === "AWS" ? i.accountId.toUpperCase() : i.type,
);
export const tokenNames: pulumi.Output<string[]> = conn.integration.apply((i) =>
  i.type === "HTTP" ? (i.tokens ?? []).map((t) => t.name) : [],
);
export const resolvers: pulumi.Output<string[]> = conn.access.apply((a) => a?.resolver ?? []);
// members is a list of ids; memberNames the map.
export const count: pulumi.Output<number> = group.members.apply((m) => m.length);
export const names: pulumi.Output<string[]> = group.memberNames.apply((m) => Object.values(m));
// @ts-expect-error members is not a map
export const membersAsMap: pulumi.Output<Record<string, string>> = group.members;
// @ts-expect-error memberNames is not a list
export const namesAsList: pulumi.Output<string[]> = group.memberNames;

// Lookups: resources read by id, and functions.
const looked = Connection.get("existing", "3f6c0b7e-0000-4000-8000-000000000001");
const lookedGroup = ConnectionGroup.get("existing-group", pulumi.output("3f6c0b7e-0000-4000-8000-000000000002"));
export const lookedName: pulumi.Output<string> = looked.name;
export const lookedMembers: pulumi.Output<string[]> = lookedGroup.members;
export const grouped = new ConnectionGroup("with-looked-up-member", {
  name: "g",
  integration: "AWS",
  identifierTags: ["account_id"],
  members: [looked],
});
export const fetched: Promise<string> = getConnection({ id: "3f6c0b7e-0000-4000-8000-000000000001" }).then(
  (c: GetConnectionResult) => c.integrationType,
);
export const fetchedOutput: pulumi.Output<string[]> = getConnectionOutput({ id: looked.id }).tags;
export const fetchedGroup: pulumi.Output<number> = getConnectionGroupOutput({ id: lookedGroup.id }).apply(
  (g: GetConnectionGroupResult) => g.members.length,
);
