/**
 * Every mistake in one preview (provider/preflight): a program with mistakes in several
 * resources reports all of them, each under its own resource, fails once, and writes nothing;
 * values that only become known later are still checked by the provider's `check`.
 */
import { strict as assert } from "node:assert";
import { bobOnlyConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { CliResult } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;
const TOKEN = "tok-SECRET-5b0f1e9c2a7d4e33";

const aws = (res: string, account: string, tags: string) =>
  `new Connection("${res}", { name: "${res}", integration: { type: "AWS", accountId: "${account}", role: "workflows" }, tags: ${tags} })`;

/** Four resources with mistakes, two valid connections that only the clash makes wrong, one valid one. */
const MANY_MISTAKES = `
new Connection("bad-tag", { name: "bad tag", integration: { type: "OpenAI", apiToken: "${TOKEN}" }, tags: ["env:staging:east"] });
new Connection("bad-account", { name: "bad account", integration: { type: "AWS", accountId: "12345678901", role: "workflows" } });
new Connection("unknown-field", { name: "unknown field", integration: { type: "OpenAI", apiToken: "${TOKEN}", region: "eu" } as any });
const a = ${aws("aws-a", "111111111111", `["env:prod"]`)};
const b = ${aws("aws-b", "222222222222", `["env:prod"]`)};
new ConnectionGroup("clash", { name: "clash", integration: "AWS", identifierTags: ["env"], members: [a, b] });
new Connection("fine", { name: "fine", integration: { type: "OpenAI", apiToken: "${TOKEN}" }, tags: ["env:dev"] });
`;

const EXPECTED: [resource: string, message: RegExp][] = [
  ["bad-tag", /tags\[0\] "env:staging:east": exactly one ':' is allowed/],
  ["bad-account", /integration\.accountId "12345678901": must be exactly 12 digits/],
  ["unknown-field", /integration.*region/],
  ["clash", /"aws-a" and "aws-b" both have env:prod/],
];

/** The lines the CLI's Diagnostics section prints under one resource. */
function diagnosticsOf(output: string, resource: string): string {
  const section = output.slice(output.indexOf("Diagnostics:"));
  const lines = section.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^  \\S+ \\(${resource}\\):$`).test(l));
  if (start < 0) return "";
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^ {2}\S/.test(l));
  return rest.slice(0, end < 0 ? undefined : end).join("\n");
}

const count = (text: string, re: RegExp) => text.split("\n").filter((l) => re.test(l)).length;

describe("e2e: every mistake in one preview", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();

  async function snapshot(): Promise<string> {
    const c = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?page[size]=100");
    const g = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections/groups");
    return JSON.stringify([c.body.data, g.body.data]);
  }

  function assertAllReported(result: CliResult): void {
    assert.notEqual(result.code, 0, `should fail:\n${result.output}`);
    for (const [resource, message] of EXPECTED) {
      const own = diagnosticsOf(result.output, resource);
      assert.match(own, message, `${resource}'s problem under its own resource:\n${result.output}`);
      // Once in the diagnostics (the progress lines above may echo it as they stream).
      assert.equal(
        count(result.output.slice(result.output.indexOf("Diagnostics:")), message),
        1,
        `reported once: ${message}\n${result.output}`,
      );
    }
    assert.equal(diagnosticsOf(result.output, "fine"), "", "the valid connection has no diagnostics");
    assert.match(
      result.output,
      /4 problems in 4 resources, each shown under its resource; no connection or connection group was written/,
    );
    assert.ok(!/\bat \S+ \(.*:\d+:\d+\)/.test(result.output), `no stack trace:\n${result.output}`);
    assert.ok(!result.output.includes(TOKEN), "no secret in the output");
  }

  it("preview reports every problem of every resource, each under its resource, and exits non-zero", async () => {
    const before = await snapshot();
    const ws = e2e.workspace("many-mistakes");
    ws.writeProgram({ "index.ts": IMPORTS + MANY_MISTAKES });
    await ws.init();
    assertAllReported(await ws.run(["preview"]));
    assert.equal(await snapshot(), before, "the backend received no write");
  });

  it("up fails the same way before any write", async () => {
    const before = await snapshot();
    const ws = e2e.workspace("many-mistakes-up");
    ws.writeProgram({ "index.ts": IMPORTS + MANY_MISTAKES });
    await ws.init();
    assertAllReported(await ws.run(["up", "--yes", "--skip-preview"]));
    assert.equal(await snapshot(), before, "the backend received no write");
    assert.equal(ws.resourcesOf("Connection").length, 0, "nothing of ours in the state");
  });

  it("a mistake in a value computed from another resource's output is reported in the same preview", async () => {
    // `base.name` is known at preview (an input of a resource to create); the tag made from it
    // is not a valid tag. The other mistake is a plain value.
    const before = await snapshot();
    const ws = e2e.workspace("derived-mistake");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `
const base = new Connection("base", { name: "prod east", integration: { type: "OpenAI", apiToken: "${TOKEN}" } });
new Connection("derived", { name: "derived", integration: { type: "OpenAI", apiToken: "${TOKEN}" }, tags: [base.name.apply((n) => "team:" + n)] });
new Connection("plain", { name: "plain", integration: { type: "AWS", accountId: "1", role: "r" } });
class Team extends pulumi.ComponentResource { constructor(name: string) { super("acme:index:Team", name); } }
const team = new Team("team");
new Connection("child", { name: "", integration: { type: "OpenAI", apiToken: "${TOKEN}" } }, { parent: team });
`,
    });
    await ws.init();
    const result = await ws.run(["preview"]);
    assert.notEqual(result.code, 0, result.output);
    assert.match(diagnosticsOf(result.output, "derived"), /tags\[0\] "team:prod east"/, result.output);
    assert.match(
      diagnosticsOf(result.output, "plain"),
      /integration\.accountId "1": must be exactly 12 digits/,
      result.output,
    );
    assert.match(
      diagnosticsOf(result.output, "child"),
      /name/,
      `a resource inside a component is named under itself:\n${result.output}`,
    );
    assert.equal(diagnosticsOf(result.output, "base"), "", result.output);
    assert.match(result.output, /3 problems in 3 resources/);
    assert.equal(await snapshot(), before, "the backend received no write");
  });

  it("a member the user may not resolve (a remote fact) is reported beside the program's own mistakes", async () => {
    const id = await bobOnlyConnection(e2e.backend);
    const before = await snapshot();
    const ws = e2e.workspace("remote-and-local");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `
new Connection("bad-tag", { name: "bad tag", integration: { type: "OpenAI", apiToken: "${TOKEN}" }, tags: ["default:yes"] });
new ConnectionGroup("forbidden", { name: "forbidden", integration: "AWS", identifierTags: ["account_id"], members: ["${id}"] });
`,
    });
    await ws.init();
    const result = await ws.run(["preview"]);
    assert.notEqual(result.code, 0, result.output);
    assert.match(diagnosticsOf(result.output, "bad-tag"), /'default' is reserved/, result.output);
    assert.match(
      diagnosticsOf(result.output, "forbidden"),
      new RegExp(`no resolver permission on connection:${id}`),
      result.output,
    );
    assert.equal(await snapshot(), before, "the backend received no write");
  });

  it("a value unknown at preview is checked by the provider once known, and reported once", async () => {
    // The tag needs the base connection's id, which exists only after it is created.
    const ws = e2e.workspace("unknown-until-up");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `
const base = new Connection("base", { name: "base", integration: { type: "OpenAI", apiToken: "${TOKEN}" } });
new Connection("derived", { name: "derived", integration: { type: "OpenAI", apiToken: "${TOKEN}" }, tags: [base.id.apply((id) => "ref:" + id + ":x")] });
`,
    });
    await ws.init();
    const preview = await ws.run(["preview"]);
    assert.equal(preview.code, 0, `nothing is known to be wrong yet:\n${preview.output}`);
    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(up.code, 0, up.output);
    const message = /tags\[0\] "ref:[0-9a-f-]+:x": exactly one ':' is allowed/;
    assert.equal(count(up.output.slice(up.output.indexOf("Diagnostics:")), message), 1, `reported once:\n${up.output}`);
    assert.equal(
      ws
        .resourcesOf("Connection")
        .map((r) => r.urn.split("::").pop())
        .join(","),
      "base",
      "only the valid connection was written",
    );
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });

  it("a valid program is unaffected: same plan, and no change after up", async () => {
    const ws = e2e.workspace("valid");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `
const a = ${aws("aws-a", "111111111111", `["env:prod"]`)};
const b = ${aws("aws-b", "222222222222", `["env:dev"]`)};
new ConnectionGroup("g", { name: "g", integration: "AWS", identifierTags: ["env"], members: [a, b] });
`,
    });
    await ws.init();
    const preview = await ws.must(["preview"]);
    assert.match(preview.output, /\+ 4 to create/);
    assert.doesNotMatch(preview.output, /problem/);
    await ws.must(["up", "--yes", "--skip-preview"]);
    const group = ws.resourcesOf("ConnectionGroup")[0] as { dependencies?: string[] };
    assert.equal((group.dependencies ?? []).length, 2, "the group depends on its two members only");
    await ws.must(["preview", "--expect-no-changes"]);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });
});
