/**
 * Every example through the real CLI, and the README's commands themselves (`npm start`, the
 * commands it prints, `npm run example ...`) in a fresh clone.
 */
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ConnectionsClient } from "../../client";
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

    const client = new ConnectionsClient({
      apiUrl: e2e.backend.url,
      apiKey: e2e.backend.apiKey,
      appKey: e2e.backend.appKey("alice"),
    });
    const resolved = await client.groups.resolve(out.groupId, { account_id: "222222222222" });
    assert.equal(resolved.id, out.awsConnections.prodB);
    client.close();
    assert.ok(!ws.state().text.includes(token), "the token is not in the state in plain text");

    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });

  it("gitops: dev and prod from one program; preview, apply, drift check; an invalid proposal fails preview", async () => {
    // The committed stack files carry their passphrase salt: this is the passphrase it goes with.
    const ws = e2e.workspace("connections-gitops", { env: { PULUMI_CONFIG_PASSPHRASE: "examples" } });
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
    const list = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?filter[tags]=env:prod");
    assert.equal(list.body.data.length, 2, "prod has its two accounts");

    // Someone changes a prod connection by hand: the scheduled drift check fails.
    const {
      id,
      attributes: { name: declared },
    } = list.body.data[0];
    const nameNow = async () =>
      (await e2e.backend.request("alice", "GET", `/api/v2/actions/connections/${id}`)).body.data.attributes.name;
    await e2e.backend.request("alice", "PATCH", `/api/v2/actions/connections/${id}`, {
      data: { type: "action_connection", attributes: { name: "renamed by hand" } },
    });
    const drift = await ci("drift", "prod");
    assert.notEqual(drift.code, 0, "the drift check notices the change");
    assert.match(drift.output, /renamed by hand/);
    // A plain `pulumi up` compares with the state, which still holds the declared name...
    await ws.must(["up", "--yes", "--skip-preview", "--stack", "prod"]);
    assert.equal(await nameNow(), "renamed by hand", "plain up does not see drift");
    // ...`ci.sh apply` is `pulumi up --refresh`: it reads the target first and puts the name back.
    assert.equal((await ci("apply", "prod")).code, 0);
    assert.equal(await nameNow(), declared, "apply repairs the drift");
    assert.equal((await ci("drift", "prod")).code, 0, "and the drift check passes again");
    assert.equal(
      fs.readFileSync(path.join(ws.programDir, "Pulumi.dev.yaml"), "utf8"),
      fs.readFileSync(path.join(REPO, "examples/gitops/Pulumi.dev.yaml"), "utf8"),
      "the committed stack file is not rewritten",
    );

    // A proposed change that puts both prod accounts in one region: preview fails, nothing written.
    const file = path.join(ws.programDir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("us-east-1", "eu-west-1"));
    const bad = await ci("preview", "prod");
    assert.notEqual(bad.code, 0);
    assert.match(bad.output, /both have region:eu-west-1; each member needs a unique combination of identifier values/);

    for (const stack of ["dev", "prod"]) await ws.must(["destroy", "--yes", "--skip-preview", "--stack", stack]);
  });

  describe("invalid, by hand: never passes silently", () => {
    let ws: PulumiWorkspace;
    before(async () => {
      ws = workspace("connections-invalid");
      ws.writeProgram({});
      ws.copyExample("examples/invalid", ["index.ts"]);
      await ws.init();
    });
    it("forbidden without a forbiddenConnectionId fails, saying how to get one", async () => {
      const result = await ws.run(["preview", "-c", "mistake=forbidden"]);
      assert.notEqual(result.code, 0);
      assert.match(
        result.output,
        /mistake=forbidden needs forbiddenConnectionId.*npm run example -- invalid forbidden/,
      );
    });
    it("a misspelt mistake fails, listing the known ones", async () => {
      const result = await ws.run(["preview", "-c", "mistake=tag"]);
      assert.notEqual(result.code, 0);
      assert.match(
        result.output,
        /unknown mistake "tag": use one of tags, integration, keys, clash, mixed, forbidden, all/,
      );
    });
  });
});

/**
 * The README's commands, copied as a user would, in a fresh repository holding this working tree
 * (its tracked and new files, committed): `npm ci`, `npm start` twice, the commands it prints,
 * and every `npm run example` command of the README's Examples section. After each one
 * `git status --porcelain` must be empty.
 */
