/**
 * Lookups through the real CLI: `Connection.get`, `ConnectionGroup.get` and the
 * `getConnection`/`getConnectionGroup` functions read a connection and a group made outside the
 * program; `preview`, `up`, `refresh` and `destroy` never write them (the engine keeps `.get`
 * resources as external: read, never created, updated or deleted).
 */
import { strict as assert } from "node:assert";
import { CONNS, GROUPS, awsConnection, groupBody, httpConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionGroup, getConnection, getConnectionGroupOutput, getConnectionOutput } from "pulumi-workflow-connections";
`;
const SECRET = "s3cret-LOOKUP-0e9d1c7a";

describe("e2e: lookups of existing connections and groups", function () {
  this.timeout(600_000);
  const e2e = useBackendAndWorkspaces();
  const as = (method: "GET" | "POST", path: string, body?: unknown) => e2e.backend.request("alice", method, path, body);
  /** Everything on the backend: the witness that a run wrote nothing it should not have. */
  const snapshot = async () =>
    JSON.stringify([(await as("GET", `${CONNS}?page[size]=100`)).body.data, (await as("GET", GROUPS)).body.data]);

  it("reads them (outputs of their declared types, usable as a member), never writes them; destroy leaves them", async () => {
    const http = (await as("POST", CONNS, httpConnection("jira", ["team:payments"], SECRET))).body.data;
    const member = (await as("POST", CONNS, awsConnection("aws-prod", ["account_id:111111111111"], "111111111111")))
      .body.data;
    const group = (
      await as(
        "POST",
        GROUPS,
        groupBody({
          name: "accounts",
          integration_type: "AWS",
          tag_keys: ["account_id"],
          connections: [member.id],
        }),
      )
    ).body.data;
    assert.ok(http?.id && member?.id && group?.id, "made outside the program");

    const ws = e2e.workspace("lookups");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `
const jira = Connection.get("jira", "${http.id}");
const prod = Connection.get("aws-prod", "${member.id}");
const accounts = ConnectionGroup.get("accounts", "${group.id}");
// A group of this program with a looked-up member.
const mine = new ConnectionGroup("mine", { name: "mine", integration: "AWS", identifierTags: ["account_id"], members: [prod] });
const fetched = getConnectionOutput({ id: "${http.id}" });
export const jiraName = jira.name;
export const jiraType = jira.integrationType;
export const jiraTokens = jira.integration.apply((i) => (i.type === "HTTP" ? (i.tokens ?? []).map((t) => t.name + "=" + JSON.stringify(t.value)) : []));
export const jiraTags = jira.tags;
export const prodExternalId = prod.externalId.apply((e) => typeof e);
export const accountsMembers = accounts.members;
export const accountsMemberNames = accounts.memberNames;
export const accountsTags = accounts.identifierTags;
export const mineMembers = mine.members.apply((m) => m.length);
export const fetchedName = fetched.name;
export const fetchedHeaders = fetched.integration.apply((i) => (i.type === "HTTP" ? (i.headers ?? []).map((h) => h.name) : []));
export const fetchedGroupSize = getConnectionGroupOutput({ id: accounts.id }).apply((g) => g.members.length);
export const fetchedLater = pulumi.output(getConnection({ id: "${member.id}" }).then((c) => c.tags));
`,
    });
    await ws.init();
    const before = await snapshot();
    const preview = await ws.must(["preview"]);
    assert.equal(await snapshot(), before, "preview writes nothing");
    assert.match(preview.output, /read\s+pulumi-nodejs:dynamic\/connections:Connection\s+jira/, preview.output);

    await ws.must(["up", "--yes", "--skip-preview"]);
    const out = JSON.parse((await ws.must(["stack", "output", "--json"])).stdout);
    assert.deepEqual(out, {
      jiraName: "jira",
      jiraType: "HTTP",
      jiraTokens: ['apiToken=""'],
      jiraTags: ["team:payments"],
      prodExternalId: "string",
      accountsMembers: [member.id],
      accountsMemberNames: { [member.id]: "aws-prod" },
      accountsTags: ["account_id"],
      mineMembers: 1,
      fetchedName: "jira",
      fetchedHeaders: ["X-Team"],
      fetchedGroupSize: 1,
      fetchedLater: ["account_id:111111111111"],
    });
    const state = ws.state().resources.filter((r) => r.type.includes("connections:"));
    const external = state
      .filter((r) => (r as { external?: boolean }).external)
      .map((r) => r.urn.split("::").pop())
      .sort();
    assert.deepEqual(external, ["accounts", "aws-prod", "jira"], "the looked-up resources are external in state");
    assert.ok(!ws.state().text.includes(SECRET));

    // refresh and a second up read again and change nothing.
    await ws.must(["refresh", "--yes", "--skip-preview"]);
    const quiet = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(quiet.code, 0, quiet.output);

    assert.equal((await as("GET", GROUPS)).body.data.length, 2, "the program's own group was created");
    await ws.must(["destroy", "--yes", "--skip-preview"]);
    const groups = (await as("GET", GROUPS)).body.data.map((g: { id: string }) => g.id);
    assert.deepEqual(groups, [group.id], "destroy deleted the program's group only");
    for (const c of [http, member]) {
      const now = await as("GET", `${CONNS}/${c.id}`);
      assert.equal(now.status, 200, "destroy left the looked-up connection");
      assert.deepEqual(now.body.data.attributes, c.attributes, "and did not change it");
    }
    const g = await as("GET", `${GROUPS}/${group.id}`);
    assert.deepEqual(g.body.data.attributes, group.attributes, "nor the looked-up group");
  });

  it("a lookup of an id that does not exist fails the preview, naming it (function or .get)", async () => {
    const ws = e2e.workspace("lookup-missing");
    const missing = "3f6c0b7e-0000-4000-8000-00000000dead";
    ws.writeProgram({ "index.ts": IMPORTS + `export const n = getConnectionOutput({ id: "${missing}" }).name;\n` });
    await ws.init();
    const r = await ws.run(["preview"]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.output,
      new RegExp(
        `getConnection\\("${missing}"\\) at the default target \\(http://127\\.0\\.0\\.1:\\d+.*\\) failed: .*not found`,
        "i",
      ),
      r.output,
    );
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `export const n = Connection.get("gone", "${missing}").name;\nexport const g = ConnectionGroup.get("gone-group", "${missing}").name;\n`,
    });
    const get = await ws.run(["preview"]);
    assert.notEqual(get.code, 0);
    assert.match(
      get.output,
      new RegExp(`(Connection|ConnectionGroup)\\.get: no connection (group )?with id "${missing}" exists`),
      get.output,
    );
  });
});
