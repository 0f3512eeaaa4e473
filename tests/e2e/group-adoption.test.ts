/**
 * Adopting connection groups through the real CLI, against a test double of Datadog (which lists
 * connections and groups and updates a group, and cannot create, read one or delete a group) and
 * against the local backend: the preview says what adopting changes, never drops a live member
 * unseen, refuses a group it could not create, and `destroy` leaves a group the target cannot
 * delete as it is. Also the live world at preview: a new connection that duplicates a live one,
 * and a declared member whose identifier values clash with a live member that stays.
 */
import { strict as assert } from "node:assert";
import { GROUP_ATTRIBUTES, ROUTES, WIRE_TYPES } from "pulumi-workflow-connections-rules";
import { awsConnection, CONNS } from "../support/backend";
import { DatadogDouble, startDatadogDouble } from "../support/datadog-double";
import { useBackendAndWorkspaces } from "../support/e2e";
import { CliResult, PulumiWorkspace } from "../support/pulumi";

const IMPORTS = `import { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;
const aws = (accountId: string) => ({
  type: "AWS",
  credentials: { type: "AWSAssumeRole", account_id: accountId, role: "workflows" },
});

/** A group adopting `groupId`, with the given members (ids as strings, or code) and extra inputs. */
const adopting = (groupId: string, members: string[], extra = "") =>
  IMPORTS +
  `
