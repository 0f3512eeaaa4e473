/**
 * `generate` through the real CLI when names collide: connections named `a`, `a`, `a 2`, `日本`,
 * `日本`, `connection 2`, `Jira`, `Jira`, `Jira2`, and one connection with tokens `apiToken` and
 * `ApiToken`, each token holding its own value. The generated program previews without a
 * `Duplicate resource URN`, every printed `pulumi config set --secret` line names the connection
 * (id, name, base URL) its secret goes to, and after `up` each connection holds its own secrets.
 * Adopted resources are protected: `pulumi destroy` refuses and deletes nothing.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONNS, connectionBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { REPO } from "../support/pulumi";

const CLI = path.join(REPO, "dist/provider/cli/main.js");

/** A value of `pulumi stack export --show-secrets`, with each secret's plaintext in place. */
function revealed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revealed);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (typeof o.plaintext === "string") return revealed(JSON.parse(o.plaintext));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, revealed(x)]));
}

/** An HTTP connection whose tokens hold values that say whose they are. */
function connection(name: string, tokenNames: string[], index: number) {
  return connectionBody({
    name,
    tags: [],
    integration: {
      type: "HTTP",
      base_url: `https://c${index}.example.com`,
      credentials: {
        type: "HTTPTokenAuth",
        tokens: tokenNames.map((t) => ({ name: t, type: "SECRET", value: `tok-${index}-${t}` })),
      },
    },
  });
}

describe("e2e: generate makes every resource name and config key unique", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();

  it("colliding names preview and adopt; each secret lands on its own connection; destroy leaves them", async () => {
    const specs: [string, string[]][] = [
      ["a", ["apiToken"]],
      ["a", ["apiToken"]],
      ["a 2", ["apiToken"]],
      ["日本", ["apiToken"]],
      ["日本", ["apiToken"]],
      ["connection 2", ["apiToken"]],
      ["Jira", ["apiToken"]],
      ["Jira", ["apiToken"]],
      ["Jira2", ["apiToken"]],
      ["tokens", ["apiToken", "ApiToken"]],
    ];
    const made: { id: string; index: number }[] = [];
    for (const [i, [name, tokens]] of specs.entries()) {
      const res = await e2e.backend.request("alice", "POST", CONNS, connection(name, tokens, i));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      made.push({ id: res.body.data.id, index: i });
    }
    const ws = e2e.workspace("generated-unique");
    ws.writeProgram({});
    const out = path.join(ws.programDir, "index.ts");
    const gen = await ws.exec("node", [CLI, "generate", "--all", "--out", out]);
    assert.equal(gen.code, 0, gen.output);
    const program = fs.readFileSync(out, "utf8");
    const names = [...program.matchAll(/^new Connection\("([^"]+)"/gm)].map((m) => m[1]);
    assert.equal(names.length, specs.length);
    assert.equal(new Set(names).size, names.length, `unique resource names: ${names.join(" ")}`);

    // Each printed line: the key, the token, and the connection by id, name and base URL.
    const lines = [
      ...gen.stderr.matchAll(
        /pulumi config set --secret (\S+)\s+# token ("[^"]*") of connection (\S+) ("[^"]*") \(HTTP, base URL ("[^"]*")\)/g,
      ),
    ];
    assert.equal(
      lines.length,
      specs.reduce((n, [, t]) => n + t.length, 0),
      gen.stderr,
    );
    assert.equal(new Set(lines.map((l) => l[1].toLowerCase())).size, lines.length, "unique config keys");
    await ws.init();
    const expected = new Map<string, string[]>();
    for (const [, key, token, id, name, baseUrl] of lines) {
      const c = made.find((m) => m.id === id);
      assert.ok(c, `line names connection ${id}`);
      assert.equal(JSON.parse(name), specs[c.index][0]);
      assert.equal(JSON.parse(baseUrl), `https://c${c.index}.example.com`);
      const value = `tok-${c.index}-${JSON.parse(token)}`;
      expected.set(id, [...(expected.get(id) ?? []), value]);
      await ws.must(["config", "set", "--secret", key, value]);
    }

    const preview = await ws.run(["preview", "--diff"]);
    assert.equal(preview.code, 0, preview.output);
    assert.doesNotMatch(preview.output, /Duplicate resource URN/);
    await ws.must(["up", "--yes", "--skip-preview"]);

    // What `up` sent each connection: its own secrets, in the decrypted state.
    const exported = JSON.parse((await ws.must(["stack", "export", "--show-secrets"])).stdout);
    const adopted = (revealed(exported.deployment.resources) as { type: string; id: string; inputs: any }[]).filter(
      (r) => r.type.endsWith(":Connection"),
    );
    assert.equal(adopted.length, specs.length);
    for (const r of adopted) {
      const tokens = (r.inputs.integration.tokens as { value: unknown }[]).map((t) => t.value);
      assert.deepEqual(tokens, expected.get(r.id), `connection ${r.id} holds its own secrets`);
    }

    // Protected: destroy refuses, and every connection is still there.
    const destroy = await ws.run(["destroy", "--yes"]);
    assert.notEqual(destroy.code, 0);
    assert.match(destroy.output, /protected/i, destroy.output);
    for (const c of made) assert.equal((await e2e.backend.request("alice", "GET", `${CONNS}/${c.id}`)).status, 200);
  });
});
