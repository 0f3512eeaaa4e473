/**
 * What adopting an existing connection changes, as the preview reports it: computed from the
 * live connection (secrets blank, as the API returns them) and the program's declaration.
 */
import { strict as assert } from "node:assert";
import { adoptionPlan } from "../../provider/runtime/adoption-plan";
import { describePlan } from "../../provider/runtime/adoption-check";
import { UNKNOWN } from "pulumi-workflow-connections-rules";

const jira = {
  name: "jira (hand-made)",
  tags: ["team:support"],
  integration: {
    type: "HTTP",
    baseUrl: "https://jira.example.com",
    tokens: [{ name: "apiToken", value: "" }],
    headers: [
      { name: "Authorization", value: "Bearer {{ apiToken }}" },
      { name: "X-Team", value: "support" },
    ],
    urlParameters: [{ name: "project", value: "OPS" }],
  },
};

describe("adoption plan: what adopting changes, before anything is written", () => {
  it("HTTP: a rename, a tag, a header value; tokens written by name; entries the program lacks are drops", () => {
    const plan = adoptionPlan(jira, {
      name: "Jira",
      tags: ["team:support", "env:prod"],
      integration: {
        type: "HTTP",
        baseUrl: "https://jira.example.com",
        tokens: [{ name: "apiToken", value: "s3cret" }],
        headers: [{ name: "X-Team", value: "ops" }],
      },
    });
    assert.deepEqual(plan.changes, [
      'name: "jira (hand-made)" → "Jira"',
      'tags: + "env:prod"',
      'header "X-Team": value changed',
    ]);
    assert.deepEqual(plan.secretsWritten, ["tokens.apiToken"]);
    assert.deepEqual(plan.drops, ["headers.Authorization", "urlParameters.project"]);
    const text = describePlan("id-1", jira.name, plan);
    assert.doesNotMatch(text, /s3cret|"ops"|Bearer/, "no secret, header or parameter value is shown");
  });

  it("the same declaration changes nothing, and says which secrets it writes", () => {
    const plan = adoptionPlan(jira, {
      name: jira.name,
      tags: ["team:support"],
      integration: { ...jira.integration, tokens: [{ name: "apiToken", value: "s3cret" }] },
    });
    assert.deepEqual([plan.changes, plan.drops], [[], []]);
    assert.match(
      describePlan("id-1", jira.name, plan),
      /changes nothing: its name, tags and integration fields match this program; it writes these secret fields from this program .*: tokens\.apiToken/,
    );
  });

  it("another integration type replaces the whole integration: every live field is a drop", () => {
    const plan = adoptionPlan(jira, {
      name: jira.name,
      tags: jira.tags,
      integration: { type: "OpenAI", apiToken: "sk" },
    });
    assert.deepEqual(plan.changes, ["integration: HTTP → OpenAI, replaced whole"]);
    assert.deepEqual(plan.drops, [
      "tokens.apiToken",
      "headers.Authorization",
      "headers.X-Team",
      "urlParameters.project",
    ]);
    assert.deepEqual(plan.secretsWritten, ["apiToken"]);
  });

  it("same type with fields: non-secret values compared, secrets written, optional fields left out are kept (the API keeps them)", () => {
    const live = {
      name: "az",
      tags: [],
      integration: { type: "Azure", tenantId: "t1", appClientId: "a", clientSecret: "", customScopes: "s" },
    };
    const plan = adoptionPlan(live, {
      name: "az",
      tags: [],
      integration: { type: "Azure", tenantId: "t2", appClientId: "a", clientSecret: "x" },
    });
    assert.deepEqual(plan.changes, ['tenantId: "t1" → "t2"']);
    assert.deepEqual(plan.drops, []);
    assert.deepEqual(plan.kept, ["customScopes"]);
  });

  it("values unknown at preview are said to be known at up, never guessed", () => {
    const plan = adoptionPlan(jira, { name: UNKNOWN, tags: UNKNOWN, integration: UNKNOWN });
    assert.deepEqual(plan.changes, [
      'name: "jira (hand-made)" → (known at up)',
      "tags: known at up",
      "integration: known at up",
    ]);
  });
});