new ConnectionGroup("accounts", {
  adoptId: "${groupId}",
  name: "AWS accounts",
  description: "managed by Pulumi",
  integration: "AWS",
  identifierTags: ["account_id"],
  members: [${members.join(", ")}],${extra}
});
`;

const has = (r: CliResult, text: string) =>
  assert.ok(r.output.includes(text), `missing ${JSON.stringify(text)} in:\n${r.output}`);

describe("e2e: adopting connection groups on a Datadog-shaped target (a test double)", function () {
  this.timeout(900_000);
  let dd: DatadogDouble;
  const workspaces: PulumiWorkspace[] = [];
  before(async () => {
    dd = await startDatadogDouble();
  });
  after(async () => {
    workspaces.forEach((w) => w.cleanup());
    await dd?.close();
  });
  const workspace = (project: string) => {
    const ws = new PulumiWorkspace(project, "dev", {
      CONNECTIONS_API_URL: dd.url,
      DD_API_KEY: dd.apiKey,
      DD_APP_KEY: dd.appKey,
    });
    workspaces.push(ws);
    return ws;
  };
  /** Two AWS connections and a group of both, as made in Datadog's UI. */
  const seed = (prefix: string) => {
    const a = dd.seedConnection({
      name: `${prefix}-a`,
      integration: aws("111111111111"),
      tags: ["account_id:111111111111"],
    });
    const b = dd.seedConnection({
      name: `${prefix}-b`,
      integration: aws("222222222222"),
      tags: ["account_id:222222222222"],
    });
    const group = dd.seedGroup({
      name: `${prefix} (by hand)`,
      description: "made in the UI",
      integration_type: "AWS",
      tag_keys: ["account_id"],
      connections: [a.id, b.id],
    });
    return { a, b, group, before: structuredClone(group) };
  };

  it("preview shows what adopting changes; up PATCHes it; destroy leaves the group as it is (exit 0, said in the output)", async () => {
    const { a, b, group } = seed("diff");
    const ws = workspace("group-adopt-diff");
    ws.writeProgram({ "index.ts": adopting(group.id, [`"${a.id}"`, `"${b.id}"`]) });
    await ws.init();
    const start = dd.requests.length;
    const preview = await ws.must(["preview"]);
    for (const line of [
      `adopting connection group ${group.id} ("diff (by hand)") changes:`,
      'name: "diff (by hand)" → "AWS accounts"',
      'description: "made in the UI" → "managed by Pulumi"',
    ])
      has(preview, line);
    assert.equal(dd.groups.get(group.id)!.name, "diff (by hand)", "preview wrote nothing");
    assert.equal(dd.requests.slice(start).filter((r) => r.method !== "GET").length, 0, "preview sent no write");

    await ws.must(["up", "--yes", "--skip-preview"]);
    const after = dd.groups.get(group.id)!;
    assert.deepEqual(
      [after.name, after.description, after.connections],
      ["AWS accounts", "managed by Pulumi", [a.id, b.id]],
    );
    const quiet = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(quiet.code, 0, quiet.output);
    assert.doesNotMatch(quiet.output, /adopting connection group/, "adopted once: later previews are ordinary diffs");

    const kept = structuredClone(after);
    const destroy = await ws.run(["destroy", "--yes", "--skip-preview"]);
    assert.equal(destroy.code, 0, destroy.output);
    has(destroy, `connection group "AWS accounts" (${group.id}) was left as it is`);
    has(destroy, "nothing was deleted and no member was removed");
    assert.deepEqual(dd.groups.get(group.id), kept, "the group is unchanged, members included");
    assert.equal(ws.resourcesOf("ConnectionGroup").length, 0, "no longer in the stack");
  });

  it("a live member the program does not declare is a refused drop, named; adoptDropsMissing naming it lets up drop it", async () => {
    const { a, b, group, before } = seed("drop");
    const ws = workspace("group-adopt-drop");
    ws.writeProgram({ "index.ts": adopting(group.id, [`"${a.id}"`]) });
    await ws.init();
    for (const args of [["preview"], ["up", "--yes"]]) {
      const r = await ws.run(args);
      assert.notEqual(r.code, 0, r.output);
      has(
        r,
        `adoptId "${group.id}": adopting connection group "drop (by hand)" would drop members it has and this program does not declare: "drop-b" (${b.id}). Declare them in members, or let the adoption drop them with adoptDropsMissing: true`,
      );
    }
    assert.deepEqual(dd.groups.get(group.id), before, "nothing was written");

    ws.writeProgram({ "index.ts": adopting(group.id, [`"${a.id}"`], `\n  adoptDropsMissing: ["drop-b"],`) });
    const preview = await ws.must(["preview"]);
    has(preview, `drops members (adoptDropsMissing): "drop-b" (${b.id})`);
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(dd.groups.get(group.id)!.connections, [a.id]);
    assert.ok(dd.connections.has(b.id), "the dropped member left the group; the connection itself stays");
  });

  it("a group without adoptId fails at preview with one sentence: create it in Datadog's UI, adopt it by id", async () => {
    const ws = workspace("group-new-on-datadog");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `new ConnectionGroup("fresh", { name: "fresh", integration: "AWS", identifierTags: ["account_id"], members: [] });\n`,
    });
    await ws.init();
    const start = dd.requests.length;
    for (const args of [["preview"], ["up", "--yes"], ["up", "--yes", "--skip-preview"]]) {
      const r = await ws.run(args);
      assert.notEqual(r.code, 0, r.output);
      assert.match(
        r.output,
        /ConnectionGroup resource 'fresh' has a problem: the default target \(http:\/\/127\.0\.0\.1:\d+, [^)]*\) cannot create connection groups \(Datadog's API has no operation for it\): create the group in Datadog's UI \(Actions > Connections > Groups\), then adopt it here with adoptId: "<group id>"; the id is in the group list/,
      );
      assert.doesNotMatch(r.output, /^\s+at .+:\d+:\d+\)?$/m, "no stack trace");
      const diagnostics = r.output.split("\nDiagnostics:\n")[1] ?? "";
      assert.equal(diagnostics.split("cannot create connection groups").length - 1, 1, `said once:\n${r.output}`);
    }
    assert.equal(ws.resourcesOf("ConnectionGroup").length, 0);
    assert.deepEqual(
      dd.requests.slice(start).filter((q) => q.method !== "GET"),
      [],
      "nothing was written",
    );
  });

  it("a declared member whose identifier values clash with a live member that stays fails, naming both", async () => {
    const { a, b, group, before } = seed("clash");
    const ws = workspace("group-adopt-clash");
    ws.writeProgram({
      "index.ts": adopting(group.id, [`"${a.id}"`, `"${b.id}"`, "dup"]).replace(
        "\nnew ConnectionGroup",
        `\nconst dup = new Connection("aws-dup", { name: "aws-dup", integration: { type: "AWS", accountId: "111111111111", role: "workflows" }, tags: ["account_id:111111111111"] });\nnew ConnectionGroup`,
      ),
    });
    await ws.init();
    const r = await ws.run(["preview"]);
    assert.notEqual(r.code, 0, r.output);
    has(
      r,
      `"clash-a (${a.id})" and "aws-dup" both have account_id:111111111111; each member needs a unique combination of identifier values`,
    );
    assert.deepEqual(dd.groups.get(group.id), before);
  });

  it("a Connection works against the double as against Datadog: create, update, refresh, destroy", async () => {
    const ws = workspace("connection-on-double");
    const program = (role: string) =>
      IMPORTS +
      `new Connection("ops", { name: "ops", integration: { type: "AWS", accountId: "555555555555", role: "${role}" }, tags: ["account_id:555555555555"] });\n`;
    ws.writeProgram({ "index.ts": program("workflows") });
    await ws.init();
    await ws.must(["up", "--yes"]);
    const [created] = ws.resourcesOf("Connection");
    assert.equal(dd.connections.get(created.id!)?.integration.credentials.role, "workflows");
    ws.writeProgram({ "index.ts": program("ops") });
    await ws.must(["up", "--yes"]);
    assert.equal(dd.connections.get(created.id!)?.integration.credentials.role, "ops");
    await ws.must(["refresh", "--yes"]);
    await ws.must(["preview", "--expect-no-changes"]);
    await ws.must(["destroy", "--yes"]);
    assert.equal(dd.connections.has(created.id!), false);
  });

  it("a new connection whose name and tags equal a live one this stack does not manage: preview warns, quoting its id and suggesting adoptId", async () => {
    const live = dd.seedConnection({ name: "payments", integration: aws("333333333333"), tags: ["team:payments"] });
    const ws = workspace("dup-warning");
    const program = (adopt: string) =>
      IMPORTS +
      `new Connection("payments", { ${adopt}name: "payments", integration: { type: "AWS", accountId: "333333333333", role: "workflows" }, tags: ["team:payments"] });\n`;
    ws.writeProgram({ "index.ts": program("") });
    await ws.init();
    const preview = await ws.must(["preview"]);
    has(preview, `a connection with this name and these tags already exists at`);
    has(preview, `${live.id} ("payments"); if it is the one this resource means`);
    has(preview, `adoptId: "${live.id}"`);
    // Adopting it: no warning (the stack manages it), and after up none either.
    ws.writeProgram({ "index.ts": program(`adoptId: "${live.id}", `) });
    const adopted = await ws.must(["preview"]);
    assert.doesNotMatch(adopted.output, /already exists at/, adopted.output);
    await ws.must(["up", "--yes", "--skip-preview"]);
    const again = await ws.must(["preview"]);
    assert.doesNotMatch(again.output, /already exists at/, again.output);
  });
});

describe("e2e: adopting connection groups on the local backend", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const groupBody = (attributes: {
    name: string;
    integration: string;
    identifierTags: string[];
    members: string[];
  }) => ({
    data: {
      type: WIRE_TYPES.group,
      attributes: {
        [GROUP_ATTRIBUTES.name]: attributes.name,
        [GROUP_ATTRIBUTES.integration]: attributes.integration,
        [GROUP_ATTRIBUTES.identifierTags]: attributes.identifierTags,
        [GROUP_ATTRIBUTES.members]: attributes.members,
      },
    },
  });
  const getGroup = async (id: string) =>
    (await e2e.backend.request("alice", "GET", `${ROUTES.groups}/${id}`)).body.data?.attributes;

  it("adopting: a diff at preview, a refused drop, the opt-in drop; destroy deletes what it adopted (the target can)", async () => {
    const mk = async (name: string, account: string) =>
      (await e2e.backend.request("alice", "POST", CONNS, awsConnection(name, [`account_id:${account}`], account))).body
        .data.id as string;
    const a = await mk("local-a", "111111111111");
    const b = await mk("local-b", "222222222222");
    const created = await e2e.backend.request(
      "alice",
      "POST",
      ROUTES.groups,
      groupBody({ name: "local (by hand)", integration: "AWS", identifierTags: ["account_id"], members: [a, b] }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.data.id as string;
    const ws = e2e.workspace("group-adopt-local");
    ws.writeProgram({ "index.ts": adopting(id, [`"${a}"`]) });
    await ws.init();
    const refused = await ws.run(["preview"]);
    assert.notEqual(refused.code, 0, refused.output);
    has(refused, `would drop members it has and this program does not declare: "local-b" (${b})`);

    ws.writeProgram({ "index.ts": adopting(id, [`"${a}"`], `\n  adoptDropsMissing: true,`) });
    const preview = await ws.must(["preview"]);
    has(preview, `adopting connection group ${id} ("local (by hand)") changes:`);
    has(preview, 'name: "local (by hand)" → "AWS accounts"');
    has(preview, `drops members (adoptDropsMissing): "local-b" (${b})`);
    assert.equal((await getGroup(id))[GROUP_ATTRIBUTES.name], "local (by hand)", "preview wrote nothing");
    await ws.must(["up", "--yes", "--skip-preview"]);
    const after = await getGroup(id);
    assert.equal(after[GROUP_ATTRIBUTES.name], "AWS accounts");
    assert.deepEqual(after[GROUP_ATTRIBUTES.members], [a]);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
    assert.equal((await e2e.backend.request("alice", "GET", `${ROUTES.groups}/${id}`)).status, 404);
  });

  it("a new connection that duplicates a live one: preview warns with its id", async () => {
    const live = (
      await e2e.backend.request("alice", "POST", CONNS, awsConnection("dup-local", ["team:x"], "444444444444"))
    ).body.data.id as string;
    const ws = e2e.workspace("dup-local");
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        `new Connection("dup", { name: "dup-local", integration: { type: "AWS", accountId: "444444444444", role: "workflows" }, tags: ["team:x"] });\n`,
    });
    await ws.init();
    const preview = await ws.must(["preview"]);
    has(preview, `${live} ("dup-local"); if it is the one this resource means`);
  });
});
