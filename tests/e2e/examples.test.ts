/**
 * Every example through the real CLI, and the README's main job (`npm start`) itself.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConnectionsClient } from "../../client";
import { awsConnection, policyBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { pulumiBinDir, PulumiWorkspace, REPO } from "../support/pulumi";

describe("e2e: examples", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();
  const workspace = (project: string) => e2e.workspace(project);

  it("quickstart: up, no changes on a second preview, a member resolved by identifier values, destroy", async () => {
    const ws = workspace("connections-quickstart");
    ws.writeProgram({});
    ws.copyExample("examples/quickstart", ["index.ts"]);
    const token = "qs-token-7f3e9b2a1c";
    await ws.init({ statusApiToken: { secret: token } });
    await ws.must(["up", "--yes", "--skip-preview"]);
    const out = JSON.parse((await ws.must(["stack", "output", "--json"])).stdout);
    assert.equal(out.groupMembers.length, 3);
    const again = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(again.code, 0, again.output);

    const client = new ConnectionsClient({ apiUrl: e2e.backend.url, apiKey: e2e.backend.apiKey, appKey: e2e.backend.appKey("alice") });
    const resolved = await client.groups.resolve(out.groupId, { account_id: "222222222222" });
    assert.equal(resolved.id, out.awsConnections.prodB);
    client.close();
    assert.ok(!ws.state().text.includes(token), "the token is not in the state in plain text");

    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });

  it("gitops: dev and prod from one program; preview, apply, drift check; an invalid proposal fails preview", async () => {
    const ws = workspace("connections-gitops");
    ws.writeProgram({});
    ws.copyExample("examples/gitops", ["index.ts", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "ci.sh"]);
    const ci = (stage: string, stack: string) => ws.exec("bash", ["ci.sh", stage, stack]);

    for (const stack of ["dev", "prod"]) {
      const preview = await ci("preview", stack);
      assert.equal(preview.code, 0, preview.output);
      const apply = await ci("apply", stack);
      assert.equal(apply.code, 0, apply.output);
      const drift = await ci("drift", stack);
      assert.equal(drift.code, 0, `no drift right after apply:\n${drift.output}`);
    }
    const list = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?filter[tag]=env:prod");
    assert.equal(list.body.data.length, 2, "prod has its two accounts");

    // Someone changes a prod connection by hand: the scheduled drift check fails.
    const id = list.body.data[0].id;
    await e2e.backend.request("alice", "PATCH", `/api/v2/actions/connections/${id}`, { data: { type: "action_connection", attributes: { name: "renamed by hand" } } });
    const drift = await ci("drift", "prod");
    assert.notEqual(drift.code, 0, "the drift check notices the change");
    assert.match(drift.output, /renamed by hand/);
    assert.equal((await ci("apply", "prod")).code, 0, "applying puts it back");

    // A proposed change that puts both prod accounts in one region: preview fails, nothing written.
    const file = path.join(ws.programDir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("us-east-1", "eu-west-1"));
    const bad = await ci("preview", "prod");
    assert.notEqual(bad.code, 0);
    assert.match(bad.output, /both have region:eu-west-1; each member needs a unique combination of identifier values/);

    for (const stack of ["dev", "prod"]) await ws.must(["destroy", "--yes", "--skip-preview", "--stack", stack]);
  });

  describe("invalid: each mistake fails preview with its message", () => {
    const mistakes: [string, RegExp][] = [
      ["tags", /tags\[0\] "env:staging:east": exactly one ':' is allowed/],
      ["integration", /integration\.accountId "12345": must be exactly 12 digits/],
      ["keys", /identifierTags may have at most 3 entries \(got 4\)/],
      ["clash", /"aws-a" and "aws-b" both have env:prod/],
      ["mixed", /"gcp" is a GCP connection, but the group is for AWS connections/],
      ["forbidden", /no resolver permission on connection:[0-9a-f-]{36}, so adding it would fail with 403 Forbidden/],
    ];
    let ws: PulumiWorkspace;
    before(async () => {
      const created = await e2e.backend.request("bob", "POST", "/api/v2/actions/connections", awsConnection("bob's", ["account_id:999999999999"], "999999999999"));
      const id = created.body.data.id;
      await e2e.backend.request("bob", "POST", `/api/v2/restriction_policy/connection:${id}`, policyBody(`connection:${id}`, [
        { relation: "editor", principals: ["user:bob"] },
        { relation: "viewer", principals: ["org:test-org"] },
      ]));
      ws = workspace("connections-invalid");
      ws.writeProgram({});
      ws.copyExample("examples/invalid", ["index.ts"]);
      await ws.init({ forbiddenConnectionId: id });
    });
    for (const [mistake, message] of mistakes) {
      it(mistake, async () => {
        const result = await ws.run(["preview", "-c", `mistake=${mistake}`]);
        assert.notEqual(result.code, 0);
        assert.match(result.output, message);
      });
    }
  });
});

describe("e2e: npm start (the README's main job)", function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quickstart-"));
  const stack = `quickstart-test-${process.pid}`;
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.join(REPO, `Pulumi.${stack}.yaml`), { force: true });
  });
  const start = () => new Promise<{ code: number; output: string }>((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, QUICKSTART_DIR: dir, QUICKSTART_STACK: stack, PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}` };
    for (const k of ["CONNECTIONS_API_URL", "DD_SITE", "DD_API_KEY", "DD_APP_KEY", "PULUMI_HOME"]) delete env[k];
    execFile("npm", ["start"], { cwd: REPO, env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, output: `${stdout}\n${stderr}` }));
  });

  it("creates the quickstart stack against the embedded backend, then converges", async () => {
    const first = await start();
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /\+ 6 created/); // the stack and its 5 resources
    assert.match(first.output, /account_id=222222222222 -> connection [0-9a-f-]{36} "AWS aws-prod-b"/);
    const second = await start();
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /6 unchanged/);
    assert.doesNotMatch(second.output, /\d+ (created|updated|replaced|deleted)/);
  });
});
