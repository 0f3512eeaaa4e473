/** Secret fields given by reference: accepted in a program's inputs (PREVIEW), refused by the backend (STRICT). */
import { strict as assert } from "node:assert";
import {
  CATALOG,
  connectionIssues,
  formatIssue,
  RuleMode,
  secretPaths,
  STRICT,
  UNKNOWN,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

const messages = (integration: unknown, mode: RuleMode) =>
  connectionIssues({ name: "c", integration }, mode).map(formatIssue);
const ref = (fromEnv: unknown = "TOKEN_VAR", version: unknown = 1) => ({ fromEnv, version });

/** Every credential type, its required fields filled: secret ones with `secret`, others with a valid value. */
function everyCredential(
  secret: (field: string) => unknown,
): { label: string; spec: Record<string, unknown>; secrets: string[] }[] {
  const out = [];
  for (const def of CATALOG) {
    if (def.type === "HTTP") continue;
    for (const cred of def.credentials) {
      const spec: Record<string, unknown> = { type: def.type, credentialType: cred.type };
      for (const [field, f] of Object.entries(cred.fields)) {
        if (!f.required) continue;
        if (f.secret) spec[field] = secret(field);
        else if (def.type === "AWS") spec[field] = field === "accountId" ? "123456789012" : "workflows";
        else spec[field] = `${field}-value`;
      }
      out.push({
        label: `${def.type}/${cred.type}`,
        spec,
        secrets: secretPaths(spec as never).map((p) => String(p[0])),
      });
    }
  }
  return out;
}

describe("rules: secrets by reference", () => {
  for (const { label, spec, secrets } of everyCredential(() => ref())) {
    if (!secrets.length) continue;
    it(`${label}: every secret field accepts { fromEnv, version } in a program, never on the wire`, () => {
      assert.deepEqual(messages(spec, PREVIEW), []);
      const strict = messages(spec, STRICT);
      assert.equal(strict.length, secrets.length, strict.join("\n"));
      for (const field of secrets) assert.ok(strict.includes(`integration.${field} must be a string, not an object`));
    });
  }

  it("a non-secret field never accepts a reference", () => {
    const issues = messages({ type: "Okta", domain: ref(), apiToken: ref() }, PREVIEW);
    assert.deepEqual(issues, ["integration.domain must be a string, not an object"]);
  });

  it("HTTP token values accept a reference; headers do not", () => {
    const http = (value: unknown, header: unknown = "Bearer {{ t }}") => ({
      type: "HTTP",
      baseUrl: "https://api.example.com",
      tokens: [{ name: "t", value }],
      headers: [{ name: "Authorization", value: header }],
    });
    assert.deepEqual(messages(http(ref("STATUS_TOKEN", "2026-12")), PREVIEW), []);
    assert.deepEqual(messages(http(ref(), ref()), PREVIEW), [
      "integration.headers[0].value must be a string, not an object",
    ]);
    assert.deepEqual(messages(http(ref()), STRICT), ["integration.tokens[0].value must be a string, not an object"]);
  });

  it("names the rule a reference breaks: the variable name, the version, unknown fields", () => {
    const okta = (apiToken: unknown) => messages({ type: "Okta", domain: "example.okta.com", apiToken }, PREVIEW);
    assert.match(okta(ref("1BAD"))[0], /^integration\.apiToken\.fromEnv "1BAD": must be an environment variable name/);
    assert.match(okta(ref("HAS-DASH"))[0], /fromEnv "HAS-DASH": must be an environment variable name/);
    assert.match(okta(ref("X".repeat(129)))[0], /fromEnv .*at most 128/);
    assert.match(okta(ref(3))[0], /fromEnv "3": must be an environment variable name/);
    assert.match(okta({ version: 1 })[0], /^integration\.apiToken\.fromEnv is required/);
    assert.match(okta({ fromEnv: "OKTA_TOKEN" })[0], /^integration\.apiToken\.version is required: a string or number/);
    assert.match(okta(ref("OKTA_TOKEN", ""))[0], /^integration\.apiToken\.version must be 1 to 100 characters/);
    assert.match(okta(ref("OKTA_TOKEN", "a\nb"))[0], /version must be 1 to 100 characters of one-line text/);
    assert.match(okta(ref("OKTA_TOKEN", Infinity))[0], /version must be a finite number/);
    assert.match(okta(ref("OKTA_TOKEN", true))[0], /version must be a string or number .* not boolean/);
    assert.match(okta({ ...ref(), value: "x" })[0], /^integration\.apiToken has unknown field "value"/);
    assert.deepEqual(okta(ref("_okta_token2", "v2")), []);
    assert.deepEqual(okta(ref("OKTA_TOKEN", 0)), []);
    // A value is still a value: empty text is refused as before.
    assert.deepEqual(okta(""), ["integration.apiToken must not be empty"]);
  });

  it("skips what is not known yet at preview", () => {
    const okta = (apiToken: unknown) => messages({ type: "Okta", domain: "example.okta.com", apiToken }, PREVIEW);
    assert.deepEqual(okta(ref(UNKNOWN, 1)), []);
    assert.deepEqual(okta(ref("OKTA_TOKEN", UNKNOWN)), []);
    assert.deepEqual(okta(UNKNOWN), []);
  });
});
