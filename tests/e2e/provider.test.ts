/**
 * The product, end to end: Connection and ConnectionGroup through the real Pulumi CLI against
 * the real local backend: invalid programs fail at preview, then a stack's life step by step.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { awsConnection, bobOnlyConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { CliResult, PulumiWorkspace } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;
const TOKEN = "tok-SECRET-d1c3a9e0b7f24e5a";
const HEADER = "hdr-value-not-secret";

/** Every file under a directory. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const aws = (res: string, account: string, tags: string) =>
  `new Connection("${res}", { name: "${res}", integration: { type: "AWS", accountId: "${account}", role: "workflows" }, tags: ${tags} })`;

describe("e2e: Connection and ConnectionGroup through the Pulumi CLI", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();
  const workspace = (project: string) => e2e.workspace(project);

  /** Everything the backend holds, as alice sees it: the "no write happened" witness. */
  async function snapshot(): Promise<string> {
    const c = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?page[size]=100");
    const g = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections/groups");
    assert.equal(c.status, 200);
    assert.equal(g.status, 200);
    return JSON.stringify([c.body.data, g.body.data]);
  }

  describe("1. invalid programs fail at preview, with their message, and write nothing", () => {
    const cases: { name: string; program: string; expect: RegExp[] }[] = [
      {
        name: "invalid tags",
        program: `new Connection("c", { name: "c", integration: { type: "OpenAI", apiToken: "sk-x" }, tags: ["env:staging:east", "env", "default:yes", "aws:default"] });`,
        expect: [
          /tags\[0\] "env:staging:east": exactly one ':' is allowed/,
          /tags\[1\] "env": must have the form key:value/,
          /tags\[2\] "default:yes": 'default' is reserved and cannot be a tag key/,
          /tags\[3\] "aws:default": 'default' is reserved and cannot be a tag value/,
        ],
      },
      {
        name: "an invalid integration field",
        program: `new Connection("c", { name: "c", integration: { type: "AWS", accountId: "12345", role: "workflows" } });`,
        expect: [/integration\.accountId "12345": must be exactly 12 digits/],
      },
      {
        name: "an invalid field next to a secret (the secret is not echoed)",
        program: `new Connection("c", { name: "c", integration: { type: "HTTP", baseUrl: "not-a-url", tokens: [{ name: "apiToken", value: "${TOKEN}" }] } });`,
        expect: [
          /Connection resource 'c' has a problem: integration\.baseUrl "not-a-url": must be an absolute http\(s\) URL/,
        ],
      },
      {
        name: "a group with too many keys",
        program: `new ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["a", "b", "c", "d"] });`,
        expect: [/identifierTags may have at most 3 entries \(got 4\)/],
      },
      {
        name: "clashing members (ids still unknown)",
        program: `const a = ${aws("aws-a", "111111111111", `["env:prod"]`)};\nconst b = ${aws("aws-b", "222222222222", `["env:prod"]`)};\nnew ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["env"], members: [a, b] });`,
        expect: [/"aws-a" and "aws-b" both have env:prod/],
      },
      {
        name: "mixed integrations",
        program: `const a = ${aws("aws-a", "111111111111", `["env:prod"]`)};\nconst o = new Connection("openai", { name: "o", integration: { type: "OpenAI", apiToken: "sk-x" }, tags: ["env:dev"] });\nnew ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["env"], members: [a, o] });`,
        expect: [/"openai" is a OpenAI connection, but the group is for AWS connections/],
      },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        const before = await snapshot();
        const ws = workspace("invalid");
        ws.writeProgram({ "index.ts": IMPORTS + c.program });
        await ws.init();
        const result = await ws.run(["preview"]);
        assert.notEqual(result.code, 0, `preview should fail:\n${result.output}`);
        for (const re of c.expect) assert.match(result.output, re);
        assert.ok(!result.output.includes(TOKEN), "no secret in the CLI output");
        assert.equal(await snapshot(), before, "the backend received no write");
      });
    }

    it("a member the user may not resolve", async () => {
      // Bob owns a connection and lets only himself use it: alice may not add it to a group.
      const id = await bobOnlyConnection(e2e.backend);

      const before = await snapshot();
      const ws = workspace("invalid");
      ws.writeProgram({
        "index.ts":
          IMPORTS +
          `new ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["account_id"], members: ["${id}"] });`,
      });
      await ws.init();
      const result = await ws.run(["preview"]);
      assert.notEqual(result.code, 0, result.output);
      assert.match(result.output, new RegExp(`no resolver permission on connection:${id}`));
      assert.match(result.output, /403 Forbidden/);
      assert.equal(await snapshot(), before, "the backend received no write");
    });

    it("a field is still checked when another field of the same integration is unknown", async () => {
      const before = await snapshot();
      const ws = workspace("invalid");
      ws.writeProgram({
        "index.ts":
          IMPORTS +
          `const a = ${aws("aws-a", "111111111111", "[]")};
new Connection("http", { name: "h", integration: { type: "HTTP", baseUrl: pulumi.interpolate\`https://\${a.id}.example.com\`, tokens: [{ name: "my_token", value: "${TOKEN}" }] } });`,
      });
      await ws.init();
      const result = await ws.run(["preview"]);
      assert.notEqual(result.code, 0, result.output);
      assert.match(
        result.output,
        /integration\.tokens\[0\]\.name "my_token": must start with a letter and contain only letters and digits/,
      );
      assert.ok(!result.output.includes(TOKEN));
      assert.equal(await snapshot(), before);
    });

    it("stack config wins over the environment, and keys given as secret config stay out of state and output", async () => {
      // The environment names a dead target and wrong keys: only the stack config can make this work.
      const ws = e2e.workspace("config-keys", {
        env: { CONNECTIONS_API_URL: "http://127.0.0.1:9", DD_API_KEY: "f".repeat(32), DD_APP_KEY: "e".repeat(40) },
      });
      ws.writeProgram({
        "index.ts":
          IMPORTS +
          `new Connection("c", { name: "from config", integration: { type: "OpenAI", apiToken: "${TOKEN}" }, tags: ["via:config"] });`,
      });
      await ws.init({
        "connections:apiUrl": e2e.backend.url,
        "connections:apiKey": { secret: e2e.backend.apiKey },
        "connections:appKey": { secret: e2e.backend.appKey("alice") },
      });
      const up = await ws.must(["up", "--yes", "--skip-preview"]);
      const list = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?filter[tags]=via:config");
      assert.equal(list.body.data.length, 1, "created through the configured target with the configured keys");
      const destroy = await ws.must(["destroy", "--yes", "--skip-preview"]);
      for (const text of [
        up.output,
        destroy.output,
        ...listFiles(ws.stateDir).map((f) => fs.readFileSync(f, "utf8")),
        fs.readFileSync(path.join(ws.programDir, "Pulumi.dev.yaml"), "utf8"),
      ]) {
        for (const s of [TOKEN, e2e.backend.apiKey, e2e.backend.appKey("alice")])
          assert.ok(!text.includes(s), "a key or secret in plain text");
      }
    });
  });

  describe("2-7. a stack's life", () => {
    let ws: PulumiWorkspace;
    const program = (opts: { bTags?: string; bIntegration?: string; extra?: string } = {}) =>
      IMPORTS +
      `
const a = ${aws("aws-a", "111111111111", `["account_id:111111111111", "env:prod"]`)};
const b = new Connection("aws-b", {
  name: "aws-b",
  integration: ${opts.bIntegration ?? `{ type: "AWS", accountId: "222222222222", role: "workflows" }`},
  tags: ${opts.bTags ?? `["account_id:222222222222"]`},
});
// Depends on another resource's output: unknown at the first preview.
const c = new Connection("aws-c", {
  name: pulumi.interpolate\`follows \${a.id}\`,
  integration: { type: "AWS", accountId: "333333333333", role: "workflows" },
  tags: [pulumi.interpolate\`account_id:333333333333\`],
});
const http = new Connection("status-api", {
  name: "Status API",
  integration: {
    type: "HTTP",
    baseUrl: "https://status.example.com",
    tokens: [{ name: "apiToken", value: "${TOKEN}" }],
    headers: [{ name: "X-Team", value: "${HEADER}" }],
  },
  tags: ["service:status"],
});
const group = new ConnectionGroup("accounts", { name: "Accounts", integration: "AWS", identifierTags: ["account_id"], members: [a, b, c] });
${opts.extra ?? ""}
export const ids = { a: a.id, b: b.id, c: c.id, http: http.id, group: group.id };
export const externalId = a.externalId;
`;

    const outputs = async () => JSON.parse((await ws.must(["stack", "output", "--json", "--show-secrets"])).stdout);
    const noSecretsIn = (text: string, where: string) => {
      for (const s of [TOKEN, e2e.backend.apiKey, e2e.backend.appKey("alice")])
        assert.ok(!text.includes(s), `${where} holds a secret in plain text`);
    };
    const cli: CliResult[] = [];
    const run = async (args: string[]) => {
      const r = await ws.must(args);
      cli.push(r);
      return r;
    };

    before(async () => {
      ws = workspace("life");
      ws.writeProgram({ "index.ts": program() });
      await ws.init();
    });

    it("2. a valid program whose values depend on other resources previews cleanly", async () => {
      const before = await snapshot();
      const r = await run(["preview"]);
      assert.match(r.stdout, /\+ 6 to create/); // the stack and its 5 resources
      assert.equal(await snapshot(), before);
    });

    it("3. up creates everything; a second preview shows no changes (HTTP secrets included)", async () => {
      await run(["up", "--yes", "--skip-preview"]);
      const out = await outputs();
      for (const id of Object.values(out.ids)) assert.match(String(id), /^[0-9a-f-]{36}$/);
      const group = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/groups/${out.ids.group}`);
      assert.deepEqual([...group.body.data.attributes.connections].sort(), [out.ids.a, out.ids.b, out.ids.c].sort());
      const a = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${out.ids.a}`);
      assert.equal(
        out.externalId,
        a.body.data.attributes.integration.credentials.external_id,
        "the server-computed external id is an output",
      );
      const again = await ws.run(["preview", "--expect-no-changes"]);
      cli.push(again);
      assert.equal(again.code, 0, `no changes expected:\n${again.output}`);
    });

    it("4. changing tags updates in place; changing the integration type replaces", async () => {
      const before = await outputs();
      ws.writeProgram({ "index.ts": program({ bTags: `["account_id:222222222222", "team:payments"]` }) });
      const up = await run(["up", "--yes", "--skip-preview"]);
      assert.match(up.stdout, /aws-b[^\n]*updated|~ .*aws-b/);
      let after = await outputs();
      assert.equal(after.ids.b, before.ids.b, "same connection, updated in place");
      const b = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${after.ids.b}`);
      assert.deepEqual(b.body.data.attributes.tags, ["account_id:222222222222", "team:payments"]);

      // aws-b leaves the group and becomes an OpenAI connection: a replacement.
      const openai = `{ type: "OpenAI", apiToken: "sk-openai-${TOKEN}" }`;
      ws.writeProgram({
        "index.ts": program({ bIntegration: openai, bTags: `["team:payments"]` }).replace(
          "members: [a, b, c]",
          "members: [a, c]",
        ),
      });
      const replace = await run(["up", "--yes", "--skip-preview"]);
      assert.match(replace.stdout, /replaced/);
      after = await outputs();
      assert.notEqual(after.ids.b, before.ids.b, "a new connection replaced the old one");
      const old = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${before.ids.b}`);
      assert.equal(old.status, 404, "the replaced connection was deleted");
      const now = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${after.ids.b}`);
      assert.equal(now.body.data.attributes.integration.type, "OpenAI");
    });

    it("5. refresh shows a change made on the backend, and drops a connection deleted there", async () => {
      const out = await outputs();
      const patched = await e2e.backend.request("alice", "PATCH", `/api/v2/actions/connections/${out.ids.http}`, {
        data: { type: "action_connection", attributes: { tags: ["service:status", "changed:outside"] } },
      });
      assert.equal(patched.status, 200);
      const drift = await ws.run(["refresh", "--preview-only", "--expect-no-changes"]);
      assert.notEqual(drift.code, 0, "the drift check notices the change");
      assert.match(drift.output, /~ .*status-api.*(update|refresh)/);
      assert.doesNotMatch(drift.output, /cannot be used together/);
      await run(["refresh", "--yes", "--skip-preview"]);
      const http = ws.resourcesOf("Connection").find((r) => r.urn.endsWith("::status-api"))!;
      assert.deepEqual(http.outputs?.tags, ["service:status", "changed:outside"]);
      // The program still says otherwise, so the next up puts it back.
      await run(["up", "--yes", "--skip-preview"]);
      const back = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${out.ids.http}`);
      assert.deepEqual(back.body.data.attributes.tags, ["service:status"]);
      const quiet = await ws.run(["preview", "--expect-no-changes"]);
      assert.equal(quiet.code, 0, quiet.output);

      const gone = await e2e.backend.request("alice", "DELETE", `/api/v2/actions/connections/${out.ids.b}`);
      assert.equal(gone.status, 204);
      await run(["refresh", "--yes", "--skip-preview"]);
      assert.equal(
        ws.resourcesOf("Connection").find((r) => r.urn.endsWith("::aws-b")),
        undefined,
        "refresh dropped it from state",
      );
    });

    it("6. adopting an existing connection by id, then destroy removes everything", async () => {
      const existing = await e2e.backend.request(
        "alice",
        "POST",
        "/api/v2/actions/connections",
        awsConnection("made by hand", ["account_id:444444444444"], "444444444444"),
      );
      assert.equal(existing.status, 201);
      const id = existing.body.data.id;
      const adopt = `const adopted = new Connection("adopted", { name: "Adopted", adoptId: "${id}", integration: { type: "AWS", accountId: "444444444444", role: "workflows" }, tags: ["account_id:444444444444", "managed:pulumi"] });\nexport const adoptedId = adopted.id;`;
      ws.writeProgram({
        "index.ts": program({
          bIntegration: `{ type: "OpenAI", apiToken: "sk-openai-${TOKEN}" }`,
          bTags: `["team:payments"]`,
          extra: adopt,
        }).replace("members: [a, b, c]", "members: [a, c]"),
      });
      await run(["up", "--yes", "--skip-preview"]);
      assert.equal((await outputs()).adoptedId, id);
      const adopted = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${id}`);
      assert.equal(adopted.body.data.attributes.name, "Adopted");
      assert.deepEqual(adopted.body.data.attributes.tags, ["account_id:444444444444", "managed:pulumi"]);

      // An adopted connection that changes integration type is changed in place: same id, still there.
      const adoptOpenAi = adopt.replace(
        `integration: { type: "AWS", accountId: "444444444444", role: "workflows" }`,
        `integration: { type: "OpenAI", apiToken: "sk-adopted-${TOKEN}" }`,
      );
      ws.writeProgram({
        "index.ts": program({
          bIntegration: `{ type: "OpenAI", apiToken: "sk-openai-${TOKEN}" }`,
          bTags: `["team:payments"]`,
          extra: adoptOpenAi,
        }).replace("members: [a, b, c]", "members: [a, c]"),
      });
      await run(["up", "--yes", "--skip-preview"]);
      assert.equal((await outputs()).adoptedId, id);
      const changed = await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${id}`);
      assert.equal(changed.status, 200, "the adopted connection still exists");
      assert.equal(changed.body.data.attributes.integration.type, "OpenAI");

      const stateText = ws.state().text;
      noSecretsIn(stateText, "the state file");
      assert.match(stateText, /"ciphertext"/, "secrets are stored in Pulumi's encrypted form");

      await run(["destroy", "--yes", "--skip-preview"]);
      assert.equal(ws.state().resources.filter((r) => r.type.includes("connections:")).length, 0);
      const list = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?page[size]=100");
      const left = list.body.data.map((c: { id: string }) => c.id);
      assert.ok(!left.includes(id), "the adopted connection was deleted");
      const groups = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections/groups");
      assert.equal(groups.body.data.length, 0);
    });

    it("7. neither the state files (backups and history included) nor the CLI output hold a secret or a key in plain text", () => {
      const files = listFiles(ws.stateDir);
      assert.ok(
        files.some((f) => f.includes("backups")) || files.some((f) => f.includes("history")),
        `state history was written: ${files.join(", ")}`,
      );
      for (const f of files) noSecretsIn(fs.readFileSync(f, "utf8"), f);
      assert.ok(cli.length >= 8);
      for (const r of cli) noSecretsIn(r.output, "CLI output");
    });
  });
});
