/**
 * Every kind of mistake `pulumi preview` catches before anything is written. A plain
 * `pulumi preview` reports all of them at once, each under its own resource; pick one to see
 * it alone:
 *
 *   npm run example -- invalid tags       # tags | integration | keys | clash | mixed | forbidden | all
 *
 * (from the repository root: it starts the local backend and runs `pulumi preview -c mistake=tags`
 * here; `forbidden` also creates the connection it needs).
 */
import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup } from "pulumi-workflow-connections";

const config = new pulumi.Config();
const MISTAKES = ["tags", "integration", "keys", "clash", "mixed", "forbidden", "all"];
const mistake = config.get("mistake") ?? "all";
// A misspelt mistake would otherwise declare nothing and pass.
if (!MISTAKES.includes(mistake)) throw new Error(`unknown mistake "${mistake}": use one of ${MISTAKES.join(", ")}`);
const show = (kind: string) => mistake === "all" || mistake === kind;

// Identifier tags: each breaks one identifier-tag rule (two colons, no value, `default` as key or value).
if (show("tags"))
  new Connection("bad-tags", {
    name: "Bad tags",
    integration: { type: "OpenAI", apiToken: "sk-example" },
    tags: ["env:staging:east", "env", "default:yes", "aws:default"],
  });

// An integration field: an AWS account id is exactly 12 digits.
if (show("integration"))
  new Connection("bad-account", {
    name: "Bad account",
    integration: { type: "AWS", accountId: "12345", role: "workflows" },
  });

// A group with more than three identifier keys.
if (show("keys"))
  new ConnectionGroup("too-many-keys", {
    name: "Too many keys",
    integration: "AWS",
    identifierTags: ["account_id", "env", "region", "team"],
  });

// Members a workflow could not tell apart, and a member of another integration.
const a = () =>
  new Connection("aws-a", {
    name: "AWS A",
    integration: { type: "AWS", accountId: "111111111111", role: "workflows" },
    tags: ["env:prod"],
  });
const b = () =>
  new Connection("aws-b", {
    name: "AWS B",
    integration: { type: "AWS", accountId: "222222222222", role: "workflows" },
    tags: ["env:prod"],
  });
const awsStaging = () =>
  new Connection("aws-staging", {
    name: "AWS staging",
    integration: { type: "AWS", accountId: "333333333333", role: "workflows" },
    tags: ["env:staging"],
  });
const gcp = () =>
  new Connection("gcp", {
    name: "GCP",
    integration: {
      type: "GCP",
      serviceAccountEmail: "wf@example.iam.gserviceaccount.com",
      privateKey: "-----BEGIN PRIVATE KEY-----",
    },
    tags: ["env:dev"],
  });
if (show("clash"))
  new ConnectionGroup("clashing", {
    name: "Clashing",
    integration: "AWS",
    identifierTags: ["env"],
    members: [a(), b()],
  });
// Connections of its own, so that `all` declares both groups without a resource name twice.
if (show("mixed"))
  new ConnectionGroup("mixed", {
    name: "Mixed",
    integration: "AWS",
    identifierTags: ["env"],
    members: [awsStaging(), gcp()],
  });

// An existing connection the application key's user may not resolve: its id in
// forbiddenConnectionId. `npm run example -- invalid forbidden` creates one as another user, with a
// restriction policy that leaves you viewer only, and sets it.
const forbidden = config.get("forbiddenConnectionId");
if (mistake === "forbidden" && !forbidden) {
  throw new Error(
    "mistake=forbidden needs forbiddenConnectionId: the id of a connection the application key's user may view " +
      "but not resolve. `npm run example -- invalid forbidden` (from the repository root) creates one and sets it; " +
      "or pass -c forbiddenConnectionId=<uuid>",
  );
}
if (forbidden && show("forbidden")) {
  new ConnectionGroup("not-resolvable", {
    name: "Not resolvable",
    integration: "AWS",
    identifierTags: ["account_id"],
    members: [forbidden],
  });
}
