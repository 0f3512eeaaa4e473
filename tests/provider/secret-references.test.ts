/**
 * Secrets by reference in the provider, without a backend: which variables a write reads, what an
 * update's PATCH sends, check failing at preview when a variable a write needs is unset, diffs
 * and revisions that move with the version only, and a refresh that keeps the reference.
 */
import { strict as assert } from "node:assert";
import { check, diff, mergeSecrets } from "../../provider/runtime/connection-provider";
import { patchSides, readAllReferences, referencesToRead } from "../../provider/runtime/secret-references";
import { integrationPatch, UNKNOWN } from "pulumi-workflow-connections-rules";

const VAR = "SECRET_REF_TEST_TOKEN";
const OTHER = "SECRET_REF_TEST_OTHER";
const okta = (version: unknown = 1, fromEnv = VAR) => ({
  type: "Okta",
  domain: "example.okta.com",
  apiToken: { fromEnv, version },
});
const http = (tokens: { name: string; value: unknown }[]) => ({
  type: "HTTP",
  baseUrl: "https://api.example.com",
  tokens,
  headers: [{ name: "Authorization", value: "Bearer {{ a }}" }],
});
const keys = (slots: { key: string }[]) => slots.map((s) => s.key);

function withEnv(values: Record<string, string | undefined>, body: () => Promise<void> | void) {
  return async () => {
    const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(values))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    try {
      await body();
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  };
}

