/**
 * `pulumi-workflow-connections generate`, end to end: connections made by hand on a real local
 * backend -> the generated program -> the user sets the secrets it asks for -> the real CLI's
 * preview says every adoption changes nothing, `up` adopts them without changing them, and the
 * next preview has no changes.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONNS, awsConnection, connectionBody, httpConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { PulumiWorkspace, REPO } from "../support/pulumi";

const CLI = path.join(REPO, "dist/provider/cli/main.js");
const JIRA_TOKEN = "tok-GEN-jira-2f6a9c01";
const OPENAI_KEY = "sk-GEN-openai-7d1e4b33";

describe("e2e: generate a program that adopts existing connections", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();
  const generate = (ws: PulumiWorkspace, args: string[]) => ws.exec("node", [CLI, "generate", ...args]);

  it("--all: the generated program, with the secrets set, adopts every connection without changing it", async () => {
    const made = [
      (await e2e.backend.request("alice", "POST", CONNS, httpConnection("Jira (prod)", ["team:support"], JIRA_TOKEN)))
        .body.data,
      (
        await e2e.backend.request(
          "alice",
          "POST",
          CONNS,
          awsConnection("aws prod", ["account_id:111111111111"], "111111111111"),
        )
      ).body.data,
      (
        await e2e.backend.request(
          "alice",
          "POST",
          CONNS,
          connectionBody({
            name: "openai",
            tags: [],
            integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: OPENAI_KEY } },
          }),
        )
      ).body.data,
    ];
    const ws = e2e.workspace("generated");
    ws.writeProgram({});
    const out = path.join(ws.programDir, "index.ts");
    const gen = await generate(ws, ["--all", "--out", out]);
    assert.equal(gen.code, 0, gen.output);
    const program = fs.readFileSync(out, "utf8");
    for (const c of made) assert.ok(program.includes(`adoptId: "${c.id}"`), program);
    for (const s of [JIRA_TOKEN, OPENAI_KEY])
      assert.ok(!program.includes(s) && !gen.output.includes(s), "no secret value is written");
    assert.match(program, /new Connection\("jira-prod", \{/);
    assert.match(program, /headers: \[\{ name: "X-Team", value: "core" \}\]/);

    // The commands the user is told to run, one per secret.
    const commands = [...gen.stderr.matchAll(/pulumi config set --secret (\S+)\s+# (.*)/g)].map((m) => ({
      key: m[1],
      what: m[2],
    }));
    assert.deepEqual(commands.map((c) => c.key).sort(), ["jira-prod.tokenApiToken", "openai.apiToken"]);
    await ws.init();
    const missing = await ws.run(["preview"]);
    assert.notEqual(missing.code, 0, "the secrets are required");
    assert.match(
      missing.output,
      /Missing required configuration variable '[\w-]+:(jira-prod\.tokenApiToken|openai\.apiToken)'/,
      missing.output,
    );
    for (const c of commands)
      await ws.must([
        "config",
        "set",
        "--secret",
        c.key,
        c.what.startsWith('token "apiToken"') ? JIRA_TOKEN : OPENAI_KEY,
      ]);

    const before = await Promise.all(made.map((c) => e2e.backend.request("alice", "GET", `${CONNS}/${c.id}`)));
    const preview = await ws.must(["preview"]);
    for (const c of made) {
      assert.match(
        preview.output,
        new RegExp(
          `adopting connection ${c.id} \\("${c.attributes.name.replace(/[()]/g, "\\$&")}"\\) changes nothing: its name, tags and integration fields match this program`,
        ),
        preview.output,
      );
    }
    assert.match(
      preview.output,
      /writes these secret fields from this program \(the API never returns secret values, so they are not compared\): tokens\.apiToken/,
    );
    await ws.must(["up", "--yes", "--skip-preview"]);
    for (const [i, c] of made.entries()) {
      const now = (await e2e.backend.request("alice", "GET", `${CONNS}/${c.id}`)).body.data.attributes;
      const { last_updated: _a, ...was } = before[i].body.data.attributes;
      const { last_updated: _b, ...is } = now;
      assert.deepEqual(is, was, `${c.attributes.name} is as it was`);
    }
    const quiet = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(quiet.code, 0, quiet.output);
    assert.ok(!ws.state().text.includes(JIRA_TOKEN) && !ws.state().text.includes(OPENAI_KEY));
  });

  it("--id: only the named connections; an unknown id fails naming it; --all and --id together is a usage error", async () => {
    const aws = (await e2e.backend.request("alice", "POST", CONNS, awsConnection("only me", [], "222222222222"))).body
      .data;
    const ws = e2e.workspace("generated-ids");
    const one = await generate(ws, ["--id", aws.id]);
    assert.equal(one.code, 0, one.output);
    assert.equal((one.stdout.match(/new Connection\(/g) ?? []).length, 1);
    assert.match(one.stdout, /accountId: "222222222222"/);
    assert.doesNotMatch(one.stdout, /requireSecret/, "AWS has no secret fields");
    const unknown = "3f6c0b7e-0000-4000-8000-00000000beef";
    const bad = await generate(ws, ["--id", aws.id, "--id", unknown]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`connection "${unknown}": .*not found`, "i"));
    const both = await generate(ws, ["--all", "--id", aws.id]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give either --id <id> and\/or --group <id> \(one or more\), or --all/);
  });
});
