/**
 * The package as users get it: `npm pack`, installed into a program of its own (not through the
 * repository's self-link), then up / preview / destroy through the real CLI. Catches what only
 * an installed copy shows: files missing from the package, the `exports` map, the serialized
 * shim resolving the runtime by package name, and what a user's node_modules receives (the
 * provider, client and rules with axios and zod: not the local backend, its server or database).
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { useBackendAndWorkspaces } from "../support/e2e";
import { REPO } from "../support/pulumi";

describe("e2e: the packed package, installed into a user's program", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();

  it("installs, applies, shows no changes, keeps the secret encrypted, destroys", async () => {
    const ws = e2e.workspace("user-program");
    // A real install instead of the workspace's link to the repository's node_modules.
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
      "index.ts": `import { Connection, ConnectionGroup } from "pulumi-workflow-connections";
const a = new Connection("a", { name: "A", integration: { type: "AWS", accountId: "111111111111", role: "r" }, tags: ["account_id:111111111111"] });
new Connection("t", { name: "T", integration: { type: "OpenAI", apiToken: "sk-installed-secret-9f2" } });
new ConnectionGroup("g", { name: "G", integration: "AWS", identifierTags: ["account_id"], members: [a] });
`,
    });
    fs.writeFileSync(
      path.join(ws.programDir, "package.json"),
      JSON.stringify({
        name: "user-program",
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
    assert.doesNotMatch(install.stderr, /EBADENGINE/, "installs on Node 20 without engine warnings");
    const installed = path.join(ws.programDir, "node_modules/pulumi-workflow-connections");
    assert.ok(!fs.lstatSync(installed).isSymbolicLink(), "a real copy, not a link");

    // What the user's node_modules received: the provider with axios and zod, nothing of the backend.
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), ["axios", "pulumi-workflow-connections-rules", "zod"]);
    assert.deepEqual(Object.keys(manifest.peerDependencies), ["@pulumi/pulumi"]);
    assert.deepEqual(fs.readdirSync(path.join(installed, "dist")).sort(), ["client", "provider"]);
    // The rules package is private: it arrives bundled inside the provider package, built.
    const rules = path.join(installed, "node_modules/pulumi-workflow-connections-rules");
    assert.ok(fs.existsSync(path.join(rules, "dist/index.js")), "the rules package is bundled, with its build");
    assert.ok(
      !fs.readdirSync(rules).some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      "no TypeScript sources in the bundle",
    );
    const modules = installedPackages(path.join(ws.programDir, "node_modules"));
    for (const absent of [
      "@electric-sql/pglite",
      "fastify",
      "light-my-request",
      "cookie",
      "pino",
      "proper-lockfile",
      "pulumi-workflow-connections-backend",
    ]) {
      assert.ok(
        !modules.has(absent),
        `${absent} is not installed for a user (found in ${[...(modules.get(absent) ?? [])].join(", ")})`,
      );
    }
    assert.ok(modules.has("axios") && modules.has("zod"));

    await ws.init();
    await ws.must(["up", "--yes", "--skip-preview"]);
    const connections = ws.resourcesOf("Connection");
    assert.equal(connections.length, 2);
    // Installed under node_modules, the serialized provider is a require by package name.
    const provider = String(connections[0].inputs?.__provider);
    console.log("      __provider:", provider.length, "chars");
    assert.match(provider, /require\("pulumi-workflow-connections\/provider\/shims\/connection"\)/);
    assert.ok(provider.length < 600, `__provider is ${provider.length} chars:\n${provider}`);
    const again = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(again.code, 0, again.output);
    assert.ok(!ws.state().text.includes("sk-installed-secret-9f2"));
    await ws.must(["destroy", "--yes", "--skip-preview"]);
    const left = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections");
    assert.equal(left.body.data.length, 0);
  });
});

/** Every package under a node_modules tree (nested ones too), by name -> the directories holding it. */
function installedPackages(root: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const visit = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir)) {
      if (entry.startsWith(".")) continue;
      const names = entry.startsWith("@") ? fs.readdirSync(path.join(dir, entry)).map((n) => `${entry}/${n}`) : [entry];
      for (const name of names) {
        const at = path.join(dir, name);
        if (!fs.existsSync(path.join(at, "package.json"))) continue;
        found.set(name, (found.get(name) ?? new Set()).add(at));
        visit(path.join(at, "node_modules"));
      }
    }
  };
  visit(root);
  return found;
}
