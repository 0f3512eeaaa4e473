/**
 * The pack's policies called as @pulumi/policy calls them: properties wrapped in its own
 * unknown-checking proxy (reading an unknown through it throws), values unknown at preview as
 * Pulumi's sentinels. The CLI runs are in tests/e2e/policy-pack; these cover the rest of the
 * ground (this package's resources, every integration shape, unknowns, configuration).
 */
import * as assert from "node:assert/strict";
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { formatIssue, UNKNOWN } from "pulumi-workflow-connections-rules";
import { connectionInputIssues } from "../../provider/checks/connection";
import { groupInputIssues } from "../../provider/checks/group";
import { connectionAccess } from "../../policy-pack/policies/connection-access";
import { connectionFields } from "../../policy-pack/policies/connection-fields";
import { connectionGroups, groupMembers } from "../../policy-pack/policies/connection-groups";
import { declaredGroups } from "../../policy-pack/policies/declared-groups";
import { identifierTags } from "../../policy-pack/policies/identifier-tags";
import { ACTION_CONNECTION, CONNECTION, CONNECTION_GROUP, RESTRICTION_POLICY } from "../../policy-pack/support/types";

const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T };

let serial = 0;
function run(
  policy: ResourceValidationPolicy,
  type: string,
  name: string,
  props: Record<string, unknown>,
  config: unknown = {},
): string[] {
  const out: string[] = [];
  const args = {
    type,
    name,
    props: unknownCheckingProxy(props),
    urn: `urn:pulumi:test::p::${type}::${name}#${serial++}`,
    opts: {},
    getConfig: () => config,
    isType: () => false,
    asType: () => undefined,
    notApplicable: () => {
      throw new Error("n/a");
    },
  } as unknown as ResourceValidationArgs;
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
  for (const v of validations) v(args, (message: string) => out.push(message));
  return out;
}
const all = (type: string, name: string, props: Record<string, unknown>) =>
  [identifierTags, connectionFields, connectionAccess, connectionGroups].flatMap((p) => run(p, type, name, props));

const aws = (accountId: unknown, extra: Record<string, unknown> = {}) => ({
  aws: { assumeRole: { accountId, role: "workflows", ...extra } },
});

