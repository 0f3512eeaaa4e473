/**
 * Writes reveal nothing resolve hides: the answer to a write never depends on the identifier
 * values of members the caller may not view. Each group below holds alice's member M, her
 * member V (env:visible) and bob's member H (env:hidden), which alice may not view. Per row,
 * alice writes the same thing with three values: the hidden member's, the visible member's, and
 * one no member has; the three answers must be the same (status, errors, meta), and nothing may
 * be dropped silently: when M leaves a group, the answer says so and the group records it.
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
 */
import assert from "node:assert/strict";
import { GROUP_ATTRIBUTES } from "pulumi-workflow-connections-rules";
import {
  ApiResponse,
  CONNS,
  GROUPS,
  TestBackend,
  awsConnection,
  connectionBody,
  groupBody,
  startTestBackend,
} from "../../tests/support/backend";

const VALUES = { hidden: "env:hidden", visible: "env:visible", fresh: "env:fresh" } as const;
type Role = "editor" | "viewer" | "none";

interface World {
  group: string;
  m: string;
  v: string;
  h: string;
}

describe("backend: hidden members' values decide no answer", function () {
  this.timeout(300_000);
  let b: TestBackend;
  let n = 0;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  const ok = async (res: Promise<ApiResponse>, status = 201) => {
    const r = await res;
    assert.equal(r.status, status, JSON.stringify(r.body));
    return r.body;
  };

  /** A fresh group of M, V (alice's) and H (bob's, hidden from alice); alice has `role` on the group. */
  async function world(role: Role): Promise<World> {
    const tag = n++;
    const m = (await ok(b.request("alice", "POST", CONNS, awsConnection(`m${tag}`, ["env:m"])))).data.id;
    const v = (await ok(b.request("alice", "POST", CONNS, awsConnection(`v${tag}`, [VALUES.visible])))).data.id;
    const h = (
      await ok(
        b.request("bob", "POST", CONNS, {
          ...awsConnection(`h${tag}`, [VALUES.hidden]),
          meta: { restriction_policy: { bindings: [{ relation: "editor", principals: ["user:bob"] }] } },
        }),
      )
    ).data.id;
    const bindings = [
      { relation: "editor", principals: role === "editor" ? ["user:bob", "user:alice"] : ["user:bob"] },
      ...(role === "viewer" ? [{ relation: "viewer", principals: ["user:alice"] }] : []),
    ];
    const group = (
      await ok(
        b.request("bob", "POST", GROUPS, {
          ...groupBody({
            [GROUP_ATTRIBUTES.name]: `g${tag}`,
            [GROUP_ATTRIBUTES.integration]: "AWS",
            [GROUP_ATTRIBUTES.identifierTags]: ["env"],
            [GROUP_ATTRIBUTES.members]: [m, v, h],
          }),
          meta: { restriction_policy: { bindings } },
        }),
      )
    ).data.id;
    return { group, m, v, h };
  }

  /** What the answer says, with this world's ids written alike. */
  const answer = (w: World, res: ApiResponse) =>
    JSON.parse(
      JSON.stringify({ status: res.status, errors: res.body?.errors, meta: res.body?.meta })
        .replaceAll(w.group, "<group>")
        .replaceAll(w.m, "<m>"),
    );
  const members = async (w: World) =>
    (await ok(b.request("bob", "GET", `${GROUPS}/${w.group}`), 200)).data.attributes[GROUP_ATTRIBUTES.members];

  for (const role of ["editor", "viewer", "none"] as const) {
    it(`re-tagging her member of a group she ${role === "none" ? "cannot view" : `is ${role} of`}: one answer for every value, and M's leaving is told`, async () => {
      const answers: Record<string, unknown> = {};
      for (const [which, value] of Object.entries(VALUES)) {
        const w = await world(role);
        const res = await b.request("alice", "PATCH", `${CONNS}/${w.m}`, connectionBody({ tags: [value] }));
        answers[which] = answer(w, res);
        assert.equal(res.status, 200, `${which}: ${JSON.stringify(res.body)}`);
        const after = await members(w);
        // No silent drop: M left the group, the answer says so, and the group records it.
        assert.deepEqual(after, [w.v, w.h], `${which}: M left the group`);
        const told = res.body.meta;
        if (role === "none") assert.deepEqual(told, { left_groups: [], left_groups_you_cannot_view: true });
        else assert.deepEqual(told, { left_groups: [w.group], left_groups_you_cannot_view: false });
        const removed = (await ok(b.request("bob", "GET", `${GROUPS}/${w.group}`), 200)).data.attributes
          .removed_members;
        assert.equal(removed?.[0]?.reason, "connection_changed");
        assert.ok(!JSON.stringify(res.body).includes(w.h), "H is never named");
      }
      assert.deepEqual(answers.hidden, answers.fresh, "hidden value vs a value nobody has");
      assert.deepEqual(answers.visible, answers.fresh, "visible value vs a value nobody has");
    });
  }

  it("a change the group's rules do not read (a name, another tag key) leaves every membership alone", async () => {
    const w = await world("none");
    const res = await b.request("alice", "PATCH", `${CONNS}/${w.m}`, connectionBody({ tags: ["env:m", "team:x"] }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.meta, undefined);
    assert.deepEqual(await members(w), [w.m, w.v, w.h]);
  });

  for (const [title, write] of [
    [
      "adding a member (relationship endpoint)",
      (w: World, id: string) =>
        b.request("alice", "POST", `${GROUPS}/${w.group}/relationships/connections`, {
          data: [{ type: "action_connection", id }],
        }),
    ],
    [
      "PATCH of the member list with one more",
      (w: World, id: string) =>
        b.request("alice", "PATCH", `${GROUPS}/${w.group}`, groupBody({ [GROUP_ATTRIBUTES.members]: [w.m, w.v, id] })),
    ],
  ] as const) {
    it(`${title} to a group with a member she cannot view: one 409 for every value, nothing written`, async () => {
      const answers: Record<string, unknown> = {};
      for (const [which, value] of Object.entries(VALUES)) {
        const w = await world("editor");
        const added = (await ok(b.request("alice", "POST", CONNS, awsConnection(`new-${which}`, [value])))).data.id;
        const res = await write(w, added);
        answers[which] = JSON.parse(JSON.stringify(answer(w, res)).replaceAll(added, "<new>"));
        assert.equal(res.status, 409, `${which}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(await members(w), [w.m, w.v, w.h], `${which}: nothing written`);
      }
      assert.deepEqual(answers.hidden, answers.fresh);
      assert.deepEqual(answers.visible, answers.fresh);
    });
  }

  it("the same add to a group whose members she all sees is decided by the rules", async () => {
    const w = await world("editor");
    // bob takes H out: alice now sees every member.
    await ok(
      b.request("bob", "DELETE", `${GROUPS}/${w.group}/relationships/connections`, {
        data: [{ type: "action_connection", id: w.h }],
      }),
      200,
    );
    const fresh = (await ok(b.request("alice", "POST", CONNS, awsConnection("fresh", [VALUES.fresh])))).data.id;
    const clash = (await ok(b.request("alice", "POST", CONNS, awsConnection("clash", [VALUES.visible])))).data.id;
    const add = (id: string) =>
      b.request("alice", "POST", `${GROUPS}/${w.group}/relationships/connections`, {
        data: [{ type: "action_connection", id }],
      });
    assert.equal((await add(clash)).status, 409);
    assert.equal((await add(fresh)).status, 200);
  });
});
