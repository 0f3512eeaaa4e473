/**
 * The provider's decisions that need no backend: what counts as a change or a replacement, and
 * how a refresh keeps write-only secrets the API never returns.
 */
import { strict as assert } from "node:assert";
import { check, diff, mergeSecrets } from "../../provider/runtime/connection-provider";
import { check as checkGroup, diff as diffGroup } from "../../provider/runtime/group-provider";
import { UNKNOWN } from "pulumi-workflow-connections-rules";

const aws = { type: "AWS", accountId: "123456789012", role: "r" };
const olds = { name: "n", tags: ["a:1", "b:2"], integration: aws, integrationType: "AWS" };

describe("provider runtime: connection diff", () => {
  it("reordered tags and an unchanged integration are no change", async () => {
    assert.equal((await diff("id", olds, { name: "n", tags: ["b:2", "a:1"], integration: { ...aws } })).changes, false);
  });
  it("a new provider build alone (`__provider`) is no change", async () => {
    const withProvider = (p: string) => ({ ...olds, __provider: p }) as never;
    assert.equal(
      (await diff("id", withProvider("exports.handler = old"), withProvider("exports.handler = new"))).changes,
      false,
    );
  });
  it("a changed tag, name or credential is an update in place", async () => {
    for (const news of [
      { ...olds, tags: ["a:1"] },
      { ...olds, name: "m" },
      { ...olds, integration: { ...aws, role: "other" } },
    ]) {
      const d = await diff("id", olds, news);
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, []);
    }
  });
  it("another integration type, or another credential type, replaces", async () => {
    const d = await diff("id", olds, { name: "n", tags: olds.tags, integration: { type: "OpenAI", apiToken: "x" } });
    assert.deepEqual(d.replaces, ["integration"]);
    assert.equal(
      d.deleteBeforeReplace,
      false,
      "create the new one first: a group can move to it before the old one goes",
    );
    const cf = { name: "n", integration: { type: "Cloudflare", apiToken: "t" }, integrationType: "Cloudflare" };
    assert.equal(
      (
        await diff("id", cf, {
          name: "n",
          integration: { type: "Cloudflare", credentialType: "CloudflareAPIToken", apiToken: "t" },
        })
      ).changes,
      false,
      "the default credential type, spelled out, is the same",
    );
    assert.deepEqual(
      (
        await diff("id", cf, {
          name: "n",
          integration: {
            type: "Cloudflare",
            credentialType: "CloudflareGlobalAPIToken",
            authEmail: "e",
            globalApiKey: "k",
          },
        })
      ).replaces,
      ["integration"],
    );
  });
  it("an integration unknown at preview is a change, not (yet) a replacement", async () => {
    const d = await diff("id", olds, { name: "n", tags: olds.tags, integration: UNKNOWN as never });
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });
  it("an adopted connection changes integration type in place (a replacement would adopt, then delete, the same id)", async () => {
    const adopted = { ...olds, adoptId: "3f6c0b7e-0000-4000-8000-000000000000" };
    const d = await diff("id", adopted, { ...adopted, integration: { type: "OpenAI", apiToken: "x" } });
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });
  it("state without a stored integration (older state) is an update, not a replacement", async () => {
    const d = await diff("id", { name: "n", tags: [] } as never, { name: "n", tags: [], integration: aws });
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });
  it("HTTP tokens written with their type SECRET are the same tokens", async () => {
    const http = { type: "HTTP", baseUrl: "https://x", tokens: [{ name: "t", value: "v" }] };
    const old = { name: "n", integration: http, integrationType: "HTTP" };
    assert.equal(
      (
        await diff("id", old, {
          name: "n",
          integration: { ...http, tokens: [{ name: "t", value: "v", type: "SECRET" }] },
        })
      ).changes,
      false,
    );
  });
  it("adopting another connection replaces", async () => {
    assert.deepEqual((await diff("id", olds, { ...olds, adoptId: "3f6c0b7e-0000-4000-8000-000000000000" })).replaces, [
      "adoptId",
    ]);
  });
});

describe("provider runtime: connection check", () => {
  it("reports every broken rule with its path, never naming a property (the engine would print its value)", async () => {
    const result = await check(
      {},
      {
        __provider: "x",
        name: "",
        integration: { type: "OpenAI", apiToken: "sk-secret" },
        tags: ["env"],
        adoptId: "not-an-id",
      },
    );
    assert.deepEqual(result.failures, [
      { property: "", reason: "name must not be empty" },
      { property: "", reason: `tags[0] "env": must have the form key:value (no ':' found)` },
      { property: "", reason: `adoptId "not-an-id": must be the id (a UUID) of an existing connection` },
    ]);
  });
});

