/** Connection groups: every group rule, the documented example (account ids), unknown-awareness, selection. */
import { strict as assert } from "node:assert";
import {
  formatIssue,
  groupSpecIssues,
  MAX_GROUP_MEMBERS,
  MemberFacts,
  memberIssues,
  RuleMode,
  selectMember,
  UNKNOWN,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

const group = (extra: Record<string, unknown> = {}) => ({
  name: "AWS accounts",
  integration: "AWS",
  identifierTags: ["account_id"],
  members: [],
  ...extra,
});
const spec = (g: unknown, mode?: RuleMode) => groupSpecIssues(g, mode).map(formatIssue);
const aws = (label: string, ...tags: string[]): MemberFacts => ({ label, id: `${label}-id`, integration: "AWS", tags });
const members = (keys: unknown, ms: MemberFacts[], integration: unknown = "AWS", mode?: RuleMode) =>
  memberIssues({ integration, identifierTags: keys }, ms, mode).map(formatIssue);

describe("rules: connection groups", () => {
  it("the documented example: distinct account ids group, equal ones do not", () => {
    assert.deepEqual(
      members(["account_id"], [aws("connectionA", "account_id:123456789"), aws("connectionB", "account_id:987654321")]),
      [],
    );
    assert.deepEqual(
      members(["account_id"], [aws("connectionA", "account_id:123456789"), aws("connectionC", "account_id:123456789")]),
      [
        'members[1] "connectionA" and "connectionC" both have account_id:123456789; each member needs a unique combination of identifier values (members[0] and members[1] clash)',
      ],
    );
  });

  it("a valid group, and an empty one, pass", () => {
    assert.deepEqual(spec(group()), []);
    assert.deepEqual(
      spec(
        group({
          identifierTags: ["account_id", "env", "region"],
          members: ["3f6c0b7e-0000-4000-8000-000000000001", "3f6c0b7e-0000-4000-8000-000000000002"],
        }),
      ),
      [],
    );
  });

  it("members are connection ids", () => {
    assert.deepEqual(spec(group({ members: ["aws-prod-a"] })), [
      'members[0] "aws-prod-a": is not a connection id (a UUID)',
    ]);
  });

  it("identifier tag keys: 1 to 3, valid keys, no duplicates, never empty", () => {
    assert.deepEqual(spec(group({ identifierTags: [] })), [
      "identifierTags must name at least one identifier tag key (a group's keys can be replaced but never emptied)",
    ]);
    assert.deepEqual(spec(group({ identifierTags: ["a", "b", "c", "d"] })), [
      "identifierTags may have at most 3 entries (got 4)",
    ]);
    assert.deepEqual(spec(group({ identifierTags: ["env", "env"] })), ['identifierTags[1] "env" is listed twice']);
    assert.deepEqual(spec(group({ identifierTags: ["default"] })), [
      `identifierTags[0] "default": 'default' is reserved and cannot be a tag key`,
    ]);
    assert.deepEqual(spec(group({ identifierTags: ["env:prod"] })), [
      `identifierTags[0] "env:prod": is a tag key, so it may not contain ':'`,
    ]);
  });

  it("name and integration type", () => {
    assert.deepEqual(spec(group({ name: "" })), ["name must not be empty"]);
    assert.match(spec(group({ integration: "Nope" }))[0], /^integration "Nope" is not one of "HTTP", "AWS"/);
  });

  it("members share the group's integration", () => {
    assert.deepEqual(
      members(["env"], [aws("a", "env:prod"), { label: "g", id: "g", integration: "GCP", tags: ["env:dev"] }]),
      ['members[1] "g" is a GCP connection, but the group is for AWS connections (members share one integration)'],
    );
  });

  it("each member has exactly one value per key", () => {
    assert.deepEqual(members(["env"], [aws("a", "team:x")]), [
      'members[0] "a" has no env tag, so a workflow could never select it; a member needs exactly one value per identifier key',
    ]);
    assert.deepEqual(members(["env"], [aws("a", "Env:prod")]), [
      'members[0] "a" has no env tag (it has Env:prod: tag keys are case-sensitive, and Datadog tags are conventionally lowercase), so a workflow could never select it; a member needs exactly one value per identifier key',
    ]);
    assert.deepEqual(
      members(["Env"], [aws("a", "env:prod", "ENV:x")])[0],
      'members[0] "a" has no Env tag (it has env:prod, ENV:x: tag keys are case-sensitive, and Datadog tags are conventionally lowercase), so a workflow could never select it; a member needs exactly one value per identifier key',
    );
    assert.deepEqual(members(["env"], [aws("a", "env:prod", "env:dev")]), [
      'members[0] "a" has 2 values for env (env:prod, env:dev); a member needs exactly one per identifier key',
    ]);
  });

  it("combinations over several keys must be unique; a partial overlap is fine", () => {
    const keys = ["env", "region"];
    assert.deepEqual(members(keys, [aws("a", "env:prod", "region:eu"), aws("b", "env:prod", "region:us")]), []);
    assert.deepEqual(members(keys, [aws("a", "env:prod", "region:eu"), aws("b", "region:eu", "env:prod")]), [
      'members[1] "a" and "b" both have env:prod, region:eu; each member needs a unique combination of identifier values (members[0] and members[1] clash)',
    ]);
  });

  it("a member listed twice is a shape rule (any spelling of the same UUID), and so is the member cap", () => {
    const id = "3f6c0b7e-0000-4000-8000-00000000000a";
    assert.deepEqual(spec(group({ members: [id, id.toUpperCase()] })), [
      `members[1] "${id.toUpperCase()}" is listed twice (also at index 0); a group lists each member once`,
    ]);
    const many = Array.from(
      { length: MAX_GROUP_MEMBERS + 1 },
      (_, i) => `3f6c0b7e-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    assert.deepEqual(spec(group({ members: many })), [
      `members may have at most ${MAX_GROUP_MEMBERS} entries (got ${MAX_GROUP_MEMBERS + 1})`,
    ]);
    assert.deepEqual(spec(group({ members: many.slice(1) })), []);
    const repeats = spec(group({ members: Array(100).fill(id) }));
    assert.equal(repeats.length, 11, "10 repeats named, the other 89 counted");
    assert.equal(repeats[10], "members lists 89 more repeated ids; a group lists each member once");
  });

  it("reports every problem at once", () => {
    assert.equal(
      members(["env"], [aws("a"), aws("b", "env:1", "env:2"), { label: "c", integration: "GCP", tags: ["env:x"] }])
        .length,
      3,
    );
  });

  describe("unknown values: skipped in PREVIEW mode only", () => {
    it("preview checks members by their tags while their ids are unknown", () => {
      const a = { label: "aws-prod-a", id: UNKNOWN, integration: "AWS", tags: ["account_id:123456789012"] };
      const b = { label: "aws-prod-b", id: UNKNOWN, integration: "AWS", tags: ["account_id:123456789012"] };
      assert.deepEqual(members(["account_id"], [a, b], "AWS", PREVIEW), [
        'members[1] "aws-prod-a" and "aws-prod-b" both have account_id:123456789012; each member needs a unique combination of identifier values (members[0] and members[1] clash)',
      ]);
      assert.deepEqual(spec(group({ members: [UNKNOWN, UNKNOWN] }), PREVIEW), [], "two unknown ids are not duplicates");
    });
    it("preview skips what it cannot know", () => {
      assert.deepEqual(members(UNKNOWN, [aws("a"), aws("b")], "AWS", PREVIEW), []);
      assert.deepEqual(members(["env"], [aws("a", UNKNOWN)], "AWS", PREVIEW), [], "an unknown tag may be the env tag");
      assert.deepEqual(members(["env"], [{ label: "a", integration: UNKNOWN, tags: UNKNOWN }], "AWS", PREVIEW), []);
      assert.deepEqual(
        spec({ name: UNKNOWN, integration: UNKNOWN, identifierTags: UNKNOWN, members: UNKNOWN }, PREVIEW),
        [],
      );
    });
    it("strict (the default) checks a sentinel like any other value", () => {
      assert.match(spec(group({ identifierTags: [UNKNOWN] })).join(), /identifierTags\[0\] .*must start with a letter/);
      assert.match(spec(group({ integration: UNKNOWN })).join(), /integration .* is not one of/);
      assert.deepEqual(
        spec(group({ name: UNKNOWN, members: [UNKNOWN] })),
        [],
        "a sentinel is a valid name and UUID-shaped id: judged, and fine",
      );
      // The issue's example: an unknown tag once hid that a member has no env tag.
      assert.deepEqual(members(["env"], [aws("a", UNKNOWN)]), [
        'members[0] "a" has no env tag, so a workflow could never select it; a member needs exactly one value per identifier key',
      ]);
      assert.match(spec(group({ members: [UNKNOWN, UNKNOWN] })).join(), /members\[1\] .* is listed twice/);
      // Beyond the named repeats too: strict counts them, preview (ids not known yet) skips them.
      const many = group({ members: Array(25).fill(UNKNOWN) });
      assert.match(spec(many).join("; "), /members\[11\] lists 14 more repeated ids/);
      assert.deepEqual(groupSpecIssues(many, PREVIEW), []);
      assert.match(
        members(["env"], [{ label: "a", integration: UNKNOWN, tags: ["env:x"] }]).join(),
        /is a 04da6b54-.* connection, but the group is for AWS/,
      );
    });
  });

  describe("selecting a member by identifier values", () => {
    const ms = [
      { id: "a", tags: ["env:prod", "region:eu"] },
      { id: "b", tags: ["env:dev", "region:eu"] },
    ];
    it("finds the one member, or none", () => {
      assert.equal(selectMember(["env", "region"], ms, { env: "dev", region: "eu" })?.id, "b");
      assert.equal(selectMember(["env", "region"], ms, { env: "qa", region: "eu" }), undefined);
    });
    it("needs exactly the group's keys", () => {
      assert.throws(
        () => selectMember(["env", "region"], ms, { env: "dev" }),
        /exactly the group's keys \(env, region\), got env/,
      );
    });
  });
});
