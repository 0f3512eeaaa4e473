/**
 * Day two with Pulumi, through the real CLI against the real backend:
 * diffs and drift name the field, group diffs show only documented properties, a group preview
 * knows whether its target has a groups API, and every expected API error reads as one line.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { bobOnlyConnection, groupBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { Answer, Proxy, ProxiedRequest, startProxy } from "../support/proxy";
import { CliResult, PulumiWorkspace } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;
const TOKEN = "tok-DAY2-first-8c1f0e2d";
const ROTATED = "tok-DAY2-rotated-77b3a1c9";
const OPENAI = "sk-DAY2-openai-5e0d9b1f";
const SECRETS = [TOKEN, ROTATED, OPENAI];
const GROUPS_ROUTE = "/api/v2/actions/connections/groups";

const listFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const count = (text: string, needle: string) => text.split(needle).length - 1;
const show = (r: CliResult) => `exit ${r.code}\n${r.output}`;
const aws = (res: string, account: string, tags: string) =>
  `new Connection("${res}", { name: "${res}", integration: { type: "AWS", accountId: "${account}", role: "workflows" }, tags: ${tags} })`;

/** A Node stack trace line (`    at fn (file:line:col)`). */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/**
 * One clean line per problem: no stack trace and no message repeated inside a line anywhere,
 * and the problem once among the CLI's Diagnostics (the progress lines above them echo each
 * resource's error as it happens, as the CLI does for every provider).
 */
function assertClean(r: CliResult, needle: string) {
  assert.doesNotMatch(r.output, STACK_LINE, `a stack trace in:\n${r.output}`);
  assert.doesNotMatch(r.output, /: Error: /, `doubled text in:\n${r.output}`);
  for (const line of r.output.split("\n")) assert.ok(count(line, needle) <= 1, `doubled text: ${line}`);
  const diagnostics = r.output.split("\nDiagnostics:\n")[1] ?? "";
  assert.equal(
    count(diagnostics, needle),
    1,
    `${JSON.stringify(needle)} should appear once among the diagnostics of:\n${r.output}`,
  );
}

