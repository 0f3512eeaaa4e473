/**
 * Secrets by reference, through the real CLI against the local backend behind a recording proxy
 * (what reaches the target, bodies included): the value is sent on create and on a version bump
 * only; no state file, `stack export --show-secrets` or CLI output holds it (nor its base64);
 * the same version with a new value is no change; refresh, destroy and a preview with nothing to
 * write run without the variable; an unset variable fails the preview under the resource,
 * naming the variable and the field, with nothing written. Okta tokens, HTTP tokens, and a group
 * whose members use references. Then `generate --secrets env`: adopting existing connections
 * with references, the values written on `up` from the variables it says to export.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONNS, GROUPS, httpConnection, openAiConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { Proxy, startProxy } from "../support/proxy";
import { CliResult, PulumiWorkspace, REPO } from "../support/pulumi";

const VALUES = {
  first: "okta-REF-first-3f9c2a71e0",
  second: "okta-REF-second-8d41b6c2f5",
  rotated: "okta-REF-rotated-5b0e7d93aa",
  status: "status-REF-token-c4e18f2b7d",
  status2: "status-REF-token-changed-91ad0e",
};
const ALL = Object.values(VALUES);
const VARS = ["REF_OKTA_A", "REF_OKTA_B", "REF_STATUS"];

const program = (versionA: number | string, tags = `["team:a"]`) => `
import { Connection, ConnectionGroup } from "pulumi-workflow-connections";
const okta = (res: string, fromEnv: string, version: number | string, tags: string[]) =>
  new Connection(res, {
    name: res,
    integration: { type: "Okta", domain: "example.okta.com", apiToken: { fromEnv, version } },
    tags,
  });
const a = okta("okta-a", "REF_OKTA_A", ${JSON.stringify(versionA)}, ${tags});
const b = okta("okta-b", "REF_OKTA_B", 1, ["team:b"]);
new ConnectionGroup("oktas", { name: "oktas", integration: "Okta", identifierTags: ["team"], members: [a, b] });
new Connection("status", {
  name: "status",
  integration: {
    type: "HTTP",
    baseUrl: "https://status.example.com/api",
    tokens: [{ name: "apiToken", value: { fromEnv: "REF_STATUS", version: "2026-12" } }],
    headers: [{ name: "Authorization", value: "Bearer {{ apiToken }}" }],
  },
});
`;

const listFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const show = (r: CliResult) => `exit ${r.code}\n${r.output}`;
/** The value and its base64 (standard and URL-safe). */
const copiesOf = (value: string) => [
  value,
  Buffer.from(value).toString("base64").replace(/=+$/, ""),
  Buffer.from(value).toString("base64url"),
];

