/**
 * Secret inputs never quoted: each kind of rule that quotes a value says `[secret]` when the
 * value is secret in the current scope, still naming the property and the rule, and still
 * quotes it when it is not (a plain value in the message is useful). Also the provider's check,
 * which gets plain values and learns where the secrets were from the preflight's note.
 */
import { strict as assert } from "node:assert";
import {
  accessIssues,
  connectionIssues,
  formatIssue,
  memberIssues,
  hideSecretValues,
  quote,
  withSecretValues,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { connection } from "../../provider/runtime";

const SECRET = "ftp://internal.example.com/s3cr3t-path";
const http = (over: Record<string, unknown>) => ({
  name: "api",
  integration: { type: "HTTP", baseUrl: "https://ok.example.com", ...over },
  tags: [] as string[],
});

/** Each case: the inputs breaking one rule with `secret` somewhere, the property and the rule's words. */
const CASES: { what: string; secret: string; issues: (s: string) => string[]; property: RegExp; rule: RegExp }[] = [
  {
    what: "base URL",
    secret: SECRET,
    issues: (s) => connectionIssues(http({ baseUrl: s })).map(formatIssue),
    property: /^integration\.baseUrl /,
    rule: /http/,
  },
  {
    what: "header name",
    secret: "X-Secret Header",
    issues: (s) => connectionIssues(http({ headers: [{ name: s, value: "v" }] })).map(formatIssue),
    property: /^integration\.headers\[0\]\.name /,
    rule: /letter|digit/,
  },
  {
    what: "token name",
    secret: "bad token name!",
    issues: (s) => connectionIssues(http({ tokens: [{ name: s, value: "v" }] })).map(formatIssue),
    property: /^integration\.tokens\[0\]\.name /,
    rule: /letter/,
  },
  {
    what: "access principal",
    secret: "user:not a principal",
    issues: (s) => accessIssues("connection", { editor: [s] }, {}, PREVIEW).map(formatIssue),
    property: /^access\.editor\[0\] /,
    rule: /principal|id/,
  },
  {
    what: "tag",
    secret: "env:staging:east-secret",
    issues: (s) => connectionIssues({ ...http({}), tags: [s] }).map(formatIssue),
    property: /^tags\[0\] /,
    rule: /exactly one ':'/,
  },
  {
    what: "group member label (a tag in it)",
    secret: "account_id:1",
    issues: (s) =>
      memberIssues(
        { integration: "AWS", identifierTags: ["account_id"] },
        [
          { label: "a", integration: "AWS", tags: [s] },
          { label: "b", integration: "AWS", tags: [s] },
        ],
        PREVIEW,
      ).map(formatIssue),
    property: /^members\[1\] /,
    rule: /unique combination/,
  },
];

describe("rules: secret values are never quoted", () => {
  for (const c of CASES) {
    it(`${c.what}: plain is quoted, secret is [secret], the property and rule are named either way`, () => {
      const plain = c.issues(c.secret);
      assert.ok(plain.length > 0, `the case breaks a rule`);
      assert.ok(
        plain.some((m) => m.includes(JSON.stringify(c.secret).slice(1, 20)) || m.includes(c.secret.slice(0, 12))),
        `plain value quoted: ${plain.join(" | ")}`,
      );
      const secret = withSecretValues([c.secret], () => c.issues(c.secret)).map((m) => hideSecretValues(m, [c.secret]));
      for (const m of secret) {
        for (const part of [c.secret, JSON.stringify(c.secret).slice(1, -1)])
          assert.ok(!m.includes(part), `secret leaked: ${m}`);
      }
      assert.ok(
        secret.some((m) => c.property.test(m) && c.rule.test(m)),
        `property and rule still named: ${secret.join(" | ")}`,
      );
    });
  }

  it("quote hides a value that holds a secret, even when it would be cut short", () => {
    const long = `x${"y".repeat(200)}-secret`;
    withSecretValues([long], () => {
      assert.equal(quote(long), "[secret]");
      assert.equal(quote({ a: [long] }), "[secret]");
      assert.equal(quote("unrelated"), '"unrelated"');
    });
    assert.notEqual(quote(long), "[secret]", "outside the scope, quoted as usual");
  });

  it("short secrets are hidden where quoted, and never mangle paths", () => {
    withSecretValues(["1"], () => assert.equal(quote("1"), "[secret]"));
    assert.equal(hideSecretValues("members[1] x", ["1"]), "members[1] x");
  });

  it("the provider's check hides the values at the note's secret paths (it gets plain values)", async () => {
    const news = (preflight: Record<string, unknown>) => ({
      ...http({ baseUrl: SECRET, headers: [{ name: "X", value: "ok" }] }),
      tags: ["env:bad principal:x"],
      preflight: { keysVerified: true, ...preflight },
    });
    const plain = await connection.check({}, news({}));
    const plainText = plain.failures!.map((f) => f.reason).join("\n");
    assert.ok(plainText.includes(SECRET) && plainText.includes("env:bad principal:x"), plainText);

    const hidden = await connection.check(
      {},
      news({
        secretPaths: [
          ["integration", "baseUrl"],
          ["tags", 0],
        ],
      }),
    );
    const text = hidden.failures!.map((f) => f.reason).join("\n");
    assert.ok(!text.includes(SECRET) && !text.includes("bad principal"), text);
    assert.match(text, /integration\.baseUrl \[secret\]/);
    assert.match(text, /tags\[0\] \[secret\]: exactly one ':'/);
    assert.equal((hidden.inputs as Record<string, unknown>).preflight, undefined, "the note is not stored");
  });
});
