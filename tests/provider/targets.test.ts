/**
 * Explicit targets in the provider runtime, without a backend: an explicit target never falls
 * back to the stack's keys or the environment; another URL replaces, other keys update; the
 * check-only `preflight` input is never stored.
 */
import { strict as assert } from "node:assert";
import { connection } from "../../provider/runtime";
import { getClient, missingKeys, withTarget } from "../../provider/runtime/settings";

const KEY = "a".repeat(32),
  APP = "b".repeat(40);
const target = (over: Record<string, unknown> = {}) => ({
  name: "eu",
  apiUrl: "http://127.0.0.1:9/",
  apiKey: KEY,
  appKey: APP,
  ...over,
});
const conn = { name: "n", integration: { type: "OpenAI", apiToken: "t" }, tags: [] as string[] };

describe("provider runtime: explicit targets", () => {
  it("an explicit target uses its own keys only, and names its own property when one is missing", () => {
    const saved = { ...process.env };
    process.env.DD_API_KEY = KEY;
    process.env.DD_APP_KEY = APP;
    try {
      assert.match(
        missingKeys(target({ apiKey: "" }) as never)!,
        /no API key for ConnectionsTarget "eu" \(http:\/\/127\.0\.0\.1:9\): set the apiKey of ConnectionsTarget "eu"/,
      );
      assert.throws(
        () => withTarget(target({ appKey: undefined }), () => getClient()),
        /set the appKey of ConnectionsTarget "eu"/,
      );
      assert.equal(withTarget(target(), () => getClient()).baseUrl, "http://127.0.0.1:9");
      assert.equal(
        withTarget(target({ apiUrl: undefined, site: "datadoghq.eu" }), () => getClient()).baseUrl,
        "https://api.datadoghq.eu",
      );
      // The same target and keys: the same client (so every per-target cache holds once).
      assert.equal(
        withTarget(target(), () => getClient()),
        withTarget(target({ name: "other name" }), () => getClient()),
      );
      assert.notEqual(
        withTarget(target(), () => getClient()),
        withTarget(target({ appKey: "c".repeat(40) }), () => getClient()),
      );
    } finally {
      process.env = saved;
    }
  });

  it("diff: another URL replaces (target); other keys for the same URL are an update; the same target is no change", async () => {
    const olds = { ...conn, integrationType: "OpenAI", target: target() };
    assert.equal((await connection.diff("id", olds, { ...conn, target: target() })).changes, false);
    const rotated = await connection.diff("id", olds, { ...conn, target: target({ appKey: "c".repeat(40) }) });
    assert.equal(rotated.changes, true);
    assert.deepEqual(rotated.replaces, []);
    const moved = await connection.diff("id", olds, { ...conn, target: target({ apiUrl: "http://127.0.0.1:10" }) });
    assert.deepEqual(moved.replaces, ["target"]);
  });

  it("check: the preflight's note is read, never stored", async () => {
    const result = await connection.check(
      {},
      { ...conn, target: target(), preflight: { keysVerified: true, remoteChecked: true } },
    );
    assert.deepEqual(result.failures, []);
    assert.equal("preflight" in (result.inputs ?? {}), false);
    assert.deepEqual((result.inputs as Record<string, unknown>).target, target());
  });
});
