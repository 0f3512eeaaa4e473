/**
 * `generate` against a hostile target: a stand-in (tests/support/stand-in-target.ts) whose
 * connections (and a group) hold, in every name, token name, header, URL parameter, body, tag,
 * description and tag key, text that tries to end a string literal or a comment (U+2028, U+2029,
 * newlines, `*` `/`, quotes, backticks and `${`) or to drive the terminal (ESC sequences, bidi
 * overrides), followed by code that would leave a marker file and print a marker. The generated
 * program type-checks, the real CLI's `pulumi preview` of it runs none of that code, and nothing
 * raw reaches the terminal. An id that is not a UUID is refused, naming the connection, and
 * nothing is written.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { integrationToWire } from "pulumi-workflow-connections-rules";
import { BREAKOUTS, MARKER_TEXT, holdsUnsafeText, hostile } from "../support/hostile-text";
import { StandInConnection, StandInGroup, StandInTarget, startStandInTarget } from "../support/stand-in-target";
import { PulumiWorkspace, REPO } from "../support/pulumi";

const CLI = path.join(REPO, "dist/provider/cli/main.js");
const TSC = path.join(REPO, "node_modules/typescript/bin/tsc");
const uuid = (i: number) => `7d2a4c1e-0000-4000-8000-${String(i).padStart(12, "0")}`;

/** One HTTP connection per way out, that way out in every text field. */
function hostileConnections(): StandInConnection[] {
  return Object.values(BREAKOUTS).map((b, i) => ({
    id: uuid(i),
    attributes: {
      name: hostile(b, "name"),
      tags: [`team:${hostile(b, "tag")}`],
      integration: integrationToWire({
        type: "HTTP",
        baseUrl: `https://h.example.com/${hostile(b, "url")}`,
        tokens: [{ name: hostile(b, "token"), value: "" }],
        headers: [{ name: hostile(b, "header"), value: hostile(b, "value") }],
        urlParameters: [{ name: hostile(b, "param"), value: hostile(b, "pvalue") }],
        body: { content: hostile(b, "body"), contentType: "text/plain" },
      }),
    },
  }));
}

/** A group whose name, description and tag keys are hostile, of the first three connections. */
const hostileGroup = (): StandInGroup => ({
  id: uuid(900),
  attributes: {
    name: hostile(BREAKOUTS["line separator U+2028"], "group"),
    description: hostile(BREAKOUTS["block comment end"] + BREAKOUTS.newline, "description"),
    integration_type: "HTTP",
    tag_keys: [hostile(BREAKOUTS["bidi override U+202E"], "key")],
    connections: hostileConnections()
      .slice(0, 3)
      .map((c) => c.id),
  },
});

describe("e2e: generate from a hostile target runs none of its text", function () {
  this.timeout(600_000);
  const workspaces: PulumiWorkspace[] = [];
  const targets: StandInTarget[] = [];
  after(async () => {
    workspaces.forEach((w) => w.cleanup());
    await Promise.all(targets.map((t) => t.close()));
  });
  const workspace = (project: string, target: StandInTarget) => {
    const ws = new PulumiWorkspace(project, "dev", {
      CONNECTIONS_API_URL: target.url,
      DD_API_KEY: "stand-in-api-key",
      DD_APP_KEY: "stand-in-app-key",
    });
    workspaces.push(ws);
    return ws;
  };

  it("the program type-checks, and `pulumi preview` of it writes no marker and prints none", async () => {
    const target = await startStandInTarget(hostileConnections(), [hostileGroup()]);
    targets.push(target);
    const ws = workspace("generated-hostile", target);
    ws.writeProgram({});
    const out = path.join(ws.programDir, "index.ts");
    const marker = path.join(ws.root, "marker");
    const env = { HOSTILE_MARKER_FILE: marker };
    const gen = await ws.exec("node", [CLI, "generate", "--all", "--out", out], { env });
    assert.equal(gen.code, 0, gen.output);
    assert.ok(!holdsUnsafeText(gen.stderr), `nothing raw on the terminal:\n${gen.stderr}`);
    const program = fs.readFileSync(out, "utf8");
    assert.ok(!holdsUnsafeText(program), "nothing raw in the file");
    assert.equal((program.match(/new Connection\(/g) ?? []).length, Object.keys(BREAKOUTS).length);
    assert.equal((program.match(/^new ConnectionGroup\(/gm) ?? []).length, 1);

    const tsc = await ws.exec("node", [
      TSC,
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--esModuleInterop",
      "--module",
      "commonjs",
      "--moduleResolution",
      "node",
      "--target",
      "es2020",
      "index.ts",
    ]);
    assert.equal(tsc.code, 0, `the generated program type-checks:\n${tsc.output}`);

    // Every secret set, so the whole program runs.
    await ws.init();
    const keys = [...gen.stderr.matchAll(/pulumi config set --secret (\S+)/g)].map((m) => m[1]);
    assert.equal(keys.length, Object.keys(BREAKOUTS).length);
    for (const key of keys) await ws.must(["config", "set", "--secret", key, "not-the-real-value"]);
    const preview = await ws.run(["preview", "--diff"], { env });
    assert.doesNotMatch(preview.output, /SyntaxError|TSError|Unexpected token/, preview.output);
    assert.ok(!fs.existsSync(marker), "the target's text never ran");
    assert.ok(!preview.output.includes(MARKER_TEXT), "the target's text never printed");
    // The program ran to the end: the preview checked every connection (their text fails the rules).
    const checked = new Set(
      [...preview.output.matchAll(/Connection resource '([^']+)' has a problem/g)].map((m) => m[1]),
    );
    assert.equal(checked.size, Object.keys(BREAKOUTS).length, preview.output);
  });

  const badIds: [string, string][] = [
    ["a newline and code", `${uuid(1)}\n${hostile("")}`],
    ["U+2028 and code", `${uuid(1)}\u2028${hostile("")}`],
    ["a quote and code", `${uuid(1)}"); ${hostile("")}`],
    ["no UUID at all", "conn-1"],
  ];
  for (const [what, id] of badIds) {
    it(`an id with ${what} is refused, naming the connection, and nothing is written`, async () => {
      const connections = hostileConnections().slice(0, 2);
      connections[1] = {
        ...connections[1],
        id,
        attributes: { ...connections[1].attributes, name: "Jira\u202e (prod)" },
      };
      const target = await startStandInTarget(connections);
      targets.push(target);
      const ws = workspace("generated-bad-id", target);
      const out = path.join(ws.programDir, "index.ts");
      const gen = await ws.exec("node", [CLI, "generate", "--all", "--out", out]);
      assert.equal(gen.code, 1, gen.output);
      assert.match(gen.stderr, /connection "Jira\\u202E \(prod\)": the target gave the id ".*", which is not a UUID/);
      assert.ok(!holdsUnsafeText(gen.stderr), gen.stderr);
      assert.ok(!fs.existsSync(out), "no program written");
    });
  }
});
