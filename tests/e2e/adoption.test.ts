/**
 * Adopting existing connections through the real CLI: the preview says what adopting changes
 * on the live connection (or that it changes nothing), never shows a secret, and fails, naming
 * them, when the adoption would drop credential fields, tokens, headers or URL parameters the
 * program does not declare, unless `adoptDropsMissing` allows it.
 */
import { strict as assert } from "node:assert";
import { CONNS, awsConnection, connectionBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { CliResult } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection } from "pulumi-workflow-connections";\nconst config = new pulumi.Config();\n`;
const LIVE_TOKEN = "tok-ADOPT-live-51c7e0aa";
const NEW_TOKEN = "tok-ADOPT-new-93d2b4f1";

/** A Jira connection made by hand: a token, an Authorization header, a URL parameter. */
const handMadeJira = () =>
  connectionBody({
    name: "jira (by hand)",
    tags: ["team:support"],
    integration: {
      type: "HTTP",
      base_url: "https://jira.example.com",
      credentials: {
        type: "HTTPTokenAuth",
        tokens: [{ name: "apiToken", type: "SECRET", value: LIVE_TOKEN }],
        headers: [
          { name: "Authorization", value: "Bearer {{ apiToken }}" },
          { name: "Accept", value: "application/json" },
        ],
        url_parameters: [{ name: "project", value: "OPS" }],
      },
    },
  });

const jiraProgram = (id: string, extra = "") =>
  IMPORTS +
  `
new Connection("jira", {
  adoptId: "${id}",
  name: "Jira",
  tags: ["team:support", "managed:pulumi"],
  integration: {
    type: "HTTP", baseUrl: "https://jira.example.com",
    tokens: [{ name: "apiToken", value: config.requireSecret("jiraToken") }],
    headers: [{ name: "Accept", value: "application/json" }],
  },${extra}
});
`;

const noSecret = (r: CliResult) => {
  for (const s of [LIVE_TOKEN, NEW_TOKEN]) assert.ok(!r.output.includes(s), `a secret in the CLI output:\n${r.output}`);
};

describe("e2e: adoption shows what it changes", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();
  const get = async (id: string) => (await e2e.backend.request("alice", "GET", `${CONNS}/${id}`)).body.data.attributes;

  it("a preview that would drop the live header and URL parameter fails, naming them, and writes nothing", async () => {
    const live = (await e2e.backend.request("alice", "POST", CONNS, handMadeJira())).body.data;
    const ws = e2e.workspace("adopt-refused");
    ws.writeProgram({ "index.ts": jiraProgram(live.id) });
    await ws.init({ jiraToken: { secret: NEW_TOKEN } });
    for (const args of [["preview"], ["up", "--yes"]]) {
      const r = await ws.run(args);
      assert.notEqual(r.code, 0, r.output);
      assert.match(
        r.output,
        new RegExp(
          `adoptId "${live.id}": adopting connection "jira \\(by hand\\)" would drop what it has and this program does not declare: headers\\.Authorization, urlParameters\\.project\\. Declare them, or let the adoption drop them with adoptDropsMissing: true`,
        ),
        r.output,
      );
      noSecret(r);
    }
    assert.deepEqual(await get(live.id), live.attributes, "nothing was written");
  });

  it("with adoptDropsMissing naming them: the preview lists every change (names only for secrets), up applies exactly that", async () => {
    const live = (await e2e.backend.request("alice", "POST", CONNS, handMadeJira())).body.data;
    const ws = e2e.workspace("adopt-allowed");
    ws.writeProgram({
      "index.ts": jiraProgram(live.id, `\n  adoptDropsMissing: ["headers.Authorization", "urlParameters.project"],`),
    });
    await ws.init({ jiraToken: { secret: NEW_TOKEN } });
    const preview = await ws.must(["preview"]);
    noSecret(preview);
    for (const line of [
      `adopting connection ${live.id} ("jira (by hand)") changes:`,
      `name: "jira (by hand)" → "Jira"`,
      `tags: + "managed:pulumi"`,
      "drops (adoptDropsMissing): headers.Authorization, urlParameters.project",
      "writes these secret fields from this program (the API never returns secret values, so they are not compared): tokens.apiToken",
    ])
      assert.ok(preview.output.includes(line), `missing "${line}" in:\n${preview.output}`);
    assert.deepEqual(await get(live.id), live.attributes, "preview wrote nothing");

    const up = await ws.must(["up", "--yes", "--skip-preview"]);
    noSecret(up);
    const after = await get(live.id);
    assert.equal(after.name, "Jira");
    assert.deepEqual(after.integration.credentials.headers, [{ name: "Accept", value: "application/json" }]);
    assert.deepEqual(after.integration.credentials.url_parameters ?? [], []);
    assert.ok(!ws.state().text.includes(NEW_TOKEN));
    const quiet = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(quiet.code, 0, quiet.output);
    assert.doesNotMatch(quiet.output, /adopting connection/, "adopted once: later previews are ordinary diffs");
  });

  it("adoptDropsMissing naming something the adoption would not drop fails; a list that misses one fails naming only that one", async () => {
    const live = (await e2e.backend.request("alice", "POST", CONNS, handMadeJira())).body.data;
    const ws = e2e.workspace("adopt-stray");
    ws.writeProgram({
      "index.ts": jiraProgram(live.id, `\n  adoptDropsMissing: ["headers.Authorization", "headers.Accept"],`),
    });
    await ws.init({ jiraToken: { secret: NEW_TOKEN } });
    const r = await ws.run(["preview"]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.output,
      /would drop what it has and this program does not declare: urlParameters\.project\./,
      r.output,
    );
    assert.match(
      r.output,
      /adoptDropsMissing names "headers\.Accept", which adopting connection \S+ does not drop \(it drops headers\.Authorization, urlParameters\.project\)/,
      r.output,
    );
  });

  it("an adoption that changes nothing says so", async () => {
    const live = (
      await e2e.backend.request(
        "alice",
        "POST",
        CONNS,
        awsConnection("aws-prod", ["account_id:111111111111"], "111111111111"),
      )
    ).body.data;
    const ws = e2e.workspace("adopt-same");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `new Connection("aws", { adoptId: "${live.id}", name: "aws-prod", tags: ["account_id:111111111111"], integration: { type: "AWS", accountId: "111111111111", role: "workflows" } });\n`,
    });
    await ws.init();
    const preview = await ws.must(["preview"]);
    assert.ok(
      preview.output.includes(
        `adopting connection ${live.id} ("aws-prod") changes nothing: its name, tags and integration fields match this program`,
      ),
      preview.output,
    );
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(await get(live.id), live.attributes);
  });
});
