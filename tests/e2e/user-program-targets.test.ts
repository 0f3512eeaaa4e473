/**
 * Two targets in a user's own program, outside the repository, on the packed package installed
 * by npm (README, "In your own project"), through the real CLI:
 * - every refused or missing key of every target is reported in one preview, with the summary
 *   line, run after run (repeated: the targets' checks race, so one passing run proves little);
 * - lookups (`Connection.get`, `ConnectionGroup.get`, `getConnection`) read from the target they
 *   name; "not found" names the target asked; a missing key names what the lookup takes;
 * - a key rotation previews naming the key and the target, never the value.
 */
import { strict as assert } from "node:assert";
import { CONNS, GROUPS, awsConnection, groupBody, TestBackend } from "../support/backend";
import { useAnotherBackend, useBackendAndWorkspaces } from "../support/e2e";
import { usePackedPackage } from "../support/packed";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup, ConnectionsTarget, getConnection, getConnectionOutput } from "pulumi-workflow-connections";
const config = new pulumi.Config();
const target = (name: string) => new ConnectionsTarget(name, { apiUrl: config.require(name + "Url"), apiKey: config.getSecret(name + "ApiKey") ?? "", appKey: config.getSecret(name + "AppKey") ?? "" });
`;

const openai = (name: string, target: string) =>
  `new Connection("${name}", { name: "${name}", integration: { type: "OpenAI", apiToken: "tok-${name}" }, target: ${target} });\n`;

describe("e2e: a user's program with two targets: every key problem, lookups on a target, rotations", function () {
  this.timeout(1_800_000);
  const e2e = useBackendAndWorkspaces();
  const another = useAnotherBackend();
  let second: TestBackend;
  beforeEach(() => {
    second = another();
  });

  it("a refused API key on one target, a refused application key on another, a missing key on a third: all three in every preview, with the summary", async () => {
    const b = e2e.backend;
    const ws = e2e.workspace("every-key-problem");
    usePackedPackage(ws);
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `const a = target("a"), b = target("b"), c = target("c");\n` +
        openai("on-a", "a") +
        openai("on-b", "b") +
        openai("on-c", "c") +
        openai("on-a-too", "a"),
    });
    await ws.init({
      aUrl: b.url,
      aApiKey: { secret: "not-an-api-key" },
      aAppKey: { secret: b.appKey("alice") },
      bUrl: second.url,
      bApiKey: { secret: second.apiKey },
      bAppKey: { secret: "not-an-application-key" },
      cUrl: b.url,
      cApiKey: { secret: b.apiKey },
    });
    for (let run = 1; run <= 5; run++) {
      const result = await ws.run(["preview"]);
      const why = `run ${run}:\n${result.output}`;
      assert.notEqual(result.code, 0, why);
      assert.match(
        result.output,
        /the API key was refused by ConnectionsTarget "a" .*check the apiKey of ConnectionsTarget "a"/,
        why,
      );
      assert.match(
        result.output,
        /the application key was refused by ConnectionsTarget "b" .*check the appKey of ConnectionsTarget "b"/,
        why,
      );
      assert.match(
        result.output,
        /no application key for ConnectionsTarget "c" .*set the appKey of ConnectionsTarget "c"/,
        why,
      );
      assert.match(result.output, /3 target problems \(shown once, for the 4 resources of that target\)/, why);
      const diagnostics = result.output.slice(result.output.indexOf("Diagnostics:"));
      assert.equal(diagnostics.match(/refused by ConnectionsTarget "a"/g)?.length, 1, `said once: ${why}`);
      for (const secret of ["not-an-api-key", "not-an-application-key", b.appKey("alice"), second.apiKey])
        assert.ok(!result.output.includes(secret), `no key in the output: ${why}`);
    }
    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(up.code, 0, up.output);
    assert.match(up.output, /3 target problems/);
    assert.equal((await b.request("alice", "GET", CONNS)).body.data.length, 0, "nothing written");
  });

  it("lookups take a target: Connection.get, ConnectionGroup.get and getConnection read the second backend; not found names it; a missing key names what the lookup takes", async () => {
    const member = (
      await second.request(
        "alice",
        "POST",
        CONNS,
        awsConnection("on-second", ["account_id:222222222222"], "222222222222"),
      )
    ).body.data;
    const group = (
      await second.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({
          name: "second-group",
          integration_type: "AWS",
          tag_keys: ["account_id"],
          connections: [member.id],
        }),
      )
    ).body.data;
    const ws = e2e.workspace("lookups-on-target");
    usePackedPackage(ws);
    const secondKeys = {
      secondUrl: second.url,
      secondApiKey: { secret: second.apiKey },
      secondAppKey: { secret: second.appKey("alice") },
    };
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `const second = target("second");
const member = Connection.get("member", "${member.id}", { target: second });
const group = ConnectionGroup.get("group", "${group.id}", { target: second });
export const memberName = member.name;
export const groupMembers = group.members;
export const viaFunction = getConnectionOutput({ id: "${member.id}", target: second }).name;
export const viaPromise = getConnection({ id: "${member.id}", target: second }).then((c) => c.integrationType);
`,
    });
    await ws.init(secondKeys);
    await ws.must(["up", "--yes"]);
    assert.deepEqual(JSON.parse((await ws.must(["stack", "output", "--json"])).stdout), {
      memberName: "on-second",
      groupMembers: [member.id],
      viaFunction: "on-second",
      viaPromise: "AWS",
    });
    await ws.must(["destroy", "--yes", "--skip-preview"]);
    assert.equal((await second.request("alice", "GET", `${CONNS}/${member.id}`)).status, 200, "a lookup is left alone");

    // The id exists on the second backend only: asked on the default target, it is not found there, and the message says where.
    for (const [lookup, expected] of [
      [
        `Connection.get("m", "${member.id}");`,
        /Connection\.get: no connection with id "[0-9a-f-]{36}" exists at the default target \(http:\/\/127\.0\.0\.1:\d+/,
      ],
      [
        `getConnection({ id: "${member.id}" }).then(() => undefined);`,
        /getConnection\("[0-9a-f-]{36}"\) at the default target \(http:\/\/127\.0\.0\.1:\d+.*failed/,
      ],
      [
        `const s = target("second"); Connection.get("m", "00000000-0000-4000-8000-000000000000", { target: s });`,
        new RegExp(
          `no connection with id "00000000-0000-4000-8000-000000000000" exists at ConnectionsTarget "second" \\(${second.url.replace(/[.]/g, "\\.")}`,
        ),
      ],
    ] as const) {
      ws.writeProgram({ "index.ts": IMPORTS + lookup + "\n" });
      const result = await ws.run(["preview"]);
      assert.notEqual(result.code, 0, result.output);
      assert.match(result.output, expected, result.output);
    }

    // No keys for the default target: the error names the lookup's parameters.
    for (const [lookup, call] of [
      [`Connection.get("m", "${member.id}");`, /Connection\.get\(name, id, \{ target \}\)/],
      [`ConnectionGroup.get("g", "${group.id}");`, /ConnectionGroup\.get\(name, id, \{ target \}\)/],
      [`getConnection({ id: "${member.id}" }).then(() => undefined);`, /getConnection\(\{ id, target \}\)/],
    ] as const) {
      ws.writeProgram({ "index.ts": IMPORTS + lookup + "\n" });
      const result = await ws.run(["preview"], { env: { DD_API_KEY: "", DD_APP_KEY: "" } });
      assert.notEqual(result.code, 0, result.output);
      assert.match(result.output, /no API key for the default target/, result.output);
      assert.match(result.output, call, result.output);
    }
  });

  it("rotating a target's application key previews as an update naming that key of that target, not its value", async () => {
    const b = e2e.backend;
    const ws = e2e.workspace("key-rotation");
    usePackedPackage(ws);
    ws.writeProgram({ "index.ts": IMPORTS + `const t = target("t");\n` + openai("rotated", "t") });
    await ws.init({ tUrl: b.url, tApiKey: { secret: b.apiKey }, tAppKey: { secret: b.appKey("alice") } });
    await ws.must(["up", "--yes"]);
    await ws.must(["preview", "--expect-no-changes"]);

    await ws.must(["config", "set", "--secret", "tAppKey", b.appKey("bob")]);
    const preview = await ws.must(["preview", "--diff"]);
    assert.match(
      preview.output,
      /~ targetKeyRevisions\s*:\s*\{\s*t\.apiKey\s*:\s*1\s*~ t\.appKey\s*:\s*1 => 2\s*\}/,
      preview.output,
    );
    assert.doesNotMatch(preview.output, /~ t\.apiKey/, preview.output);
    for (const secret of [b.appKey("alice"), b.appKey("bob"), b.apiKey]) assert.ok(!preview.output.includes(secret));
    await ws.must(["up", "--yes", "--skip-preview"]);
    await ws.must(["preview", "--expect-no-changes"]);
    assert.ok(!ws.state().text.includes(b.appKey("bob")), "the new key is stored encrypted");
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });
});