describe("provider runtime: secrets by reference", () => {
  it("a create, an adoption, a new target or integration kind reads every reference; an update only the changed ones", () => {
    const news = {
      integration: http([
        { name: "a", value: { fromEnv: VAR, version: 1 } },
        { name: "b", value: { fromEnv: OTHER, version: 1 } },
      ]),
    };
    assert.deepEqual(keys(referencesToRead(undefined, news)), ["tokens.a", "tokens.b"]);
    assert.deepEqual(keys(referencesToRead({}, news)), ["tokens.a", "tokens.b"]);
    assert.deepEqual(keys(referencesToRead(news, news)), []);
    assert.deepEqual(keys(referencesToRead(news, { ...news, adoptId: "x" })), ["tokens.a", "tokens.b"]);
    assert.deepEqual(keys(referencesToRead(news, { ...news, target: { apiUrl: "http://other" } })), [
      "tokens.a",
      "tokens.b",
    ]);
    const bumped = {
      integration: http([
        { name: "a", value: { fromEnv: VAR, version: 2 } },
        { name: "b", value: { fromEnv: OTHER, version: 1 } },
      ]),
    };
    assert.deepEqual(keys(referencesToRead(news, bumped)), ["tokens.a"]);
    // A value replaced by a reference, or another variable: read.
    assert.deepEqual(
      keys(referencesToRead({ integration: { ...okta(), apiToken: "plain" } }, { integration: okta() })),
      ["apiToken"],
    );
    assert.deepEqual(keys(referencesToRead({ integration: okta(1, OTHER) }, { integration: okta(1) })), ["apiToken"]);
    // Another credential kind replaces the connection: every reference is written again.
    const cf = (credentialType: string, field: string) => ({
      type: "Cloudflare",
      credentialType,
      authEmail: "a@example.com",
      [field]: { fromEnv: VAR, version: 1 },
    });
    assert.deepEqual(
      keys(
        referencesToRead(
          { integration: cf("CloudflareAPIToken", "globalApiKey") },
          { integration: cf("CloudflareGlobalAPIToken", "globalApiKey") },
        ),
      ),
      ["globalApiKey"],
    );
  });

  it(
    "reads the variable only for the references given, and fails naming the variable and the field",
    withEnv({ [VAR]: "v-one", [OTHER]: undefined }, () => {
      assert.deepEqual(readAllReferences(okta() as never).apiToken, "v-one");
      const spec = http([
        { name: "a", value: { fromEnv: VAR, version: 1 } },
        { name: "b", value: { fromEnv: OTHER, version: 1 } },
      ]);
      assert.throws(
        () => readAllReferences(spec as never),
        (err: Error) => {
          assert.match(
            err.message,
            /^integration\.tokens\[1\]\.value reads the environment variable SECRET_REF_TEST_OTHER, which is not set/,
          );
          assert.doesNotMatch(err.message, /v-one/);
          return true;
        },
      );
    }),
  );

  it(
    "an update's PATCH leaves unchanged references out (neither sent nor removed) and sends the changed ones",
    withEnv({ [VAR]: "new-value", [OTHER]: "other-value" }, () => {
      const before = http([
        { name: "a", value: { fromEnv: VAR, version: 1 } },
        { name: "b", value: { fromEnv: OTHER, version: 1 } },
        { name: "gone", value: { fromEnv: OTHER, version: 1 } },
      ]);
      const after = http([
        { name: "a", value: { fromEnv: VAR, version: 2 } },
        { name: "b", value: { fromEnv: OTHER, version: 1 } },
      ]);
      const sides = patchSides(before as never, after as never);
      const patch = integrationPatch(sides.from, sides.to) as { credentials: { tokens: unknown[] } };
      assert.deepEqual(patch.credentials.tokens, [
        { name: "a", type: "SECRET", value: "new-value" },
        { name: "gone", type: "SECRET", value: "", deleted: true },
      ]);
      // Only a non-secret field changed: the token is not sent, and no variable is needed.
      const renamed = patchSides(
        okta(1, "UNSET_SECRET_REF_VAR") as never,
        { ...okta(1, "UNSET_SECRET_REF_VAR"), domain: "other.okta.com" } as never,
      );
      const wire = integrationPatch(renamed.from, renamed.to) as { credentials: Record<string, unknown> };
      assert.deepEqual(wire.credentials, { type: "OktaAPIToken", domain: "other.okta.com" });
    }),
  );

  it(
    "check fails at preview for a create whose variable is unset or empty; not for an update that writes nothing",
    withEnv({ [VAR]: undefined, [OTHER]: "" }, async () => {
      const inputs = { name: "c", integration: { ...okta(), apiToken: { fromEnv: VAR, version: 1 } } };
      const created = await check({}, inputs);
      assert.deepEqual(
        created.failures?.map((f) => f.reason),
        [
          "integration.apiToken reads the environment variable SECRET_REF_TEST_TOKEN, which is not set in the environment of pulumi; this secret is written now (the connection is created, adopted, or the reference's version changed), so set SECRET_REF_TEST_TOKEN (export SECRET_REF_TEST_TOKEN=…, a CI secret, or pulumi env run) and run again; nothing was written",
        ],
      );
      const empty = await check({}, { name: "c", integration: okta(1, OTHER) });
      assert.match(empty.failures![0].reason, /SECRET_REF_TEST_OTHER, which is empty/);
      const stored = { ...inputs, secretRevisions: { apiToken: 1 } };
      assert.deepEqual((await check(stored, { ...inputs, tags: ["env:prod"] })).failures, []);
      assert.equal((await check(stored, { ...inputs, integration: okta(2) })).failures?.length, 1);
      // The program's preflight does not know the stored inputs: it leaves this to the engine's check.
      assert.deepEqual((await check({}, inputs, { inProgram: true })).failures, []);
      // A version not known yet at preview is judged at up.
      assert.deepEqual((await check(stored, { ...inputs, integration: okta(UNKNOWN) })).failures, []);
    }),
  );

  it(
    "a variable whose value the field's rules refuse fails the check, without quoting it",
    withEnv({ [VAR]: "line-one\nline-two-SECRET" }, async () => {
      const result = await check(
        {},
        { name: "c", integration: http([{ name: "a", value: { fromEnv: VAR, version: 1 } }]) },
      );
      assert.equal(result.failures?.length, 1);
      assert.match(
        result.failures![0].reason,
        /^integration\.tokens\[0\]\.value \(the value of SECRET_REF_TEST_TOKEN\) contains a control character \(U\+000A\)/,
      );
      assert.doesNotMatch(result.failures![0].reason, /SECRET"|line-one/);
      assert.throws(
        () => readAllReferences(http([{ name: "a", value: { fromEnv: VAR, version: 1 } }]) as never),
        /the value of SECRET_REF_TEST_TOKEN\) contains a control character/,
      );
    }),
  );

  it(
    "same version is no change whatever the variable holds; a new version is, and counts a revision",
    withEnv({ [VAR]: "any" }, async () => {
      const olds = { name: "c", integration: okta(1), secretRevisions: { apiToken: 1 } };
      assert.equal((await diff("id", olds as never, { name: "c", integration: okta(1) } as never)).changes, false);
      assert.equal((await diff("id", olds as never, { name: "c", integration: okta(2) } as never)).changes, true);
      const same = await check(olds, { name: "c", integration: okta(1) });
      assert.deepEqual(same.inputs?.secretRevisions, { apiToken: 1 });
      const next = await check(olds, { name: "c", integration: okta("2") });
      assert.deepEqual(next.inputs?.secretRevisions, { apiToken: 2 });
      // The checked inputs keep the reference, never a value.
      assert.deepEqual((next.inputs?.integration as Record<string, unknown>).apiToken, { fromEnv: VAR, version: "2" });
    }),
  );

  it("a refresh keeps the reference (the API returns secrets empty)", () => {
    const merged = mergeSecrets({ type: "Okta", domain: "example.okta.com", apiToken: "" }, okta(3) as never);
    assert.deepEqual(merged.apiToken, { fromEnv: VAR, version: 3 });
    const tokens = mergeSecrets(
      http([{ name: "a", value: "" }]) as never,
      http([{ name: "a", value: { fromEnv: VAR, version: 1 } }]) as never,
    );
    assert.deepEqual(tokens.tokens, [{ name: "a", value: { fromEnv: VAR, version: 1 } }]);
  });
});
