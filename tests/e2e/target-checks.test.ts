/**
 * What needs the target, checked in the same one preview for every resource: keys (a refused or
 * missing key is one sentence naming the key), who the key's user is (self-lockout), principal
 * formats of the target's kind, principals that do not exist at the target, and members given
 * by id. Through the real CLI and the local backend; nothing is written.
 */
import { strict as assert } from "node:assert";
import { useBackendAndWorkspaces } from "../support/e2e";
import { CliResult } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup, ConnectionsTarget } from "pulumi-workflow-connections";\nconst config = new pulumi.Config();\n`;
const conn = (res: string, extra = "") =>
  `new Connection("${res}", { name: "${res}", integration: { type: "OpenAI", apiToken: "tok-${res}" }, tags: ["env:${res}"]${extra} });\n`;

/** The lines the CLI's Diagnostics section prints under one resource (or the stack, for `null`). */
function diagnosticsOf(output: string, resource: string | null): string {
  const section = output.slice(output.indexOf("Diagnostics:"));
  const lines = section.split("\n");
  const start = lines.findIndex((l) =>
    resource === null ? /^ {2}pulumi:pulumi:Stack \(/.test(l) : new RegExp(`^  \\S+ \\(${resource}\\):$`).test(l),
  );
  if (start < 0) return "";
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^ {2}\S/.test(l));
  return rest.slice(0, end < 0 ? undefined : end).join("\n");
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe("e2e: target checks in one preview", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();

  async function snapshot(): Promise<string> {
    const c = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections?page[size]=100");
    const g = await e2e.backend.request("alice", "GET", "/api/v2/actions/connections/groups");
    return JSON.stringify([c.body.data, g.body.data]);
  }

  async function preview(
    project: string,
    program: string,
    env: NodeJS.ProcessEnv = {},
    config: Record<string, string | { secret: string }> = {},
  ): Promise<CliResult> {
    const before = await snapshot();
    const ws = e2e.workspace(project, { env });
    ws.writeProgram({ "index.ts": IMPORTS + program });
    await ws.init(config);
    const result = await ws.run(["preview"]);
    assert.notEqual(result.code, 0, `should fail:\n${result.output}`);
    assert.equal(await snapshot(), before, "nothing was written");
    assert.ok(!/\bat \S+ \(.*:\d+:\d+\)/.test(result.output), `no stack trace:\n${result.output}`);
    return result;
  }

  it("a refused API key fails the preview with one sentence naming it (a plain create, checked by the provider)", async () => {
    const result = await preview("bad-api-key", conn("a") + conn("b"), { DD_API_KEY: "0".repeat(32) });
    assert.match(
      result.output,
      /the API key was refused by the default target \(http:\/\/127\.0\.0\.1:\d+[^)]*\) \(GET \/api\/v1\/validate answered 403\); check DD_API_KEY \/ connections:apiKey/,
      result.output,
    );
    assert.doesNotMatch(result.output, /self-lockout|allowSelfLockout/i);
    assert.ok(!result.output.includes("0".repeat(32)), "the key is not printed");
  });

  it("a refused application key, with access declared on three connections: one sentence, once, for all of them", async () => {
    const access = `, access: { editor: ["role:admin"] }`;
    const result = await preview("bad-app-key", conn("a", access) + conn("b", access) + conn("c", access), {
      DD_APP_KEY: "1".repeat(40),
    });
    const stack = diagnosticsOf(result.output, null);
    assert.equal(occurrences(stack, "the application key was refused by the default target"), 1, result.output);
    assert.match(stack, /GET \/api\/v2\/current_user answered 403\); check DD_APP_KEY \/ connections:appKey/);
    assert.match(
      stack,
      /1 target problem \(shown once, for the 3 resources of that target\); no connection or connection group was written/,
    );
    assert.doesNotMatch(result.output, /self-lockout|allowSelfLockout/i);
  });

  it("a missing key says which variable or config key to set, not a hint about self-lockout", async () => {
    const result = await preview("no-api-key", conn("a", `, access: { editor: ["role:admin"] }`), { DD_API_KEY: "" });
    assert.match(
      result.output,
      /no API key for the default target \([^)]*\): set DD_API_KEY \/ connections:apiKey/,
      result.output,
    );
    assert.doesNotMatch(result.output, /self-lockout|allowSelfLockout/i);
  });

  it("an explicit target's refused key names that target's own property", async () => {
    const program =
      `const t = new ConnectionsTarget("ops", { apiUrl: config.require("url"), apiKey: config.requireSecret("apiKey"), appKey: config.requireSecret("appKey") });\n` +
      conn("a", ", target: t");
    const result = await preview(
      "target-bad-key",
      program,
      {},
      { url: e2e.backend.url, apiKey: { secret: e2e.backend.apiKey }, appKey: { secret: "2".repeat(40) } },
    );
    assert.match(
      result.output,
      /the application key was refused by ConnectionsTarget "ops" \(http:\/\/127\.0\.0\.1:\d+\) \(GET \/api\/v2\/current_user answered 403\); check the appKey of ConnectionsTarget "ops"/,
      result.output,
    );
  });

  it("self-lockout in three connections, principals that do not exist, a member that does not exist: all reported in one preview", async () => {
    const lockout = `, access: { editor: ["user:bob"] }`;
    const result = await preview(
      "all-remote",
      [
        conn("lock-1", lockout),
        conn("lock-2", lockout),
        conn("lock-3", lockout),
        conn("typo-team", `, access: { resolver: ["team:paymnets"], editor: ["role:admin"] }`),
        conn("typo-role-user", `, access: { viewer: ["user:alise"], editor: ["role:admn", "role:admin"] }`),
        conn("other-org", `, access: { viewer: ["org:another-org"], editor: ["role:admin"] }`),
        `new ConnectionGroup("missing-member", { name: "missing-member", integration: "OpenAI", identifierTags: ["env"], members: ["00000000-0000-4000-8000-000000000000"], access: { viewer: ["team:platfrom"], editor: ["role:admin"] } });\n`,
        conn("fine", `, access: { resolver: ["team:payments"], editor: ["role:admin", "user:alice"] }`),
      ].join(""),
    );
    for (const r of ["lock-1", "lock-2", "lock-3"]) {
      assert.match(
        diagnosticsOf(result.output, r),
        /access would leave the application key's user "alice" no access on the connection/,
        `${r}:\n${result.output}`,
      );
    }
    assert.match(
      diagnosticsOf(result.output, "typo-team"),
      /access\.resolver\[0\] "team:paymnets" does not exist at the default target \([^)]*\) \(no team with id "paymnets"\), so it would bind nobody/,
      result.output,
    );
    const typos = diagnosticsOf(result.output, "typo-role-user");
    assert.match(typos, /access\.viewer\[0\] "user:alise" does not exist/);
    assert.match(typos, /access\.editor\[0\] "role:admn" does not exist/);
    assert.match(
      diagnosticsOf(result.output, "other-org"),
      /access\.viewer\[0\] "org:another-org" is not the org of the application key \("org:test-org"\)/,
    );
    const group = diagnosticsOf(result.output, "missing-member");
    assert.match(group, /members\[0\] connection "00000000-0000-4000-8000-000000000000" does not exist/);
    assert.match(group, /access\.viewer\[0\] "team:platfrom" does not exist/);
    assert.equal(diagnosticsOf(result.output, "fine"), "");
    assert.match(result.output, /9 problems in 7 resources, each shown under its resource/);
  });

  it("on a Datadog site, non-UUID principals are reported for every resource, with the key problem once", async () => {
    const program =
      `const eu = new ConnectionsTarget("eu", { site: "datadoghq.eu", apiKey: "${"a".repeat(32)}", appKey: "${"b".repeat(40)}" });\n` +
      [1, 2, 3, 4, 5].map((i) => conn(`eu-${i}`, `, target: eu, access: { editor: ["role:admin"] }`)).join("");
    const result = await preview("datadog-formats", program);
    for (const i of [1, 2, 3, 4, 5]) {
      assert.match(
        diagnosticsOf(result.output, `eu-${i}`),
        /access\.editor\[0\] "role:admin": Datadog role ids are UUIDs/,
        result.output,
      );
    }
    assert.match(result.output, /5 problems in 5 resources/);
    assert.equal(
      occurrences(diagnosticsOf(result.output, null), `ConnectionsTarget "eu" (https://api.datadoghq.eu)`),
      1,
      result.output,
    );
  });
});
