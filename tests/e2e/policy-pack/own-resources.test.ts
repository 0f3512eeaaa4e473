/**
 * The policy pack next to this package's own dynamic resources, through the real CLI and the
 * local backend: a correct program with Connections, a ConnectionGroup and access previews and
 * deploys with the pack, every policy run (the group's resource policy on its declared members
 * at preview, the stack policy on the state after `up`) and none failing or turning advisory.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { useBackendAndWorkspaces } from "../../support/e2e";
import { REPO } from "../../support/pulumi";
import { PACK } from "./support";

const PROGRAM = `import { Connection, ConnectionGroup } from "pulumi-workflow-connections";
const aws = (name: string, account: string, env: string) => new Connection(name, {
  name,
  integration: { type: "AWS", accountId: account, role: "workflows" },
  tags: [\`env:\${env}\`, \`account_id:\${account}\`],
});
const prod = aws("aws-prod", "111111111111", "prod");
const staging = aws("aws-staging", "222222222222", "staging");
new ConnectionGroup("aws-accounts", { name: "aws-accounts", integration: "AWS", identifierTags: ["account_id"], members: [prod, staging] });
`;

describe("e2e: policy pack with this package's Connection and ConnectionGroup", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();

  it("a correct program previews and deploys with the pack: no violation, no advisory", async () => {
    const ws = e2e.workspace("policy-own");
    ws.writeProgram({ "index.ts": PROGRAM });
    await ws.init();
    for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
      const result = await ws.run([...args, "--policy-pack", PACK]);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /workflow-connections@v0\.1\.0/);
      assert.doesNotMatch(result.output, /\[mandatory\]|\[advisory\]|can't run policy/);
    }
    assert.equal(ws.resourcesOf("Connection").length, 2);
    assert.equal(ws.resourcesOf("ConnectionGroup").length, 1);
  });

  it("an unbuilt pack (a clone before its build) says in one line what to run, with no stack trace", async () => {
    // The pack's sources as a fresh clone has them (no dist/), started the way the CLI starts
    // it: the repository's launcher, run in the pack's directory with the engine's address.
    const unbuilt = fs.mkdtempSync(path.join(os.tmpdir(), "unbuilt-pack-"));
    try {
      for (const f of ["PulumiPolicy.yaml", "package.json"]) fs.copyFileSync(path.join(PACK, f), path.join(unbuilt, f));
      const run = spawnSync(
        "sh",
        [path.join(REPO, "scripts/pulumi-cli/pulumi-analyzer-policy-nodejs-analyzer"), "127.0.0.1:1", "."],
        {
          cwd: unbuilt,
          encoding: "utf8",
        },
      );
      assert.equal(run.status, 1, run.stderr);
      assert.equal(
        run.stderr,
        `the policy pack in ${unbuilt} is not built (dist/policy-pack/start.js is missing): run \`npm ci\` or \`npm run build\` in the repository that holds it\n`,
      );
      assert.equal(run.stdout, "");
    } finally {
      fs.rmSync(unbuilt, { recursive: true, force: true });
    }
  });
});