describe("e2e: day two (diffs, drift, group targets, error messages)", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const proxies: Proxy[] = [];
  after(async () => {
    for (const p of proxies) await p.close();
  });
  const proxy = async (answer?: (req: ProxiedRequest) => Answer) => {
    const p = await startProxy(e2e.backend.url, answer);
    proxies.push(p);
    return p;
  };

  /** Neither the state files (history and backups included) nor any CLI output holds a secret in plain text. */
  const assertNoPlaintext = (ws: PulumiWorkspace, outputs: CliResult[]) => {
    for (const f of listFiles(ws.stateDir)) {
      const text = fs.readFileSync(f, "utf8");
      for (const s of SECRETS) assert.ok(!text.includes(s), `${f} holds a secret in plain text`);
    }
    for (const r of outputs)
      for (const s of SECRETS) assert.ok(!r.output.includes(s), `CLI output holds a secret:\n${r.output}`);
  };

  describe("1. diffs and drift name the field; only secret fields are secret", () => {
    let ws: PulumiWorkspace;
    const cli: CliResult[] = [];
    const run = async (args: string[], ok = true) => {
      const r = await ws.run(args);
      cli.push(r);
      if (ok) assert.equal(r.code, 0, show(r));
      return r;
    };
    const program = (token: string, extra = "") =>
      IMPORTS +
      `
const aws = ${aws("aws-prod", "111111111111", `["env:prod"]`)};
const http = new Connection("status-api", {
  name: "Status API",
  integration: { type: "HTTP", baseUrl: "https://status.example.com", tokens: [{ name: "apiToken", value: "${token}" }], headers: [{ name: "X-Team", value: "ops" }] },
});
const openai = new Connection("openai", { name: "OpenAI", integration: { type: "OpenAI", apiToken: "${OPENAI}" } });
${extra}
export const ids = { aws: aws.id, http: http.id, openai: openai.id };
`;
    const ids = async () => JSON.parse((await ws.must(["stack", "output", "ids", "--json"])).stdout);
    const outputsOf = (res: string) =>
      ws.resourcesOf("Connection").find((r) => r.urn.endsWith(`::${res}`))!.outputs as Record<string, any>;
    const encrypted = (v: unknown) =>
      typeof v === "object" && v !== null && typeof (v as { ciphertext?: unknown }).ciphertext === "string";

    before(async () => {
      ws = e2e.workspace("day-two-diffs");
      ws.writeProgram({ "index.ts": program(TOKEN) });
      await ws.init();
      await run(["up", "--yes", "--skip-preview"]);
    });

    it("create: non-secret fields stay readable in state, every secret field is encrypted", () => {
      const a = outputsOf("aws-prod").integration;
      assert.equal(a.role, "workflows");
      assert.equal(a.accountId, "111111111111");
      const h = outputsOf("status-api").integration;
      assert.equal(h.baseUrl, "https://status.example.com");
      assert.ok(encrypted(h.tokens), `tokens are encrypted: ${JSON.stringify(h.tokens)}`);
      assert.ok(encrypted(outputsOf("openai").integration.apiToken), "the OpenAI key is encrypted");
      assert.deepEqual(outputsOf("openai").secretRevisions, { apiToken: 1 });
      assertNoPlaintext(ws, cli);
    });

    it("an out-of-band change of role shows as that field in refresh --preview-only and preview --refresh --diff", async () => {
      const { aws: id } = await ids();
      const patched = await e2e.backend.request("alice", "PATCH", `/api/v2/actions/connections/${id}`, {
        data: {
          type: "action_connection",
          attributes: {
            integration: {
              type: "AWS",
              credentials: { type: "AWSAssumeRole", account_id: "111111111111", role: "changed-by-hand" },
            },
          },
        },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const drift = await run(["refresh", "--preview-only", "--expect-no-changes"], false);
      assert.notEqual(drift.code, 0, "the drift check notices the change");
      assert.match(drift.output, /~ .*Connection aws-prod update \[diff: ~integration\]/);
      const detail = await run(["refresh", "--preview-only", "--diff"]);
      assert.match(detail.output, /~ role\s*: "workflows" => "changed-by-hand"/);
      const preview = await run(["preview", "--refresh", "--diff"]);
      assert.match(
        preview.output,
        /~ role\s*: "changed-by-hand" => "workflows"/,
        "the preview names the field it puts back",
      );
      assert.doesNotMatch(preview.output, /integration\s*: \[secret\]/);
    });

    it("refresh keeps the secrets the API does not return, encrypted; up --refresh repairs the drift", async () => {
      await run(["refresh", "--yes", "--skip-preview"]);
      assert.equal(outputsOf("aws-prod").integration.role, "changed-by-hand");
      assert.ok(encrypted(outputsOf("openai").integration.apiToken), "kept from the prior state, still encrypted");
      assert.ok(encrypted(outputsOf("status-api").integration.tokens));
      assertNoPlaintext(ws, cli);
      await run(["up", "--yes", "--skip-preview", "--refresh"]);
      const quiet = await run(["preview", "--refresh", "--expect-no-changes"]);
      assert.equal(quiet.code, 0);
    });

    it("update: rotating a token shows as a change at that token and stays encrypted", async () => {
      ws.writeProgram({ "index.ts": program(ROTATED) });
      const preview = await run(["preview", "--diff"]);
      assert.match(preview.output, /~ pulumi-nodejs:dynamic\/connections:Connection: \(update\)\n.*\n.*::status-api\]/);
      assert.match(preview.output, /~ secretRevisions\s*: \{\s*~ tokens\.apiToken: 1 => 2\s*\}/, preview.output);
      assert.match(preview.output, /tokens\s*: \[secret\]/);
      await run(["up", "--yes", "--skip-preview"]);
      assert.deepEqual(outputsOf("status-api").secretRevisions, { "tokens.apiToken": 2 });
      const quiet = await run(["preview", "--expect-no-changes"]);
      assert.equal(quiet.code, 0);
      assertNoPlaintext(ws, cli);
    });

    it("adopt: an existing connection's secret is encrypted in state, its plain fields readable", async () => {
      const made = await e2e.backend.request("alice", "POST", "/api/v2/actions/connections", {
        data: {
          type: "action_connection",
          attributes: {
            name: "by hand",
            tags: [],
            integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: "sk-by-hand" } },
          },
        },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      ws.writeProgram({
        "index.ts": program(
          ROTATED,
          `new Connection("adopted", { name: "Adopted", adoptId: "${made.body.data.id}", integration: { type: "OpenAI", apiToken: "${OPENAI}" } });`,
        ),
      });
      await run(["up", "--yes", "--skip-preview"]);
      assert.ok(encrypted(outputsOf("adopted").integration.apiToken));
      assert.equal(outputsOf("adopted").integration.type, "OpenAI");
      await run(["refresh", "--yes", "--skip-preview"]);
      assert.ok(encrypted(outputsOf("adopted").integration.apiToken), "still encrypted after a refresh");
      assertNoPlaintext(ws, cli);
      await run(["destroy", "--yes", "--skip-preview"]);
      assertNoPlaintext(ws, cli);
    });
  });

  describe("2. group diffs show only documented properties", () => {
    it("no memberFacts anywhere; removing one member reads as that one id removed", async () => {
      const ws = e2e.workspace("day-two-group-diff");
      const program = (members: string) =>
        IMPORTS +
        `
const a = ${aws("aws-a", "111111111111", `["account_id:111111111111"]`)};
const b = ${aws("aws-b", "222222222222", `["account_id:222222222222"]`)};
const c = ${aws("aws-c", "333333333333", `["account_id:333333333333"]`)};
new ConnectionGroup("accounts", { name: "Accounts", integration: "AWS", identifierTags: ["account_id"], members: [${members}] });
export const bId = b.id;
`;
      ws.writeProgram({ "index.ts": program("a, b, c") });
      await ws.init();
      const create = await ws.must(["preview", "--diff"]);
      assert.match(create.output, /memberNames\s*: \{\s*\(new\) aws-a: "aws-a"/);
      await ws.must(["up", "--yes", "--skip-preview"]);
      const bId = JSON.parse((await ws.must(["stack", "output", "bId", "--json"])).stdout);
      ws.writeProgram({ "index.ts": program("a, c") });
      const preview = await ws.must(["preview", "--diff"]);
      const up = await ws.must(["up", "--yes", "--diff", "--skip-preview"]);
      for (const r of [create, preview, up]) assert.doesNotMatch(r.output, /memberFacts/);
      assert.match(preview.output, /\[diff: ~memberNames\]|~ memberNames/);
      const changed = preview.output
        .split("\n")
        .filter((l) => /^\s*[-+~] /.test(l) && !/pulumi:pulumi:Stack|ConnectionGroup|to update/.test(l));
      assert.deepEqual(
        changed.map((l) => l.trim().replace(/\s+:/, ":")),
        ["~ memberNames: {", `- ${bId}: "aws-b"`],
        preview.output,
      );
      assert.doesNotMatch(
        JSON.stringify(ws.state().resources),
        /memberFacts"?\s*:\s*\[\s*\{/,
        "no member facts stored",
      );
      const group = ws.resourcesOf("ConnectionGroup")[0];
      assert.equal((group.outputs!.members as string[]).length, 2);
      await ws.must(["refresh", "--yes", "--skip-preview"]);
      const quiet = await ws.run(["preview", "--diff", "--expect-no-changes"]);
      assert.equal(quiet.code, 0, show(quiet));
      await ws.must(["destroy", "--yes", "--skip-preview"]);
    });
  });

  describe("3. a group preview knows its target", () => {
    const groupProgram =
      IMPORTS +
      `const a = ${aws("aws-a", "111111111111", `["account_id:111111111111"]`)};
new ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["account_id"], members: [a] });`;

    it("a Datadog site: preview fails at a group without adoptId saying to create it in Datadog's UI and adopt it; nothing is sent", async () => {
      // No network here: nothing may leave the machine, and nothing does (a Datadog site is known to have no group create).
      const ws = e2e.workspace("datadog-site", {
        env: {
          CONNECTIONS_API_URL: "",
          DD_SITE: "datadoghq.eu",
          DD_API_KEY: "0".repeat(32),
          DD_APP_KEY: "1".repeat(40),
        },
      });
      ws.writeProgram({
        "index.ts":
          IMPORTS +
          `new ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["account_id"], members: [] });`,
      });
      await ws.init();
      for (const args of [["preview"], ["up", "--yes"], ["up", "--yes", "--skip-preview"]]) {
        const r = await ws.run(args);
        assert.notEqual(r.code, 0, show(r));
        assert.match(
          r.output,
          /ConnectionGroup resource 'g' has a problem: the default target \(https:\/\/api\.datadoghq\.eu, [^)]*\) cannot create connection groups \(Datadog's API has no operation for it\): create the group in Datadog's UI/,
        );
        assertClean(r, "cannot create connection groups");
      }
      assert.equal(ws.resourcesOf("ConnectionGroup").length, 0);
    });

    it('a proxy whose groups route answers 404 {"errors":["Not found"]}: preview fails with one read-only request; up sends no group write', async () => {
      const p = await proxy((req) =>
        req.path.startsWith(GROUPS_ROUTE) ? { status: 404, body: { errors: ["Not found"] } } : undefined,
      );
      const ws = e2e.workspace("proxy-no-groups", { env: { CONNECTIONS_API_URL: p.url } });
      ws.writeProgram({ "index.ts": groupProgram });
      await ws.init();
      const preview = await ws.run(["preview"]);
      assert.notEqual(preview.code, 0, show(preview));
      assert.match(
        preview.output,
        new RegExp(
          `\\(${p.url.replace(/[.]/g, "\\.")}, [^)]*\\) does not answer the list of connection groups \\(GET /api/v2/actions/connections/groups\\), so it has no groups to create, adopt or change`,
        ),
      );
      assertClean(preview, "does not answer the list of connection groups");
      assert.deepEqual(
        p.requests.filter((r) => r.path.startsWith(GROUPS_ROUTE) && r.method !== "GET"),
        [],
        "read-only requests",
      );

      p.requests.length = 0;
      const up = await ws.run(["up", "--yes", "--skip-preview"]);
      assert.notEqual(up.code, 0, show(up));
      assert.match(up.output, /does not answer the list of connection groups/);
      assert.deepEqual(
        p.requests.filter((r) => r.path.startsWith(GROUPS_ROUTE) && r.method !== "GET"),
        [],
        "up sends no group write",
      );
      await ws.run(["destroy", "--yes", "--skip-preview"]);
    });

    it("the local backend (through the same proxy, forwarding): the group previews and applies", async () => {
      const p = await proxy();
      const ws = e2e.workspace("proxy-groups", { env: { CONNECTIONS_API_URL: p.url } });
      ws.writeProgram({ "index.ts": groupProgram });
      await ws.init();
      await ws.must(["up", "--yes"]);
      assert.equal(ws.resourcesOf("ConnectionGroup").length, 1);
      await ws.must(["destroy", "--yes", "--skip-preview"]);
    });
  });

  describe("4. one clean message per problem", () => {
    it("unreachable target on refresh: one line per resource, no stack trace, no doubled text", async () => {
      const ws = e2e.workspace("day-two-unreachable");
      ws.writeProgram({
        "index.ts":
          IMPORTS + `${aws("aws-prod-a", "111111111111", "[]")};\n${aws("aws-prod-b", "222222222222", "[]")};`,
      });
      await ws.init();
      await ws.must(["up", "--yes", "--skip-preview"]);
      const r = await ws.run(["refresh", "--yes", "--skip-preview"], {
        env: { CONNECTIONS_API_URL: "http://127.0.0.1:9" },
      });
      assert.notEqual(r.code, 0);
      for (const res of ["aws-prod-a", "aws-prod-b"]) {
        assertClean(r, `reading connection "${res}"`);
        assert.match(
          r.output,
          new RegExp(
            `reading connection "${res}" \\([0-9a-f-]{36}\\) failed: GET /api/v2/actions/connections/[0-9a-f-]{36} failed: connection refused \\(ECONNREFUSED\\)`,
          ),
        );
      }
      await ws.must(["destroy", "--yes", "--skip-preview"]);
    });

    it("403 and 404 on adopt, 409 on delete: one line each", async () => {
      // Bob's connection that alice may only view: adopting it needs editor (403).
      const bobId = await bobOnlyConnection(e2e.backend);
      const missing = "3f6c0b7e-0000-4000-8000-00000000dead";
      const ws = e2e.workspace("day-two-errors");
      const adopt = (res: string, id: string) =>
        `new Connection("${res}", { name: "${res}", adoptId: "${id}", integration: { type: "AWS", accountId: "999999999999", role: "workflows" } });`;
      ws.writeProgram({
        "index.ts":
          IMPORTS +
          `${adopt("not-mine", bobId)}\nexport const kept = ${aws("kept", "555555555555", `["env:prod"]`)}.id;`,
      });
      await ws.init();
      const up = await ws.run(["up", "--yes", "--skip-preview"]);
      assert.notEqual(up.code, 0);
      assertClean(up, `adopting connection "not-mine"`);
      assert.match(up.output, /adopting connection "not-mine" \([0-9a-f-]{36}\) failed: PATCH [^\n]* 403 Forbidden/);
      // A connection that does not exist: the adoption's check reads it first, and says so.
      ws.writeProgram({
        "index.ts":
          IMPORTS + `${adopt("gone", missing)}\nexport const kept = ${aws("kept", "555555555555", `["env:prod"]`)}.id;`,
      });
      const gone = await ws.run(["up", "--yes", "--skip-preview"]);
      assert.notEqual(gone.code, 0);
      assertClean(gone, `adoptId "${missing}"`);
      assert.match(
        gone.output,
        new RegExp(`resource 'gone' has a problem: adoptId "${missing}": no connection with this id exists`),
      );

      // A group made outside Pulumi holds "kept": the backend refuses to delete a member (409).
      ws.writeProgram({
        "index.ts": IMPORTS + `export const kept = ${aws("kept", "555555555555", `["env:prod"]`)}.id;`,
      });
      await ws.must(["up", "--yes", "--skip-preview"]);
      const kept = JSON.parse((await ws.must(["stack", "output", "kept", "--json"])).stdout);
      const g = await e2e.backend.request(
        "alice",
        "POST",
        GROUPS_ROUTE,
        groupBody({ name: "outside", integration_type: "AWS", tag_keys: ["env"], connections: [kept] }),
      );
      assert.equal(g.status, 201, JSON.stringify(g.body));
      const destroy = await ws.run(["destroy", "--yes", "--skip-preview"]);
      assert.notEqual(destroy.code, 0);
      assertClean(destroy, `deleting connection "kept"`);
      assert.match(destroy.output, /deleting connection "kept" \([0-9a-f-]{36}\) failed: DELETE [^\n]* 409 Conflict/);
      assert.equal((await e2e.backend.request("alice", "DELETE", `${GROUPS_ROUTE}/${g.body.data.id}`)).status, 204);
      await ws.must(["destroy", "--yes", "--skip-preview"]);
    });

    it("400 from the target: one line", async () => {
      const p = await proxy((req) =>
        req.method === "POST"
          ? { status: 400, body: { errors: [{ title: "Bad Request", detail: "name is not allowed here" }] } }
          : undefined,
      );
      const ws = e2e.workspace("day-two-400", { env: { CONNECTIONS_API_URL: p.url } });
      ws.writeProgram({ "index.ts": IMPORTS + `${aws("refused", "111111111111", "[]")};` });
      await ws.init();
      const up = await ws.run(["up", "--yes", "--skip-preview"]);
      assert.notEqual(up.code, 0);
      assertClean(up, `creating connection "refused"`);
      assert.match(
        up.output,
        /creating connection "refused" failed: POST \/api\/v2\/actions\/connections failed: 400 Bad Request: name is not allowed here/,
      );
    });

    it("member mistakes: a non-UUID id once and unfetched, a clash naming both indices, a key differing only in case", async () => {
      const p = await proxy();
      const ws = e2e.workspace("day-two-members", { env: { CONNECTIONS_API_URL: p.url } });
      ws.writeProgram({
        "index.ts":
          IMPORTS +
          `
const a = ${aws("aws-a", "111111111111", `["env:prod"]`)};
const b = ${aws("aws-b", "222222222222", `["env:prod"]`)};
const c = ${aws("aws-c", "333333333333", `["Env:prod"]`)};
new ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["env"], members: [a, b, c, "aws-prod-a"] });`,
      });
      await ws.init();
      const r = await ws.run(["preview"]);
      assert.notEqual(r.code, 0);
      assertClean(r, `"aws-prod-a"`);
      assert.match(r.output, /members\[3\] "aws-prod-a": is not a connection id \(a UUID\)/);
      assert.deepEqual(
        p.requests.filter((q) => q.path.includes("aws-prod-a")),
        [],
        "no request for a non-UUID id",
      );
      assert.match(
        r.output,
        /members\[1\] "aws-a" and "aws-b" both have env:prod; each member needs a unique combination of identifier values \(members\[0\] and members\[1\] clash\)/,
      );
      assert.match(
        r.output,
        /members\[2\] "aws-c" has no env tag \(it has Env:prod: tag keys are case-sensitive, and Datadog tags are conventionally lowercase\)/,
      );
      assert.doesNotMatch(r.output, STACK_LINE);
    });
  });
});
