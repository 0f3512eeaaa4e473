/**
 * Explicit targets, end to end through the real CLI: two local backends in one program (the
 * suite's, reached as the default target through the environment, and a second one through a
 * `ConnectionsTarget`), each receiving only its own resources; keys secret in state; a new URL
 * replaces, new keys do not; a group member on another target fails at preview.
 */
import { strict as assert } from "node:assert";
import { CONNS, GROUPS, TestBackend } from "../support/backend";
import { useAnotherBackend, useBackendAndWorkspaces } from "../support/e2e";
import { PulumiWorkspace } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup, ConnectionsTarget } from "pulumi-workflow-connections";\nconst config = new pulumi.Config();\n`;

const target = (name: string, prefix: string) =>
  `const ${name} = new ConnectionsTarget("${name}", { apiUrl: config.require("${prefix}Url"), apiKey: config.requireSecret("${prefix}ApiKey"), appKey: config.requireSecret("${prefix}AppKey") });\n`;
const openai = (res: string, extra = "") =>
  `new Connection("${res}", { name: "${res}", integration: { type: "OpenAI", apiToken: "tok-${res}" }, tags: ["env:prod"]${extra} })`;

describe("e2e: explicit targets", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const another = useAnotherBackend();
  let second: TestBackend;
  beforeEach(() => {
    second = another();
  });

  const names = async (b: TestBackend, path = CONNS) => {
    const res = await b.request("alice", "GET", `${path}?page[size]=100`.replace(`${GROUPS}?page[size]=100`, GROUPS));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.data as { attributes: { name: string } }[]).map((d) => d.attributes.name).sort();
  };
  const configOf = (b: TestBackend, prefix: string, user: "alice" | "bob" = "alice") => ({
    [`${prefix}Url`]: b.url,
    [`${prefix}ApiKey`]: { secret: b.apiKey },
    [`${prefix}AppKey`]: { secret: b.appKey(user) },
  });
  const setConfig = async (ws: PulumiWorkspace, values: Record<string, string | { secret: string }>) => {
    for (const [k, v] of Object.entries(values))
      await ws.must(["config", "set", ...(typeof v === "string" ? [k, v] : ["--secret", k, v.secret])]);
  };

  it("two backends in one program each receive only their own resources; keys are secret in state; a new URL replaces, new keys update; destroy reaches both", async () => {
    const ws = e2e.workspace("two-targets");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        target("second", "second") +
        `
${openai("on-default")};
const onSecond = ${openai("on-second", ", target: second")};
new ConnectionGroup("group-on-second", { name: "group-on-second", integration: "OpenAI", identifierTags: ["env"], members: [onSecond], target: second });
`,
    });
    await ws.init(configOf(second, "second"));
    const preview = await ws.must(["preview"]);
    assert.match(preview.output, /\+ 4 to create/);
    await ws.must(["up", "--yes", "--skip-preview"]);

    assert.deepEqual(await names(e2e.backend), ["on-default"], "the default target got only its connection");
    assert.deepEqual(await names(second), ["on-second"], "the second backend got only its connection");
    assert.deepEqual(await names(second, GROUPS), ["group-on-second"]);
    assert.deepEqual(await names(e2e.backend, GROUPS), []);

    const state = ws.state().text;
    for (const key of [second.apiKey, second.appKey("alice")])
      assert.ok(!state.includes(key), "no key of the target in plain text in the state");
    const onSecondState = ws.resourcesOf("Connection").find((r) => r.urn.endsWith("::on-second"))!;
    assert.equal(
      (onSecondState.outputs!.target as Record<string, unknown>).apiUrl,
      second.url,
      "the target's URL is kept in the outputs (destroy needs it)",
    );
    assert.match(
      JSON.stringify(onSecondState.outputs!.target),
      /4dabf18193072939515e22adb298388d/,
      "its keys are secret values",
    );
    await ws.must(["preview", "--expect-no-changes"]);
    await ws.must(["refresh", "--yes", "--skip-preview"]);
    const refreshed = ws.state().text;
    for (const key of [second.apiKey, second.appKey("alice")])
      assert.ok(!refreshed.includes(key), "still no key in plain text after a refresh");
    await ws.must(["preview", "--expect-no-changes"]);

    // Another key of the same target (bob's application key): an update, not a replacement.
    await setConfig(ws, { secondAppKey: { secret: second.appKey("bob") } });
    const rotated = await ws.must(["preview", "--diff"]);
    assert.doesNotMatch(rotated.output, /replace/, rotated.output);
    assert.match(rotated.output, /~ 2 to update/, rotated.output);
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(await names(second), ["on-second"], "nothing re-created");
    assert.ok(!ws.state().text.includes(second.appKey("bob")), "the new key is secret too");
    await ws.must(["preview", "--expect-no-changes"]);

    // The connection moves to the suite's backend: a replacement (created there, deleted here).
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        target("second", "second") +
        target("first", "first") +
        `
${openai("on-default")};
const onSecond = ${openai("on-second", ", target: first")};
new ConnectionGroup("group-on-second", { name: "group-on-second", integration: "OpenAI", identifierTags: ["env"], members: [], target: second });
`,
    });
    await setConfig(ws, configOf(e2e.backend, "first"));
    const moved = await ws.must(["preview"]);
    assert.match(moved.output, /\+-\s+.*on-second\s+replace/, moved.output);
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(await names(e2e.backend), ["on-default", "on-second"]);
    assert.deepEqual(await names(second), []);

    await ws.must(["destroy", "--yes", "--skip-preview"]);
    assert.deepEqual(await names(e2e.backend), []);
    assert.deepEqual(await names(second, GROUPS), []);
  });

  it("a group member on another target fails the preview, naming both targets", async () => {
    const ws = e2e.workspace("member-elsewhere");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        target("second", "second") +
        `
const here = ${openai("here")};
new ConnectionGroup("on-second", { name: "on-second", integration: "OpenAI", identifierTags: ["env"], members: [here], target: second });
`,
    });
    await ws.init(configOf(second, "second"));
    const result = await ws.run(["preview"]);
    assert.notEqual(result.code, 0, result.output);
    assert.match(
      result.output,
      /members\[0\] "here" is on the default target \(http:\/\/127\.0\.0\.1:\d+.*\), but the group is on ConnectionsTarget "second" \(http:\/\/127\.0\.0\.1:\d+\): a group's members must be connections of its own target/,
      result.output,
    );
    assert.match(result.output, /1 problem in 1 resource/);
  });
});
