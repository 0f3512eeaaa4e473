/**
 * Quickstart: an HTTP connection with a secret token, and three AWS connections grouped by
 * `account_id`, so a workflow can pick the account at run time.
 */
import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup } from "pulumi-workflow-connections";

const config = new pulumi.Config();
// Set with `pulumi config set --secret statusApiToken ...` (npm start sets a random one).
const statusApiToken = config.requireSecret("statusApiToken");

const statusApi = new Connection("status-api", {
  name: "Status page API",
  integration: {
    type: "HTTP",
    baseUrl: "https://status.example.com/api/v2",
    tokens: [{ name: "apiToken", value: statusApiToken }],
    headers: [{ name: "Authorization", value: "Bearer {{ apiToken }}" }],
  },
  tags: ["service:status-page"],
});

const account = (name: string, accountId: string, extraTags: string[] = []) =>
  new Connection(name, {
    name: `AWS ${name}`,
    integration: { type: "AWS", accountId, role: "datadog-workflows" },
    tags: [`account_id:${accountId}`, ...extraTags],
  });

const prodA = account("aws-prod-a", "111111111111", ["env:prod"]);
const prodB = account("aws-prod-b", "222222222222");
const staging = account("aws-staging", "333333333333");

const accounts = new ConnectionGroup("aws-accounts", {
  name: "AWS accounts",
  integration: "AWS",
  identifierTags: ["account_id"],
  members: [prodA, prodB, staging],
});

export const statusApiConnectionId = statusApi.id;
export const awsConnections = { prodA: prodA.id, prodB: prodB.id, staging: staging.id };
export const prodAExternalId = prodA.externalId;
export const groupId = accounts.id;
export const groupMembers = accounts.members;
