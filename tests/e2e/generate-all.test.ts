/**
 * `generate --all` and `--group` against the local backend, which serves Datadog's lists: more
 * connections than one page holds (`--page-size 2`), a group with its members, everything adopted
 * protected. The program previews as "changes nothing", `up` adopts, and `pulumi destroy` refuses
 * (the resources are protected) and leaves every connection and the group as they were.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONNS, GROUPS, awsConnection, groupBody, httpConnection } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { REPO } from "../support/pulumi";

const CLI = path.join(REPO, "dist/provider/cli/main.js");
const TOKEN = "tok-GEN-all-5c1d7e20";

describe("e2e: generate --all and --group write connections and groups, adopted protected", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  let members: string[] = [];
  let others: string[] = [];
  let group: { id: string; attributes: Record<string, unknown> };

  before(async () => {
    const create = async (body: unknown) => {
      const res = await e2e.backend.request("alice", "POST", CONNS, body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.data.id as string;
    };
    members = [];
    for (const account of ["111111111111", "222222222222", "333333333333"])
      members.push(await create(awsConnection(`aws ${account}`, [`account_id:${account}`], account)));
    others = [
      await create(awsConnection("aws outside", ["account_id:444444444444"], "444444444444")),
      await create(httpConnection("Status API", ["team:support"], TOKEN)),
    ];
    const res = await e2e.backend.request(
      "alice",
      "POST",
      GROUPS,
      groupBody({
        name: "AWS accounts",
        description: "one per account",
        integration_type: "AWS",
        tag_keys: ["account_id"],
        connections: members,
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    group = res.body.data;
  });

  it("--group: the group and its members, nothing else", async () => {
    const ws = e2e.workspace("generated-group");
    const gen = await ws.exec("node", [CLI, "generate", "--group", group.id]);
    assert.equal(gen.code, 0, gen.output);
    const adopted = [...gen.stdout.matchAll(/adoptId: "([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(adopted, [...members, group.id]);
    assert.match(gen.stdout, /new ConnectionGroup\("aws-accounts", \{/);
    assert.match(gen.stdout, /description: "one per account",/);
    assert.match(gen.stdout, /members: \[aws111111111111, aws222222222222, aws333333333333\],/);
    assert.equal((gen.stdout.match(/\}, \{ protect: true \}\);/g) ?? []).length, 4);
    const unknown = "3f6c0b7e-0000-4000-8000-00000000beef";
    const bad = await ws.exec("node", [CLI, "generate", "--group", unknown]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, new RegExp(`connection group "${unknown}": .*not found`, "i"));
    const notAnId = await ws.exec("node", [CLI, "generate", "--group", "x\u2028y"]);
    assert.equal(notAnId.code, 2);
    assert.match(notAnId.stderr, /--group "x\\u2028y": the id "x\\u2028y", which is not a UUID/);
  });

  it("--all over several pages: previews as no change, adopts, and destroy leaves everything (protected)", async () => {
    const ws = e2e.workspace("generated-all");
    ws.writeProgram({});
    const out = path.join(ws.programDir, "index.ts");
    const gen = await ws.exec("node", [CLI, "generate", "--all", "--page-size", "2", "--out", out]);
    assert.equal(gen.code, 0, gen.output);
    assert.match(gen.stderr, /Wrote .*index\.ts: 5 connections and 1 group to adopt, each protected/);
    const program = fs.readFileSync(out, "utf8");
    const adopted = [...program.matchAll(/adoptId: "([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...adopted].sort(), [...members, ...others, group.id].sort(), "every page was read");
    assert.match(program, /pulumi state unprotect/);

    await ws.init();
    const key = /pulumi config set --secret (\S+)/.exec(gen.stderr)![1];
    await ws.must(["config", "set", "--secret", key, TOKEN]);
    const preview = await ws.must(["preview", "--diff"]);
    for (const id of [...members, ...others])
      assert.match(preview.output, new RegExp(`adopting connection ${id} \\(".*"\\) changes nothing`));
    await ws.must(["up", "--yes", "--skip-preview"]);
    const state = ws.state().resources.filter((r) => /:(Connection|ConnectionGroup)$/.test(r.type));
    assert.equal(state.length, 6);
    assert.ok(
      state.every((r) => (r as { protect?: boolean }).protect === true),
      "every adopted resource is protected",
    );

    const destroy = await ws.run(["destroy", "--yes"]);
    assert.notEqual(destroy.code, 0, destroy.output);
    assert.match(destroy.output, /protected/, destroy.output);
    for (const id of [...members, ...others])
      assert.equal((await e2e.backend.request("alice", "GET", `${CONNS}/${id}`)).status, 200, `${id} is still there`);
    const after = await e2e.backend.request("alice", "GET", `${GROUPS}/${group.id}`);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body.data.attributes.connections, members, "the group keeps its members");
  });
});
