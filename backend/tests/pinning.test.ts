/**
 * A connection's editor can always delete and change it. The attack this closes: a resolver
 * puts someone's connection in a group only they may edit, then loses resolver; the
 * connection's editors could then neither delete it nor change its tags. Now the membership in
 * a group the caller may not edit ends in the same transaction (recorded on the group as
 * `removed_members`, for its editors); a group the caller may edit keeps the old 409. Each row
 * asserts the status, the JSON:API body, that no hidden group is named, and the state after it
 * as the group's owner reads it (every group still resolves each member).
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
 */
import assert from "node:assert/strict";
import {
  ApiResponse,
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  UserName,
  awsConnection,
  connectionBody,
  groupBody,
  httpConnection,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

type Binding = { relation: string; principals: string[] };
const ONLY_ALICE: Binding[] = [{ relation: "editor", principals: ["user:alice"] }];

interface Setup {
  /** bob's connection, pinned into `groups`. */
  pinned: string;
  /** alice's other member of every group (env:a1). */
  other: string;
  groups: string[];
}

interface Row {
  title: string;
  /** The policy of each group the connection is put in (alice creates them all). */
  groups: Binding[][];
  /** After the groups are made: bob's policy on his connection (alice loses resolver). */
  bobKeeps?: Binding[];
  act: (b: TestBackend, s: Setup) => Promise<ApiResponse>;
  status: number;
  /** Exact detail of a 409 (`$0` = the connection id, `$1`.. = group ids). */
  detail?: string;
  /** Per group: does the pinned connection stay a member, and what is recorded. */
  after: { member: boolean; removed?: { reason: string; withId: boolean } }[];
}

describe("backend: a connection's editor can always delete and change it (pinning)", function () {
  this.timeout(180_000);
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  async function ok(as: UserName, method: "POST" | "PATCH", path: string, body: unknown): Promise<any> {
    const res = await b.request(as, method, path, body);
    assert.ok(res.status === 200 || res.status === 201, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function setup(row: Row): Promise<Setup> {
    const pinned = (await ok("bob", "POST", CONNS, awsConnection("pinned", ["env:pin", "region:us"]))).data.id;
    await ok(
      "bob",
      "POST",
      `${POLICY}/connection:${pinned}`,
      policyBody(`connection:${pinned}`, [
        { relation: "resolver", principals: ["user:alice"] },
        { relation: "editor", principals: ["user:bob"] },
      ]),
    );
    const other = (await ok("alice", "POST", CONNS, awsConnection("others", ["env:a1", "region:eu"]))).data.id;
    const groups: string[] = [];
    for (const [i, bindings] of row.groups.entries()) {
      const id = (
        await ok(
          "alice",
          "POST",
          GROUPS,
          groupBody({
            name: `PIN-GROUP-${i}`,
            integration_type: "AWS",
            tag_keys: ["env"],
            connections: [pinned, other],
          }),
        )
      ).data.id;
      await ok("alice", "POST", `${POLICY}/connection-group:${id}`, policyBody(`connection-group:${id}`, bindings));
      groups.push(id);
    }
    await ok(
      "bob",
      "POST",
      `${POLICY}/connection:${pinned}`,
      policyBody(`connection:${pinned}`, row.bobKeeps ?? [{ relation: "editor", principals: ["user:bob"] }]),
    );
    return { pinned, other, groups };
  }

  const del = (b: TestBackend, s: Setup) => b.request("bob", "DELETE", `${CONNS}/${s.pinned}`);
  const retag = (tags: string[]) => (b: TestBackend, s: Setup) =>
    b.request("bob", "PATCH", `${CONNS}/${s.pinned}`, connectionBody({ tags }));
  const bobViewsAndAliceEdits: Binding[] = [
    { relation: "viewer", principals: ["user:bob"] },
    { relation: "editor", principals: ["user:alice"] },
  ];
  const bothEdit: Binding[] = [{ relation: "editor", principals: ["user:alice", "user:bob"] }];
  const released = (reason: string, withId = false) => ({ member: false, removed: { reason, withId } });

  const rows: Row[] = [
    {
      title: "delete, pinned in a group bob cannot view: 204, the membership ends and is recorded without the id",
      groups: [ONLY_ALICE],
      act: del,
      status: 204,
      after: [released("connection_deleted")],
    },
    {
      title: "delete, the group's editor may still view the connection: the record carries its id",
      groups: [ONLY_ALICE],
      bobKeeps: [
        { relation: "viewer", principals: ["user:alice"] },
        { relation: "editor", principals: ["user:bob"] },
      ],
      act: del,
      status: 204,
      after: [released("connection_deleted", true)],
    },
    {
      title: "delete, a group bob may view but not edit: released too",
      groups: [bobViewsAndAliceEdits],
      act: del,
      status: 204,
      after: [released("connection_deleted")],
    },
    {
      title: "delete, pinned in two hidden groups: released from both",
      groups: [ONLY_ALICE, ONLY_ALICE],
      act: del,
      status: 204,
      after: [released("connection_deleted"), released("connection_deleted")],
    },
    {
      title: "change: no value for the group's key any more: 200, released",
      groups: [ONLY_ALICE],
      act: retag(["region:us"]),
      status: 200,
      after: [released("connection_changed")],
    },
    {
      title: "change: two values for the group's key: released",
      groups: [ONLY_ALICE],
      act: retag(["env:x", "env:y"]),
      status: 200,
      after: [released("connection_changed")],
    },
    {
      title: "change: the values of another member (a clash): released",
      groups: [ONLY_ALICE],
      act: retag(["env:a1"]),
      status: 200,
      after: [released("connection_changed")],
    },
    {
      title: "change: another integration: released",
      groups: [ONLY_ALICE],
      act: (b, s) =>
        b.request("bob", "PATCH", `${CONNS}/${s.pinned}`, {
          data: { type: "action_connection", attributes: httpConnection("pinned", ["env:pin"]).data.attributes },
        }),
      status: 200,
      after: [released("connection_changed")],
    },
    {
      title: "change of the key's value in a group bob cannot view, one that would fit: released all the same",
      groups: [ONLY_ALICE],
      act: retag(["env:other"]),
      status: 200,
      after: [released("connection_changed")],
    },
    {
      title: "change of a tag the group's rules do not read: the membership stays, nothing recorded",
      groups: [ONLY_ALICE],
      act: retag(["env:pin", "region:eu"]),
      status: 200,
      after: [{ member: true }],
    },
    {
      title: "rename: the membership stays",
      groups: [ONLY_ALICE],
      act: (b, s) => b.request("bob", "PATCH", `${CONNS}/${s.pinned}`, connectionBody({ name: "renamed" })),
      status: 200,
      after: [{ member: true }],
    },
    {
      title: "delete, a group bob may edit: the old 409 naming it, nothing written",
      groups: [bothEdit],
      act: del,
      status: 409,
      detail: 'connection "pinned ($0)" is still a member of group "PIN-GROUP-0" ($1); remove it from the group first',
      after: [{ member: true }],
    },
    {
      title: "change breaking a group bob may edit: the old 409, nothing written",
      groups: [bothEdit],
      act: retag(["region:us"]),
      status: 409,
      detail:
        'connection "pinned ($0)" cannot be changed this way: it is a member of group "PIN-GROUP-0" ($1), which would become invalid: connections[0] "pinned ($0)" has no env tag, so a workflow could never select it; a member needs exactly one value per identifier key',
      after: [{ member: true }],
    },
    {
      title:
        "delete, one group bob may edit and one hidden: 409 naming only the first, the hidden membership untouched",
      groups: [bothEdit, ONLY_ALICE],
      act: del,
      status: 409,
      detail: 'connection "pinned ($0)" is still a member of group "PIN-GROUP-0" ($1); remove it from the group first',
      after: [{ member: true }, { member: true }],
    },
  ];

  it("races: the group's owner adds the connection while its editor deletes or re-tags it; no 5xx, every group stays valid, no member is gone", async () => {
    const other = (await ok("alice", "POST", CONNS, awsConnection("race-other", ["env:a1"]))).data.id;
    const group = (
      await ok(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: "race", integration_type: "AWS", tag_keys: ["env"], connections: [other] }),
      )
    ).data.id;
    await ok(
      "alice",
      "POST",
      `${POLICY}/connection-group:${group}`,
      policyBody(`connection-group:${group}`, ONLY_ALICE),
    );
    for (let round = 0; round < 20; round++) {
      const c = (await ok("bob", "POST", CONNS, awsConnection(`race-${round}`, [`env:r${round}`]))).data.id;
      await ok(
        "bob",
        "POST",
        `${POLICY}/connection:${c}`,
        policyBody(`connection:${c}`, [
          { relation: "resolver", principals: ["user:alice"] },
          { relation: "editor", principals: ["user:bob"] },
        ]),
      );
      const deleting = round % 2 === 0;
      const [add, change] = await Promise.all([
        b.request("alice", "POST", `${GROUPS}/${group}/relationships/connections`, {
          data: [{ type: "action_connection", id: c }],
        }),
        deleting
          ? b.request("bob", "DELETE", `${CONNS}/${c}`)
          : b.request("bob", "PATCH", `${CONNS}/${c}`, connectionBody({ tags: ["env:a1"] })),
      ]);
      assert.equal(change.status, deleting ? 204 : 200, `round ${round}: ${JSON.stringify(change.body)}`);
      // The add either came first (and the membership was then released) or found the connection gone / clashing.
      assert.ok(
        [200, deleting ? 404 : 409].includes(add.status),
        `round ${round}: ${add.status} ${JSON.stringify(add.body)}`,
      );
      const members = (await b.request("alice", "GET", `${GROUPS}/${group}`)).body.data.attributes.connections;
      assert.deepEqual(members, [other], `round ${round}: the group keeps only its valid member`);
      assert.equal(
        (await b.request("alice", "GET", `${GROUPS}/${group}/resolve?identifiers[env]=a1`)).body.data.id,
        other,
      );
      if (!deleting) assert.equal((await b.request("bob", "DELETE", `${CONNS}/${c}`)).status, 204);
    }
  });

  for (const row of rows) {
    it(row.title, async () => {
      const s = await setup(row);
      const before = await Promise.all(s.groups.map((g) => b.request("alice", "GET", `${GROUPS}/${g}`)));
      const res = await row.act(b, s);
      assert.equal(res.status, row.status, JSON.stringify(res.body));
      const text = JSON.stringify(res.body ?? "");
      if (row.status === 204) assert.equal(res.body, "");
      if (row.status === 200) {
        assert.equal(res.body.data.id, s.pinned);
        assert.deepEqual(Object.keys(res.body.data.attributes).sort(), [
          "acting_user_can_resolve",
          "created_at",
          "created_by",
          "integration",
          "last_updated",
          "name",
          "tags",
        ]);
      }
      // No silent drop: a change's answer says whether it left groups (ids only of groups bob views).
      if (row.status === 200 && res.body.meta !== undefined) {
        const left = row.after.flatMap((a, i) => (a.member ? [] : [i]));
        assert.deepEqual(res.body.meta, {
          left_groups: left.filter((i) => row.groups[i] !== ONLY_ALICE).map((i) => s.groups[i]),
          left_groups_you_cannot_view: left.some((i) => row.groups[i] === ONLY_ALICE),
        });
      } else if (row.status === 200)
        assert.ok(
          row.after.every((a) => a.member),
          `a change that took it out of a group says so: ${text}`,
        );
      if (row.detail) {
        const expected = [s.pinned, ...s.groups].reduce((d, id, i) => d.split(`$${i}`).join(id), row.detail);
        assert.deepEqual(
          res.body.errors.map((e: { detail: string }) => e.detail),
          [expected],
        );
      }
      // Groups bob may not view are never named, nor counted.
      for (const [i, g] of s.groups.entries()) {
        if (row.groups[i] === ONLY_ALICE)
          assert.ok(!text.includes(g) && !text.includes(`PIN-GROUP-${i}`), `names a hidden group: ${text}`);
      }
      assert.ok(!/\d+ groups?\b/.test(text.replace(/PIN-GROUP-\d/g, "")), `counts groups: ${text}`);

      if (row.status === 409) {
        for (const [i, g] of s.groups.entries())
          assert.deepEqual(
            (await b.request("alice", "GET", `${GROUPS}/${g}`)).body,
            before[i].body,
            "a refused request writes nothing",
          );
      }
      // alice no longer views bob's connection (it is hidden from her in her own group): to read
      // the whole member list, bob lets her view it again, if it still exists.
      if (row.status !== 204) {
        await ok(
          "bob",
          "POST",
          `${POLICY}/connection:${s.pinned}`,
          policyBody(`connection:${s.pinned}`, [
            { relation: "viewer", principals: ["user:alice"] },
            { relation: "editor", principals: ["user:bob"] },
          ]),
        );
      }
      for (const [i, g] of s.groups.entries()) {
        const view = (await b.request("alice", "GET", `${GROUPS}/${g}`)).body.data.attributes;
        const want = row.after[i];
        assert.deepEqual(view.connections, want.member ? [s.pinned, s.other] : [s.other], `group ${i}`);
        if (!want.removed) {
          assert.deepEqual(view.removed_members, []);
          continue;
        }
        assert.equal(view.removed_members.length, 1);
        const entry = view.removed_members[0];
        assert.equal(entry.reason, want.removed.reason);
        assert.ok(
          !Number.isNaN(Date.parse(entry.removed_at)) && entry.removed_at === view.last_updated_at,
          "recorded when, and the group's last_updated_at says it changed",
        );
        // The id is shown by the connection's policy when it was removed (bob's grant above came later).
        if (want.removed.withId) assert.equal(entry.connection_id, s.pinned);
        else assert.equal("connection_id" in entry, false, "no id for a reader who could not view the connection");
        // Every group stays valid: each remaining member resolves by its values.
        assert.equal(
          (await b.request("alice", "GET", `${GROUPS}/${g}/resolve?identifiers[env]=a1`)).body.data.id,
          s.other,
        );
        // removed_members is for the group's editors only.
        await ok(
          "alice",
          "POST",
          `${POLICY}/connection-group:${g}`,
          policyBody(`connection-group:${g}`, [...ONLY_ALICE, { relation: "viewer", principals: ["user:carol"] }]),
        );
        const carol = await b.request("carol", "GET", `${GROUPS}/${g}`);
        assert.equal(carol.status, 200);
        assert.equal(carol.body.data.attributes.removed_members, undefined);
      }
      // The connection's editor can always finish the job: after a release, delete works too.
      if (row.status === 200) assert.equal((await b.request("bob", "DELETE", `${CONNS}/${s.pinned}`)).status, 204);
    });
  }
});
