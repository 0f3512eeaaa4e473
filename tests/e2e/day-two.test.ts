/**
 * Day two with Pulumi (issue 11, items 1-4), through the real CLI against the real backend:
 * diffs and drift name the field, group diffs show only what users declared, a group preview
 * knows whether its target has a groups API, and every expected API error reads as one line.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { awsConnection, groupBody, policyBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { Proxy, startProxy } from "../support/proxy";
import { CliResult, PulumiWorkspace } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;
const TOKEN = "tok-DAY2-first-8c1f0e2d";
const ROTATED = "tok-DAY2-rotated-77b3a1c9";
const OPENAI = "sk-DAY2-openai-5e0d9b1f";
const SECRETS = [TOKEN, ROTATED, OPENAI];
const GROUPS_ROUTE = "/api/v2/actions/connection_groups";

const listFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/** Stack traces printed by Node (`    at fn (file:line:col)`). */
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

const show = (r: CliResult) => `exit ${r.code}\n${r.output}`;

describe("e2e: day two (diffs, drift, group targets, error messages)", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const proxies: Proxy[] = [];
  after(async () => {
    for (const p of proxies) await p.close();
  });
  const proxy = async (answer?: Parameters<typeof startProxy>[1]) => {
    const p = await startProxy(e2e.backend.url, answer);
    proxies.push(p);
    return p;
  };

  /** Neither the state files nor any CLI output holds a secret in plain text. */
  const assertNoPlaintext = (ws: PulumiWorkspace, outputs: CliResult[]) => {
    for (const f of listFiles(ws.stateDir)) {
      const text = fs.readFileSync(f, "utf8");
      for (const s of SECRETS) assert.ok(!text.includes(s), `${f} holds a secret in plain text`);
    }
    for (const r of outputs) for (const s of SECRETS) assert.ok(!r.output.includes(s), `CLI output holds a secret:\n${r.output}`);
  };

  describe("1. diffs and drift name the field; only secret fields are secret", () => {
    let ws: PulumiWorkspace;
    const cli: CliResult[] = [];
    const run = async (args: string[]) => {
      const r = await ws.run(args);
      cli.push(r);
      return r;
    };
    const program = (token: string) => IMPORTS + `
const aws = new Connection("aws-prod", { name: "aws-prod", integration: { type: "AWS", accountId: "111111111111", role: "workflows" }, tags: ["env:prod"] });
const http = new Connection("status-api", {
  name: "Status API",
  integration: { type: "HTTP", baseUrl: "https://status.example.com", tokens: [{ name: "apiToken", value: "${token}" }], headers: [{ name: "X-Team", value: "ops" }] },
});
const openai = new Connection("openai", { name: "OpenAI", integration: { type: "OpenAI", apiToken: "${OPENAI}" } });
export const ids = { aws: aws.id, http: http.id, openai: openai.id };
`;
    const ids = async () => JSON.parse((await ws.must(["stack", "output", "ids", "--json"])).stdout);
    const outputsOf = (res: string) => ws.resourcesOf("Connection").find((r) => r.urn.endsWith(`::${res}`))!.outputs as Record<string, any>;

    before(async () => {
      ws = e2e.workspace("day-two-diffs");
      ws.writeProgram({ "index.ts": program(TOKEN) });
      await ws.init();
      const up = await run(["up", "--yes", "--skip-preview"]);
      assert.equal(up.code, 0, show(up));
    });

    it("state keeps non-secret fields readable and every secret field encrypted (create)", () => {
      const aws = outputsOf("aws-prod").integration;
      assert.equal(aws.role, "workflows", "role is a plain value");
      assert.equal(aws.accountId, "111111111111");
      const http = outputsOf("status-api").integration;
      assert.equal(http.baseUrl, "https://status.example.com");
      assert.ok(http.tokens.ciphertext, `tokens are encrypted: ${JSON.stringify(http.tokens)}`);
      assert.ok(outputsOf("openai").integration.apiToken.ciphertext, "the OpenAI key is encrypted");
      assertNoPlaintext(ws, cli);
    });

    it("an out-of-band change of role shows as that field in refresh --preview-only and preview --refresh --diff", async () => {
      const { aws } = await ids();
      const patched = await e2e.backend.request("alice", "PATCH", `/api/v2/actions/connections/${aws}`, {
        data: { type: "action_connection", attributes: { integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "111111111111", role: "changed-by-hand" } } } },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const drift = await run(["refresh", "--preview-only"]);
      console.log(drift.output);
      const preview = await run(["preview", "--refresh", "--diff"]);
      console.log(preview.output);
    });

    it("rotating a secret token shows as a change at the token ([secret]), and stays encrypted (update)", async () => {
      ws.writeProgram({ "index.ts": program(ROTATED) });
      const preview = await run(["preview", "--diff"]);
      console.log(preview.output);
      const up = await run(["up", "--yes", "--skip-preview"]);
      assert.equal(up.code, 0, show(up));
      assertNoPlaintext(ws, cli);
    });
  });

  describe("2. group diffs show only declared properties", () => {
    it("removing one member reads as one member id removed", async () => {
      const ws = e2e.workspace("day-two-group-diff");
      const program = (members: string) => IMPORTS + `
const mk = (n: string, acct: string) => new Connection(n, { name: n, integration: { type: "AWS", accountId: acct, role: "workflows" }, tags: ["account_id:" + acct] });
const a = mk("aws-a", "111111111111"), b = mk("aws-b", "222222222222"), c = mk("aws-c", "333333333333");
new ConnectionGroup("accounts", { name: "Accounts", integration: "AWS", identifierTags: ["account_id"], members: [${members}] });
`;
      ws.writeProgram({ "index.ts": program("a, b, c") });
      await ws.init();
      await ws.must(["up", "--yes", "--skip-preview"]);
      ws.writeProgram({ "index.ts": program("a, c") });
      const preview = await ws.must(["preview", "--diff"]);
      console.log(preview.output);
      const group = ws.resourcesOf("ConnectionGroup")[0];
      console.log(JSON.stringify(group, null, 1));
    });
  });
});