describe("e2e: secrets by reference (fromEnv + version)", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  let proxy: Proxy;
  let ws: PulumiWorkspace;
  const outputs: string[] = [];
  const unset = Object.fromEntries(VARS.map((v) => [v, undefined]));
  const withVars = (a: string, b: string, status: string) => ({ REF_OKTA_A: a, REF_OKTA_B: b, REF_STATUS: status });
  const run = async (args: string[], env: NodeJS.ProcessEnv) => {
    const r = await ws.run(args, { env });
    outputs.push(r.output);
    return r;
  };
  const must = async (args: string[], env: NodeJS.ProcessEnv) => {
    const r = await run(args, env);
    assert.equal(r.code, 0, show(r));
    return r;
  };
  // Writes of connections (groups live under the same path and are not counted).
  const writes = () =>
    proxy.sent.filter((r) => r.method !== "GET" && r.path.startsWith(CONNS) && !r.path.startsWith(GROUPS));
  const since = (n: number) => writes().slice(n);

  before(async () => {
    proxy = await startProxy(e2e.backend.url);
    // The variables must come from the run's environment only, not from the test's.
    for (const v of VARS) delete process.env[v];
    ws = e2e.workspace("secrets-ref", { env: { CONNECTIONS_API_URL: proxy.url } });
    ws.writeProgram({ "index.ts": program(1) });
    await ws.init();
  });
  after(() => proxy.close());

  it("1. an unset variable fails the preview under the resource, naming the variable and the field; nothing is written", async () => {
    const r = await run(["preview"], { ...withVars(VALUES.first, VALUES.second, VALUES.status), REF_OKTA_A: "" });
    assert.notEqual(r.code, 0, show(r));
    assert.match(
      r.output,
      /Connection resource 'okta-a' has a problem: integration\.apiToken reads the environment variable REF_OKTA_A, which is empty in the environment of pulumi/,
    );
    const missing = await run(["up", "--yes"], { ...withVars(VALUES.first, VALUES.second, VALUES.status), ...unset });
    assert.notEqual(missing.code, 0, show(missing));
    assert.match(
      missing.output,
      /integration\.(apiToken|tokens\[0\]\.value) reads the environment variable REF_\w+, which is not set/,
    );
    assert.deepEqual(writes(), [], "nothing written");
  });

  it("2. up sends each value on create, once; the state holds the reference and the version only", async () => {
    const up = await must(["up", "--yes"], withVars(VALUES.first, VALUES.second, VALUES.status));
    assert.match(up.output, /5 created/);
    const creates = writes().filter((w) => w.method === "POST");
    assert.equal(creates.length, 3, JSON.stringify(creates, null, 1));
    for (const value of [VALUES.first, VALUES.second, VALUES.status])
      assert.equal(creates.filter((c) => c.body.includes(value)).length, 1, `${value} sent once`);
    const a = ws.resourcesOf("Connection").find((r) => r.urn.endsWith("okta-a"))!;
    assert.deepEqual((a.outputs!.integration as Record<string, unknown>).apiToken, {
      fromEnv: "REF_OKTA_A",
      version: 1,
    });
    assert.deepEqual(a.outputs!.secretRevisions, { apiToken: 1 });
    const status = ws.resourcesOf("Connection").find((r) => r.urn.endsWith("status"))!;
    assert.deepEqual((status.inputs!.integration as { tokens: unknown[] }).tokens, [
      { name: "apiToken", value: { fromEnv: "REF_STATUS", version: "2026-12" } },
    ]);
  });

  it("3. same version, new value: preview shows no change and up writes nothing", async () => {
    const n = writes().length;
    const env = withVars(VALUES.rotated, "other", VALUES.status2);
    const preview = await must(["preview", "--diff", "--expect-no-changes"], env);
    assert.match(preview.output, /5 unchanged/);
    await must(["up", "--yes"], env);
    assert.deepEqual(since(n), []);
  });

  it("4. refresh, a preview with nothing to write, and an update that writes no secret need no variable", async () => {
    await must(["refresh", "--yes", "--expect-no-changes"], unset);
    await must(["preview", "--expect-no-changes"], unset);
    ws.writeProgram({ "index.ts": program(1, `["team:a", "env:prod"]`) });
    const n = writes().length;
    await must(["up", "--yes"], unset);
    const patches = since(n);
    assert.equal(patches.length, 1, JSON.stringify(patches));
    assert.match(patches[0].body, /env:prod/);
    assert.doesNotMatch(patches[0].body, /api_token|integration/, "the unchanged reference is not sent");
  });

  it("5. a new version writes the value read now, for that field only, and the diff names it", async () => {
    ws.writeProgram({ "index.ts": program(2, `["team:a", "env:prod"]`) });
    const env = { ...withVars(VALUES.rotated, "", ""), REF_OKTA_B: undefined, REF_STATUS: undefined };
    const preview = await must(["preview", "--diff"], env);
    assert.match(preview.output, /version\s*:\s*1 => 2/, show(preview));
    assert.match(preview.output, /apiToken\s*:\s*1 => 2/, "secretRevisions counts the rotation");
    const n = writes().length;
    await must(["up", "--yes"], env);
    const patches = since(n);
    assert.equal(patches.length, 1, JSON.stringify(patches));
    assert.equal(patches[0].method, "PATCH");
    assert.ok(patches[0].body.includes(VALUES.rotated), patches[0].body);
    const a = ws.resourcesOf("Connection").find((r) => r.urn.endsWith("okta-a"))!;
    assert.deepEqual(a.outputs!.secretRevisions, { apiToken: 2 });
  });

  it("6. no state file, stack export --show-secrets or CLI output holds a value, nor its base64", async () => {
    const exported = await must(["stack", "export", "--show-secrets"], unset);
    const texts = [exported.stdout, ...listFiles(ws.stateDir).map((f) => fs.readFileSync(f, "latin1")), ...outputs];
    assert.ok(exported.stdout.includes("REF_OKTA_A"), "the reference is in the state");
    for (const value of ALL)
      for (const copy of copiesOf(value))
        for (const text of texts)
          assert.ok(!text.includes(copy), `a copy of a secret (${copy.slice(0, 12)}…) in the state or output`);
  });

  it("7. destroy needs no variable", async () => {
    await must(["destroy", "--yes"], unset);
    assert.equal(ws.resourcesOf("Connection").length, 0);
    const list = await e2e.backend.request("alice", "GET", CONNS);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data, []);
  });

  it("8. generate --secrets env: references named after each connection; adoption writes the exported values, the state keeps none", async () => {
    const JIRA = "tok-REF-gen-jira-61c0d2f9";
    const OPENAI = "sk-REF-gen-openai-0a7e55d3";
    const made = [
      (await e2e.backend.request("alice", "POST", CONNS, httpConnection("Jira (prod)", ["team:support"], JIRA))).body
        .data,
      (await e2e.backend.request("alice", "POST", CONNS, openAiConnection("openai", OPENAI))).body.data,
    ];
    const gws = e2e.workspace("secrets-ref-generated", { env: { CONNECTIONS_API_URL: proxy.url } });
    gws.writeProgram({});
    const out = path.join(gws.programDir, "index.ts");
    const gen = await gws.exec("node", [
      path.join(REPO, "dist/provider/cli/main.js"),
      "generate",
      "--secrets",
      "env",
      "--out",
      out,
      ...made.flatMap((c) => ["--id", c.id]),
    ]);
    assert.equal(gen.code, 0, gen.output);
    const program = fs.readFileSync(out, "utf8");
    assert.match(
      program,
      /tokens: \[\{ name: "apiToken", value: \{ fromEnv: "JIRA_PROD_TOKEN_API_TOKEN", version: 1 \} \}\]/,
    );
    assert.match(program, /apiToken: \{ fromEnv: "OPENAI_API_TOKEN", version: 1 \}/);
    assert.doesNotMatch(program, /requireSecret|new pulumi\.Config/);
    const exports = [...gen.stderr.matchAll(/^ {2}export (\w+)=… {3}# (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(exports, ["JIRA_PROD_TOKEN_API_TOKEN", "OPENAI_API_TOKEN"], gen.stderr);
    await gws.init();
    const env = { JIRA_PROD_TOKEN_API_TOKEN: JIRA, OPENAI_API_TOKEN: OPENAI };

    // Adopting writes the secrets: without the variables, the preview fails naming them.
    const missing = await gws.run(["preview"]);
    outputs.push(missing.output);
    assert.notEqual(missing.code, 0, show(missing));
    assert.match(
      missing.output,
      /reads the environment variable (JIRA_PROD_TOKEN_API_TOKEN|OPENAI_API_TOKEN), which is not set/,
    );

    const preview = await gws.run(["preview"], { env });
    outputs.push(preview.output);
    assert.equal(preview.code, 0, show(preview));
    for (const c of made) assert.match(preview.output, new RegExp(`adopting connection ${c.id} .* changes nothing`));
    const n = writes().length;
    const up = await gws.run(["up", "--yes", "--skip-preview"], { env });
    outputs.push(up.output);
    assert.equal(up.code, 0, show(up));
    const patches = since(n);
    assert.equal(patches.length, 2, JSON.stringify(patches));
    assert.ok(patches.some((p) => p.body.includes(JIRA)) && patches.some((p) => p.body.includes(OPENAI)));
    const quiet = await gws.run(["preview", "--expect-no-changes"]);
    outputs.push(quiet.output);
    assert.equal(quiet.code, 0, show(quiet));
    const exported = (await gws.must(["stack", "export", "--show-secrets"])).stdout;
    for (const value of [JIRA, OPENAI])
      for (const copy of copiesOf(value))
        for (const text of [exported, gws.state().text, ...outputs, gen.output]) assert.ok(!text.includes(copy));
  });
});
