/**
 * GitOps: the same program for every environment; stacks differ only by stack config
 * (Pulumi.dev.yaml, Pulumi.prod.yaml). `ci.sh` shows the pipeline.
 */
import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup } from "pulumi-workflow-connections";

const config = new pulumi.Config();
const env = pulumi.getStack();
const accounts = config.requireObject<{ name: string; accountId: string; region: string }[]>("awsAccounts");
const role = config.get("role") ?? "datadog-workflows";

const connections = accounts.map(
  (a) =>
    new Connection(`aws-${a.name}`, {
      name: `AWS ${a.name} (${env})`,
      integration: { type: "AWS", accountId: a.accountId, role },
      tags: [`account_id:${a.accountId}`, `region:${a.region}`, `env:${env}`],
    }),
);

const group = new ConnectionGroup("aws", {
  name: `AWS accounts (${env})`,
  integration: "AWS",
  identifierTags: config.getObject<string[]>("identifierTags") ?? ["region"],
  members: connections,
});

export const groupId = group.id;
export const memberIds = group.members;
