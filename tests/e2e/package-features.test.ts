/**
 * A user's own program outside the repository, on the packed package installed by npm (as the
 * README tells a user to): the outputs with their declared types at preview and up, lookups
 * (`Connection.get`, `ConnectionGroup.get`, `getConnectionOutput`), an adoption whose preview
 * says what it changes, and the package's `generate` command run with npx.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONNS, awsConnection, groupBody, httpConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { REPO } from "../support/pulumi";

const SECRET = "tok-PKG-live-6e2b9d40";

describe("e2e: a user's program on the installed package uses outputs, lookups, adoption and generate", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();

  it("installs the packed package; preview and up see declared types; lookups read; adoption reports; generate runs via npx", async () => {
    const b = e2e.backend;
    const shared = (await b.request("alice", "POST", CONNS, httpConnection("shared jira", ["team:support"], SECRET)))
      .body.data;
    const member = (
      await b.request("alice", "POST", CONNS, awsConnection("aws-shared", ["account_id:999999999999"], "999999999999"))
    ).body.data;
    const group = (
      await b.request(
        "alice",
        "POST",
        "/api/v2/actions/connections/groups",
        groupBody({
          name: "shared",
          integration_type: "AWS",
          tag_keys: ["account_id"],
          connections: [member.id],
        }),
      )
    ).body.data;
    const toAdopt = (
      await b.request("alice", "POST", CONNS, awsConnection("legacy", ["account_id:444444444444"], "444444444444"))
    ).body.data;

    const ws = e2e.workspace("user-features");
    fs.unlinkSync(path.join(ws.programDir, "node_modules"));
    execFileSync("npm", ["pack", "--silent", "--pack-destination", ws.root], {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = fs.readdirSync(ws.root).find((f) => f.endsWith(".tgz"))!;
    const pulumiVersion = JSON.parse(
      fs.readFileSync(path.join(REPO, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
    ).version;
    ws.writeProgram({
      "index.ts": `import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup, getConnectionOutput } from "pulumi-workflow-connections";
const fail = (what: string, v: unknown): never => { throw new Error(what + " has the wrong type: " + typeof v); };
const a = new Connection("a", { name: "A", integration: { type: "AWS", accountId: "111111111111", role: "r" }, tags: ["account_id:111111111111"] });
const existing = Connection.get("existing-member", "${member.id}");
const g = new ConnectionGroup("g", { name: "G", integration: "AWS", identifierTags: ["account_id"], members: [a, existing] });
const sharedGroup = ConnectionGroup.get("shared", "${group.id}");
const legacy = new Connection("legacy", { adoptId: "${toAdopt.id}", name: "legacy", tags: ["account_id:444444444444", "managed:pulumi"], integration: { type: "AWS", accountId: "444444444444", role: "workflows" } });
export const memberCount = g.members.apply((m) => (Array.isArray(m) ? m.length : fail("members", m)));
export const memberNames = g.memberNames.apply((m) => Object.values(m).sort());
export const sharedMembers = sharedGroup.members.apply((m) => (Array.isArray(m) ? m : fail("members", m)));
export const jiraHeaders = getConnectionOutput({ id: "${shared.id}" }).integration.apply((i) => (i.type === "HTTP" ? (i.headers ?? []).map((h) => h.name) : []));
export const legacyType = legacy.integrationType;
`,
    });
    fs.writeFileSync(
      path.join(ws.programDir, "package.json"),
      JSON.stringify({
        name: "user-features",
        private: true,
        main: "index.ts",
        dependencies: {
          "pulumi-workflow-connections": `file:${path.join(ws.root, tarball)}`,
          "@pulumi/pulumi": pulumiVersion,
        },
      }),
    );
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: ws.programDir,
      encoding: "utf8",
    });
    assert.equal(install.status, 0, install.stderr);
    assert.ok(!fs.lstatSync(path.join(ws.programDir, "node_modules/pulumi-workflow-connections")).isSymbolicLink());

    await ws.init();
    const preview = await ws.must(["preview"]);
    assert.match(
      preview.output,
      /memberNames\s*:\s*\[\s*\[0\]: "a"/,
      `memberNames known at preview:\n${preview.output}`,
    );
    assert.match(
      preview.output,
      new RegExp(`adopting connection ${toAdopt.id} \\("legacy"\\) changes:\\s+tags: \\+ "managed:pulumi"`),
      preview.output,
    );
    assert.match(preview.output, /jiraHeaders\s*:\s*\[\s*\[0\]: "X-Team"/, preview.output);
    await ws.must(["up", "--yes", "--skip-preview"]);
    const out = JSON.parse((await ws.must(["stack", "output", "--json"])).stdout);
    assert.deepEqual(out, {
      memberCount: 2,
      memberNames: ["a", "aws-shared"],
      sharedMembers: [member.id],
      jiraHeaders: ["X-Team"],
      legacyType: "AWS",
    });

    // The package's command, from the user's project.
    const gen = await ws.exec("npx", ["--no-install", "pulumi-workflow-connections", "generate", "--id", shared.id]);
    assert.equal(gen.code, 0, gen.output);
    assert.match(gen.stdout, new RegExp(`adoptId: "${shared.id}"`));
    assert.match(gen.stderr, /pulumi config set --secret sharedJiraTokenApiToken/);
    assert.ok(!gen.output.includes(SECRET));

    await ws.must(["destroy", "--yes", "--skip-preview"]);
    for (const id of [shared.id, member.id])
      assert.equal((await b.request("alice", "GET", `${CONNS}/${id}`)).status, 200, "lookups are left alone");
    assert.equal((await b.request("alice", "GET", `/api/v2/actions/connections/groups/${group.id}`)).status, 200);
    assert.equal(
      (await b.request("alice", "GET", `${CONNS}/${toAdopt.id}`)).status,
      404,
      "the adopted connection is Pulumi's: destroyed",
    );
  });
});