describe("e2e: a fresh clone, used as the README says", function () {
  this.timeout(1_800_000);
  // Made in before(), so that loading this file without running these tests leaves nothing behind.
  let clone = "";
  let env: NodeJS.ProcessEnv;
  let port = 0;

  const sh = (command: string, timeout = 600_000) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        "bash",
        ["-c", command],
        { cwd: clone, env, timeout, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, output: `${stdout}\n${stderr}` }),
      );
    });
  const mustRun = async (command: string) => {
    const result = await sh(command);
    assert.equal(result.code, 0, `${command} exited ${result.code}:\n${result.output}`);
    return result.output;
  };
  const assertClean = async (after: string) => {
    const status = await sh("git status --porcelain --untracked-files=all");
    assert.equal(status.output.trim(), "", `git status after \`${after}\`:\n${status.output}`);
  };

  before(async () => {
    // A shell as a user has it: no npm script variables from the test runner, no targets or keys.
    env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(npm_|CONNECTIONS_|DD_|PULUMI_|QUICKSTART_|EXAMPLES_)/i.test(k)),
    );
    env.PATH = `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`;
    env.NO_COLOR = "1";
    clone = fs.mkdtempSync(path.join(os.tmpdir(), "fresh-clone-"));
    port = await freePort();
    env.CONNECTIONS_BACKEND_PORT = String(port);
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: REPO,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    for (const f of files) {
      if (!fs.existsSync(path.join(REPO, f))) continue; // deleted in the working tree
      fs.mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO, f), path.join(clone, f));
      fs.chmodSync(path.join(clone, f), fs.statSync(path.join(REPO, f)).mode);
    }
    await mustRun("git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm clone");
    const install = await mustRun("npm ci --no-audit --no-fund --prefer-offline 2>&1");
    assert.doesNotMatch(install, /EBADENGINE/i, "npm ci prints no engine warning on this Node");
    await assertClean("npm ci");
  });
  after(() => {
    if (clone) fs.rmSync(clone, { recursive: true, force: true });
  });

  it("npm start twice: the second changes and compiles nothing; the printed commands work as printed", async () => {
    const first = await mustRun("npm start");
    assert.match(first, /\+ 6 created/); // the stack and its 5 resources
    assert.match(first, /account_id=222222222222 -> connection [0-9a-f-]{36} "AWS aws-prod-b"/);
    await assertClean("npm start");
    // The stack's own config records where it went.
    assert.match(
      fs.readFileSync(path.join(clone, "Pulumi.quickstart.yaml"), "utf8"),
      new RegExp(`connections:apiUrl: http://127\\.0\\.0\\.1:${port}\\n`),
    );

    const built = ["dist/provider/index.js", "backend/dist/main.js"].map(
      (f) => fs.statSync(path.join(clone, f)).mtimeMs,
    );
    const second = await mustRun("npm start");
    assert.match(second, /up to date: no source changed since the last build, nothing compiled/);
    assert.deepEqual(
      ["dist/provider/index.js", "backend/dist/main.js"].map((f) => fs.statSync(path.join(clone, f)).mtimeMs),
      built,
      "no file rebuilt",
    );
    assert.match(second, /6 unchanged/);
    assert.doesNotMatch(second, /\d+ (created|updated|replaced|deleted)/);
    await assertClean("a second npm start");

    const printed = [...second.matchAll(/^ {2}(npm start -- [a-z][^\n]*?)(?: {2,}|$)/gm)].map((m) => m[1].trim());
    for (const c of ["preview", "refresh", "destroy"])
      assert.ok(printed.includes(`npm start -- ${c}`), `prints npm start -- ${c}:\n${second}`);
    for (const command of printed) {
      const output = await mustRun(command);
      if (command.endsWith(" preview")) assert.match(output, /6 unchanged/);
      if (command.endsWith(" destroy")) assert.match(output, /6 deleted/);
      await assertClean(command);
    }
  });

  it("every npm run example command of the README works and leaves git status clean", async () => {
    const readme = fs.readFileSync(path.join(clone, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("## Examples"),
      readme.indexOf("\n## ", readme.indexOf("## Examples") + 1),
    );
    const commands = [...section.matchAll(/^(npm run example -- .*?)\s*(?:#.*)?$/gm)].map((m) => m[1]);
    const messages: Record<string, RegExp> = {
      tags: /tags\[0\] "env:staging:east": exactly one ':' is allowed/,
      integration: /integration\.accountId "12345": must be exactly 12 digits/,
      keys: /identifierTags may have at most 3 entries \(got 4\)/,
      clash: /"aws-a" and "aws-b" both have env:prod/,
      mixed: /"gcp" is a GCP connection, but the group is for AWS connections/,
      forbidden: /no resolver permission on connection:[0-9a-f-]{36}, so adding it would fail with 403 Forbidden/,
    };
    assert.deepEqual(
      commands.filter((c) => c.includes(" invalid ")).map((c) => c.split(" ").pop()),
      [...Object.keys(messages), "all"],
      "one command per mistake, then all",
    );
    assert.ok(
      commands.includes("npm run example -- access") && commands.includes("npm run example -- access destroy"),
      commands.join("\n"),
    );
    assert.ok(
      ["preview", "apply", "drift", "destroy"].every((stage) =>
        commands.includes(`npm run example -- gitops ${stage} dev`),
      ),
      commands.join("\n"),
    );
    for (const command of commands) {
      const output = await mustRun(command);
      const mistake = / invalid (\w+)$/.exec(command)?.[1];
      if (mistake) {
        // `all`: every mistake but forbidden (it needs the connection `invalid forbidden` sets up) in one preview.
        for (const re of mistake === "all"
          ? Object.entries(messages)
              .filter(([k]) => k !== "forbidden")
              .map(([, re]) => re)
          : [messages[mistake]]) {
          assert.match(output, re);
        }
        assert.match(output, /The preview failed, as it should/);
      }
      if (command.endsWith("-- access")) assert.match(output, /\+ 4 created/);
      if (command.endsWith("access destroy")) assert.match(output, /4 deleted/);
      if (command.endsWith("gitops apply dev")) assert.match(output, /\+ 3 created/);
      if (command.endsWith("gitops destroy dev")) assert.match(output, /3 deleted/);
      await assertClean(command);
    }
    // A misspelt mistake is refused, not reported as a failed preview.
    const typo = await sh("npm run example -- invalid tag");
    assert.notEqual(typo.code, 0);
    assert.match(typo.output, /unknown mistake "tag"/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