describe("policy pack: ActionConnection (@pulumi/datadog)", () => {
  it("reports each broken rule with the property as the program spells it", () => {
    const out = all(ACTION_CONNECTION, "prod", {
      name: "Prod",
      ...aws("12345678901"),
      tags: ["env:staging:east", "aws:default"],
    });
    assert.deepEqual(out.sort(), [
      `ActionConnection "prod": aws.assumeRole.accountId "12345678901": must be exactly 12 digits`,
      `ActionConnection "prod": tags[0] "env:staging:east": exactly one ':' is allowed`,
      `ActionConnection "prod": tags[1] "aws:default": 'default' is reserved and cannot be a tag value`,
    ]);
  });

  it("ignores what Datadog computes (externalId, principalId) and passes a valid connection", () => {
    assert.deepEqual(
      all(ACTION_CONNECTION, "ok", {
        name: "Ok",
        ...aws("123456789012", { externalId: "x", principalId: "y" }),
        tags: ["env:prod"],
      }),
      [],
    );
  });

  it("maps HTTP's tokenAuth fields and never quotes a secret", () => {
    const out = all(ACTION_CONNECTION, "api", {
      name: "API",
      http: {
        baseUrl: "ftp://x",
        tokenAuth: {
          tokens: [{ name: "bad name", type: "SECRET", value: "s3cr3t\u0007" }],
          headers: [{ name: "X-Ok", value: "v" }],
        },
      },
    });
    assert.ok(
      out.includes(
        `ActionConnection "api": http.baseUrl "ftp://x": must be an absolute http(s) URL, e.g. https://api.example.com`,
      ),
      out.join("\n"),
    );
    assert.ok(
      out.includes(
        `ActionConnection "api": http.tokenAuth.tokens[0].name "bad name": must start with a letter and contain only letters and digits`,
      ),
      out.join("\n"),
    );
    assert.ok(
      out.some((m) =>
        m.startsWith(`ActionConnection "api": http.tokenAuth.tokens[0].value contains a control character (U+0007)`),
      ),
      out.join("\n"),
    );
    assert.ok(!out.join("\n").includes("s3cr3t"));
  });

  it("names the credential block of an integration with several (Cloudflare) and a missing field", () => {
    const out = all(ACTION_CONNECTION, "cf", { name: "CF", cloudflare: { globalApiToken: { globalApiKey: "k" } } });
    assert.deepEqual(out, [`ActionConnection "cf": cloudflare.globalApiToken.authEmail is required`]);
  });

  it("judges numbers as the string the bridged provider stores (a YAML config value arrives as a number)", () => {
    assert.deepEqual(all(ACTION_CONNECTION, "n", { name: "N", ...aws(123456789012), tags: ["env:prod"] }), []);
    assert.deepEqual(all(ACTION_CONNECTION, "n", { name: "N", ...aws(33333333333) }), [
      `ActionConnection "n": aws.assumeRole.accountId "33333333333": must be exactly 12 digits`,
    ]);
  });

  it("wants exactly one integration block", () => {
    assert.deepEqual(
      all(ACTION_CONNECTION, "two", { name: "Two", ...aws("123456789012"), http: { baseUrl: "https://x.example" } }),
      [`ActionConnection "two": sets aws and http; a connection has exactly one integration block`],
    );
    assert.match(
      all(ACTION_CONNECTION, "none", { name: "None" })[0],
      /^ActionConnection "none": needs exactly one integration block \(one of anthropic, asana, aws,/,
    );
  });

  it("skips values unknown at preview and judges every known one (no false failure, no advisory)", () => {
    assert.deepEqual(all(ACTION_CONNECTION, "u", { name: UNKNOWN, ...aws(UNKNOWN), tags: UNKNOWN }), []);
    assert.deepEqual(all(ACTION_CONNECTION, "u2", { name: "U", aws: UNKNOWN, tags: [UNKNOWN, "env:a:b"] }), [
      `ActionConnection "u2": tags[1] "env:a:b": exactly one ':' is allowed`,
    ]);
  });
});

describe("policy pack: this package's Connection and ConnectionGroup", () => {
  it("says what the provider's check says", () => {
    const inputs = {
      name: "c",
      integration: { type: "AWS", accountId: "1", role: "r" },
      tags: ["default:x"],
      adoptId: "nope",
      __provider: "code",
    };
    const provider = connectionInputIssues(inputs)
      .map((i) => `Connection "c": ${formatIssue(i)}`)
      .sort();
    assert.ok(provider.length >= 3);
    assert.deepEqual(all(CONNECTION, "c", inputs).sort(), provider);
  });

  it("checks a group's declared members as the provider's check does at preview", () => {
    const inputs = {
      name: "g",
      integration: "AWS",
      identifierTags: ["env"],
      members: [UNKNOWN, UNKNOWN],
      memberFacts: [
        { label: "a", integration: "AWS", tags: ["env:prod"] },
        { label: "b", integration: "AWS", tags: ["env:prod"] },
      ],
    };
    const out = all(CONNECTION_GROUP, "g", inputs);
    const provider = groupInputIssues(inputs, groupMembers(inputs).facts).map(
      (i) => `ConnectionGroup "g": ${formatIssue(i)}`,
    );
    assert.equal(out.length, 1);
    assert.deepEqual(out, provider);
    assert.match(out[0], /"a" and "b" both have env:prod/);
  });

  it("checks a group as the engine shows it after the provider's check: members by the program's Connections", () => {
    all(CONNECTION, "m1", {
      name: "m1",
      integration: { type: "AWS", accountId: "111111111111", role: "r" },
      tags: ["env:prod"],
    });
    all(CONNECTION, "m2", { name: "m2", integration: { type: "OpenAI", apiToken: "k" }, tags: ["env:prod"] });
    const id = "5b0c1f9e-0a3d-4a6e-9a51-2d8f3c4b7e10";
    const out = all(CONNECTION_GROUP, "g2", {
      name: "g2",
      integration: "AWS",
      identifierTags: ["env"],
      members: { "(new) m1": "m1", [id]: "m2", "(new) other": "other" },
    });
    assert.deepEqual(out, [
      `ConnectionGroup "g2": members[1] "m2" is a OpenAI connection, but the group is for AWS connections (members share one integration)`,
      `ConnectionGroup "g2": members[1] "m1" and "m2" both have env:prod; each member needs a unique combination of identifier values (members[0] and members[1] clash)`,
    ]);
  });

  it("checks access inputs of both", () => {
    assert.deepEqual(
      all(CONNECTION_GROUP, "g", {
        name: "g",
        integration: "AWS",
        identifierTags: ["env"],
        members: [],
        access: { resolver: ["team:x"] },
      }),
      [`ConnectionGroup "g": access.resolver "resolver" is not a relation of connection groups (viewer, editor)`],
    );
  });
});

describe("policy pack: RestrictionPolicy (@pulumi/datadog)", () => {
  const team = "team:0f5e8f8a-6d0e-4c43-a1a6-3f0f6e1b9c21";
  const conn = "connection:5b0c1f9e-0a3d-4a6e-9a51-2d8f3c4b7e10";
  const check = (props: Record<string, unknown>) => run(connectionAccess, RESTRICTION_POLICY, "p", props);

  it("relations of the resource's type, Datadog principal formats", () => {
    assert.deepEqual(check({ resourceId: conn, bindings: [{ relation: "owner", principals: [team, "user:bob"] }] }), [
      `RestrictionPolicy "p": bindings[0].relation "owner" is not a relation of connections (viewer, resolver, editor)`,
      `RestrictionPolicy "p": bindings[0].principals[1] "user:bob": Datadog user ids are UUIDs`,
    ]);
    assert.deepEqual(
      check({
        resourceId: conn.replace("connection", "connection-group"),
        bindings: [{ relation: "viewer", principals: [team] }],
      }),
      [],
    );
  });

  it("leaves other resources alone, and waits for an unknown resource id or principal", () => {
    assert.deepEqual(
      check({ resourceId: "dashboard:abc-def-ghi", bindings: [{ relation: "owner", principals: ["x"] }] }),
      [],
    );
    assert.deepEqual(check({ resourceId: UNKNOWN, bindings: [{ relation: "owner", principals: ["x"] }] }), []);
    assert.deepEqual(
      check({
        resourceId: conn,
        bindings: [
          { relation: "viewer", principals: [UNKNOWN] },
          { relation: UNKNOWN, principals: [team] },
        ],
      }),
      [],
    );
  });
});

describe("policy pack: groups declared in the configuration", () => {
  const config = {
    groups: [
      { name: "accounts", integration: "AWS", identifierTags: ["account_id"], membersByTags: true },
      { name: "apis", integration: "HTTP", identifierTags: ["env"], members: ["a1"] },
    ],
  };
  const conn = (name: string, props: Record<string, unknown>) =>
    run(declaredGroups, ACTION_CONNECTION, name, { name, ...props }, config);

  it("members by tag keys: the second of two connections a workflow cannot tell apart, and two values for a key", () => {
    assert.deepEqual(conn("x1", { ...aws("111111111111"), tags: ["account_id:1"] }), []);
    assert.deepEqual(conn("x2", { ...aws("222222222222"), tags: ["account_id:1"] }), [
      `ActionConnection "x2": connection group "accounts": "x1" and "x2" both have account_id:1; each member needs a unique combination of identifier values`,
    ]);
    assert.deepEqual(conn("x3", { ...aws("333333333333"), tags: ["account_id:3", "account_id:4"] }), [
      `ActionConnection "x3": connection group "accounts": "x3" has 2 values for account_id (account_id:3, account_id:4); a member needs exactly one per identifier key`,
    ]);
  });

  it("members by resource name: the integration and a missing key", () => {
    assert.deepEqual(conn("a1", { ...aws("111111111111"), tags: ["Env:prod"] }), [
      `ActionConnection "a1": connection group "apis": "a1" is a AWS connection, but the group is for HTTP connections (members share one integration)`,
      `ActionConnection "a1": connection group "apis": "a1" has no env tag (it has Env:prod: tag keys are case-sensitive, and Datadog tags are conventionally lowercase), so a workflow could never select it; a member needs exactly one value per identifier key`,
    ]);
  });

  it("reports a declaration that breaks the group rules", () => {
    const out = run(
      declaredGroups,
      ACTION_CONNECTION,
      "z",
      { name: "z", ...aws("111111111111") },
      { groups: [{ name: "bad", integration: "AWS", identifierTags: ["default"] }] },
    );
    assert.deepEqual(out, [
      `the policy's configuration: groups[0].identifierTags[0] "default": 'default' is reserved and cannot be a tag key`,
    ]);
  });
});
