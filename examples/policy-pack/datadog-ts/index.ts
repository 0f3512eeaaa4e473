/**
 * Workflow connections declared with @pulumi/datadog, which checks none of the connection rules
 * itself: `pulumi preview --policy-pack ../../../policy-pack` does. Every value a check could
 * trip on comes from stack config (with correct defaults), so the same program shows each
 * mistake: see docs/policy-pack.md.
 */
import * as pulumi from "@pulumi/pulumi";
import * as datadog from "@pulumi/datadog";

const config = new pulumi.Config();
const prodEnvTag = config.get("prodEnvTag") ?? "env:prod";
const sandboxAccountId = config.get("sandboxAccountId") ?? "333333333333";
const stagingAccountTag = config.get("stagingAccountTag") ?? "account_id:222222222222";
const groupRelation = config.get("groupRelation") ?? "viewer";
const connectionRelation = config.get("connectionRelation") ?? "resolver";

// Three AWS accounts: members of the "aws-accounts" group the pack's config declares, told
// apart by their account_id tag.
const awsProd = new datadog.ActionConnection("aws-prod", {
  name: "AWS prod",
  aws: { assumeRole: { accountId: "111111111111", role: "datadog-workflows" } },
  tags: [prodEnvTag, "account_id:111111111111"],
});
new datadog.ActionConnection("aws-staging", {
  name: "AWS staging",
  aws: { assumeRole: { accountId: "222222222222", role: "datadog-workflows" } },
  tags: ["env:staging", stagingAccountTag],
});
new datadog.ActionConnection("aws-sandbox", {
  name: "AWS sandbox",
  aws: { assumeRole: { accountId: sandboxAccountId, role: "datadog-workflows" } },
  tags: ["env:sandbox", "account_id:333333333333"],
});

new datadog.ActionConnection("orders-api", {
  name: "Orders API",
  http: {
    baseUrl: "https://orders.example.com",
    tokenAuth: {
      tokens: [{ name: "apiToken", type: "SECRET", value: config.getSecret("ordersToken") ?? "demo-token" }],
    },
  },
  tags: ["env:prod"],
});

// Who may use what: a connection group's policy (groups have viewer and editor only) and one on
// a connection created above, whose id is unknown until it exists.
new datadog.RestrictionPolicy("group-access", {
  resourceId: "connection-group:5b0c1f9e-0a3d-4a6e-9a51-2d8f3c4b7e10",
  bindings: [{ relation: groupRelation, principals: ["team:0f5e8f8a-6d0e-4c43-a1a6-3f0f6e1b9c21"] }],
});
new datadog.RestrictionPolicy("aws-prod-access", {
  resourceId: pulumi.interpolate`connection:${awsProd.id}`,
  bindings: [{ relation: connectionRelation, principals: ["role:7d1e6c2a-3b4f-4e5a-8c9d-0a1b2c3d4e5f"] }],
});
