/**
 * A group the caller may not view answers 404 exactly as an id that does not exist, and at the
 * same cost, whatever its size: on every group operation the backend decides visibility from
 * the group row and its policy (one query) before it reads a single member. Checked without a
 * clock: each row runs the operation on a hidden group of 1 member, on a hidden group of 600
 * members (more than one 500-id chunk) and on a missing id, recording every SQL statement the
 * operation runs; the three must run the same statements, none of which reads the members.
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
 */
import assert from "node:assert/strict";
import { GROUP_ATTRIBUTES } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { createConnection } from "../domain/connections";
import type { Context } from "../domain/context";
import { resolveGroup } from "../domain/group-resolve";
import {
  addGroupMembers,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  removeGroupMembers,
  updateGroup,
} from "../domain/groups";
import { DomainFixture, awsAttributes, openDomain } from "./domain-fixture";

const BIG = 600;
const MISSING = "00000000-0000-4000-8000-00000000abcd";

interface Row {
  title: string;
  run: (ctx: Context, caller: Caller, id: string) => Promise<unknown>;
}

const ROWS: Row[] = [
  { title: "get", run: (ctx, c, id) => getGroup(ctx, c, id) },
  { title: "rename (PATCH name)", run: (ctx, c, id) => updateGroup(ctx, c, id, { [GROUP_ATTRIBUTES.name]: "x" }) },
  {
    title: "PATCH the member list",
    run: (ctx, c, id) => updateGroup(ctx, c, id, { [GROUP_ATTRIBUTES.members]: [] }),
  },
  {
    title: "PATCH with a precondition",
    run: (ctx, c, id) => updateGroup(ctx, c, id, { [GROUP_ATTRIBUTES.name]: "x" }, () => undefined),
  },
  { title: "delete", run: (ctx, c, id) => deleteGroup(ctx, c, id) },
  { title: "delete with a precondition", run: (ctx, c, id) => deleteGroup(ctx, c, id, () => undefined) },
  { title: "add members", run: (ctx, c, id) => addGroupMembers(ctx, c, id, [MISSING]) },
  { title: "remove members", run: (ctx, c, id) => removeGroupMembers(ctx, c, id, [MISSING]) },
  { title: "resolve", run: (ctx, c, id) => resolveGroup(ctx, c, id, { env: "e0" }) },
];

describe("backend: a hidden group's 404 reads no member, as a missing id's", function () {
  this.timeout(300_000);
  let fx: DomainFixture;
  let ctx: Context;
  let alice: Caller, bob: Caller;
  const hidden: Record<"small" | "big", string> = { small: "", big: "" };

  before(async () => {
    fx = await openDomain();
    ({ ctx } = fx);
    alice = fx.caller("alice");
    bob = fx.caller("bob");
    // bob's groups, hidden from alice: one of 1 member, one of BIG members.
    const members: string[] = [];
    for (let i = 0; i < BIG; i++) {
      const c = await createConnection(ctx, bob, awsAttributes(`m${i}`, [`env:e${i}`]));
      members.push((c as { id: string }).id);
    }
    const group = async (ids: string[]) => {
      const attrs = {
        [GROUP_ATTRIBUTES.name]: "hidden",
        [GROUP_ATTRIBUTES.integration]: "AWS",
        [GROUP_ATTRIBUTES.identifierTags]: ["env"],
        [GROUP_ATTRIBUTES.members]: ids,
      };
      const policy = { bindings: [{ relation: "editor" as const, principals: ["user:bob"] }], allowSelfLockout: false };
      return ((await createGroup(ctx, bob, attrs, policy)) as { id: string }).id;
    };
    hidden.small = await group(members.slice(0, 1));
    hidden.big = await group(members);
  });

  after(async () => fx?.close());

  for (const row of ROWS) {
    it(`${row.title}: a hidden group of 1 or ${BIG} members runs the statements a missing id does`, async () => {
      const runs = {
        missing: await fx.statements(() => row.run(ctx, alice, MISSING)),
        small: await fx.statements(() => row.run(ctx, alice, hidden.small)),
        big: await fx.statements(() => row.run(ctx, alice, hidden.big)),
      };
      for (const [which, { error }] of Object.entries(runs)) {
        assert.equal((error as { status?: number })?.status, 404, `${which}: 404, got ${String(error)}`);
      }
      const detail = (which: keyof typeof runs, id: string) =>
        JSON.stringify((runs[which].error as { toBody(): unknown }).toBody()).replaceAll(id, "<id>");
      assert.equal(detail("small", hidden.small), detail("missing", MISSING));
      assert.equal(detail("big", hidden.big), detail("missing", MISSING));
      assert.deepEqual(runs.small.statements, runs.missing.statements, "hidden (1 member) vs missing");
      assert.deepEqual(runs.big.statements, runs.missing.statements, `hidden (${BIG} members) vs missing`);
      for (const sql of runs.big.statements)
        assert.doesNotMatch(sql, /group_members|FROM connections\b/, `no member is read: ${sql}`);
    });
  }

  it(`list: hidden groups of 1 and ${BIG} members add no statement and read no member`, async () => {
    const query = { filter: {}, sort: [], page: { size: 50, number: 0 } };
    const run = await fx.statements(() => listGroups(ctx, alice, query));
    assert.equal(run.error, undefined);
    for (const sql of run.statements) assert.doesNotMatch(sql, /FROM connections\b/, `no member is read: ${sql}`);
    const seen = (await listGroups(ctx, alice, query)).data;
    assert.deepEqual(seen, []);
    assert.equal((await listGroups(ctx, bob, query)).data.length, 2);
  });
});