describe("provider runtime: refresh keeps write-only secrets", () => {
  const http = {
    type: "HTTP",
    baseUrl: "https://x",
    tokens: [
      { name: "a", value: "sa" },
      { name: "b", value: "sb" },
    ],
  };
  it("takes secret values from the prior state when the API returns them empty", () => {
    assert.deepEqual(mergeSecrets({ type: "OpenAI", apiToken: "" }, { type: "OpenAI", apiToken: "sk" }), {
      type: "OpenAI",
      apiToken: "sk",
    });
    assert.deepEqual(
      mergeSecrets(
        { type: "ServiceNow", instance: "new", username: "u" },
        { type: "ServiceNow", instance: "old", username: "u", password: "p" },
      ),
      { type: "ServiceNow", instance: "new", username: "u", password: "p" },
      "non-secret changes come through, omitted secrets are kept",
    );
  });
  it("HTTP: token values by name; all tokens kept when the response omits them; removed tokens dropped", () => {
    assert.deepEqual(
      mergeSecrets({ type: "HTTP", baseUrl: "https://x", tokens: [{ name: "b", value: "" }] }, http).tokens,
      [{ name: "b", value: "sb" }],
    );
    assert.deepEqual(mergeSecrets({ type: "HTTP", baseUrl: "https://y" }, http), { ...http, baseUrl: "https://y" });
  });
  it("another integration type comes through as the API says", () => {
    assert.deepEqual(mergeSecrets({ type: "OpenAI", apiToken: "" }, http), { type: "OpenAI", apiToken: "" });
  });
});

describe("provider runtime: group check and diff without a backend", () => {
  it("validates members declared in the program while their ids are unknown", async () => {
    const result = await checkGroup(
      {},
      {
        name: "g",
        integration: "AWS",
        identifierTags: ["env"],
        members: [UNKNOWN, UNKNOWN],
        memberFacts: [
          { label: "a", integration: "AWS", tags: ["env:prod"] },
          { label: "b", integration: "AWS", tags: ["env:prod"] },
        ],
      },
    );
    assert.deepEqual(result.failures, [
      {
        property: "",
        reason:
          'members[1] "a" and "b" both have env:prod; each member needs a unique combination of identifier values (members[0] and members[1] clash)',
      },
    ]);
  });
  it("member order is no change; another integration replaces", async () => {
    const old = { name: "g", integration: "AWS", identifierTags: ["env"], members: ["x", "y"] };
    assert.equal((await diffGroup("id", old, { ...old, members: ["y", "x"] })).changes, false);
    assert.deepEqual((await diffGroup("id", old, { ...old, integration: "GCP" })).replaces, ["integration"]);
    assert.equal((await diffGroup("id", old, { ...old, identifierTags: ["region"] })).changes, true);
  });
});

describe("provider runtime: what state stores and diffs show", () => {
  it("secretRevisions: a changed secret counts up, an unchanged one keeps its count, the rest is not counted", async () => {
    const first = (
      await check(
        {},
        {
          name: "n",
          integration: {
            type: "HTTP",
            baseUrl: "https://x",
            tokens: [
              { name: "a", value: "s1" },
              { name: "b", value: "t1" },
            ],
          },
        },
      )
    ).inputs!;
    assert.deepEqual(first.secretRevisions, { "tokens.a": 1, "tokens.b": 1 });
    const rotated = (
      await check(first, {
        name: "n",
        integration: {
          type: "HTTP",
          baseUrl: "https://y",
          tokens: [
            { name: "a", value: "s2" },
            { name: "b", value: "t1" },
          ],
        },
      })
    ).inputs!;
    assert.deepEqual(rotated.secretRevisions, { "tokens.a": 2, "tokens.b": 1 });
    const unknown = (
      await check(rotated, {
        name: "n",
        integration: {
          type: "HTTP",
          baseUrl: "https://y",
          tokens: [
            { name: "a", value: UNKNOWN },
            { name: "b", value: "t1" },
          ],
        },
      })
    ).inputs!;
    assert.deepEqual(
      unknown.secretRevisions,
      { "tokens.a": 2, "tokens.b": 1 },
      "an unknown value is not (yet) a change",
    );
    const openai = (
      await check(
        { integration: { type: "OpenAI", apiToken: "k1" }, secretRevisions: { apiToken: 4 } },
        { name: "n", integration: { type: "OpenAI", apiToken: "k2" }, secretRevisions: { apiToken: 99 } },
      )
    ).inputs!;
    assert.deepEqual(openai.secretRevisions, { apiToken: 5 }, "the program cannot set the count");
    assert.equal(
      (await check({}, { name: "n", integration: { type: "AWS", accountId: "123456789012", role: "r" } })).inputs!
        .secretRevisions,
      undefined,
      "AWS has no secret fields",
    );
  });

  it("a group's checked members are memberNames (id -> name), without memberFacts or a members map; diff compares ids", async () => {
    const id = "3f6c0b7e-0000-4000-8000-000000000001";
    const result = await checkGroup(
      {},
      {
        name: "g",
        integration: "AWS",
        identifierTags: ["env"],
        members: [id, UNKNOWN],
        memberFacts: [
          { label: "a", integration: "AWS", tags: ["env:prod"] },
          { label: "b", integration: "AWS", tags: ["env:dev"] },
        ],
      },
    );
    assert.deepEqual(result.failures, []);
    assert.equal(result.inputs!.memberFacts, undefined);
    assert.deepEqual(result.inputs!.memberNames, { [id]: "a", "(new) b": "b" });
    assert.equal(
      result.inputs!.members,
      undefined,
      "no map under `members`: at preview it is what the program's members output would receive",
    );
    const olds = { name: "g", integration: "AWS", identifierTags: ["env"], members: [id] };
    assert.equal((await diffGroup("id", olds, { ...olds, memberNames: { [id]: "a" } } as never)).changes, false);
    assert.equal((await diffGroup("id", olds, { ...olds, memberNames: {} } as never)).changes, true);
    assert.equal(
      (await diffGroup("id", olds, { ...olds, members: { [id]: "a" } } as never)).changes,
      false,
      "inputs stored by earlier versions (a map under members)",
    );
  });
});
