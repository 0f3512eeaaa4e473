/**
 * Lists are filtered, counted and paged in SQL: pages join up to exactly the
 * rows the caller may view, in creation order, the total counts only those, filters combine with
 * visibility, and each row's acting_user_can_resolve is the caller's relation on it.
 */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  UserName,
  awsConnection,
  groupBody,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

describe("backend: listing", function () {
  let b: TestBackend;
  const ids: string[] = [];
  const createdAt = new Map<string, string>();
  before(async () => {
    b = await startTestBackend();
    for (let i = 0; i < 12; i++) {
      const res = await b.request(
        "alice",
        "POST",
        CONNS,
        awsConnection(`list-${i}`, ["suite:listing", `env:${i % 2 ? "b" : "a"}`]),
      );
      assert.equal(res.status, 201);
      ids.push(res.body.data.id);
      createdAt.set(res.body.data.id, res.body.data.attributes.created_at);
    }
    const policy = async (id: string, bindings: { relation: string; principals: string[] }[]) => {
      const res = await b.request(
        "alice",
        "POST",
        `${POLICY}/connection:${id}?allow_self_lockout=true`,
        policyBody(`connection:${id}`, bindings),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    await policy(ids[0], [{ relation: "viewer", principals: ["user:bob"] }]); // alice and carol: hidden
    await policy(ids[1], [
      { relation: "resolver", principals: ["role:dev"] },
      { relation: "editor", principals: ["user:alice"] },
    ]); // carol: hidden
    await policy(ids[2], [
      { relation: "viewer", principals: ["org:test-org"] },
      { relation: "editor", principals: ["user:alice"] },
    ]); // carol: viewer
    await policy(ids[4], [{ relation: "editor", principals: ["user:carol"] }]); // alice, bob: hidden
  });
  after(async () => b?.close());

  /** Every page of `query` at `size`, concatenated, and the totals each page reported. */
  async function allPages(as: UserName, query: string, size: number) {
    const seen: any[] = [];
    const totals = new Set<number>();
    for (let n = 0; ; n++) {
      const res = await b.request(as, "GET", `${CONNS}?${query}&page[size]=${size}&page[number]=${n}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.data.length <= size);
      totals.add(res.body.meta.total_filtered);
      seen.push(...res.body.data);
      if (res.body.data.length < size) return { seen, totals: [...totals] };
    }
  }

  /** The list order: created_at, then id (two creates can share a millisecond). */
  const listOrder = (a: string, b: string) => createdAt.get(a)!.localeCompare(createdAt.get(b)!) || a.localeCompare(b);
  const expected = (hidden: number[], keep: (i: number) => boolean = () => true) =>
    ids.filter((_, i) => !hidden.includes(i) && keep(i)).sort(listOrder);

  for (const [user, hidden] of [
    ["alice", [0, 4]],
    ["bob", [4]],
    ["carol", [0, 1]],
  ] as [UserName, number[]][]) {
    it(`${user}: pages of 5 join up to exactly the visible connections, in creation order, and the total counts them`, async () => {
      const { seen, totals } = await allPages(user, "filter[tags]=suite:listing", 5);
      assert.deepEqual(
        seen.map((c) => c.id),
        expected(hidden),
      );
      assert.deepEqual(totals, [expected(hidden).length]);
      const env = await allPages(user, "filter[tags]=suite:listing&filter[tags]=env:a&filter[integration]=AWS", 2);
      assert.deepEqual(
        env.seen.map((c) => c.id),
        expected(hidden, (i) => i % 2 === 0),
      );
      assert.deepEqual(env.totals, [expected(hidden, (i) => i % 2 === 0).length]);
    });
  }

  it("acting_user_can_resolve is the caller's own relation on each listed row", async () => {
    const bob = new Map(
      (await allPages("bob", "filter[tags]=suite:listing", 100)).seen.map((c) => [
        c.id,
        c.attributes.acting_user_can_resolve,
      ]),
    );
    assert.equal(bob.get(ids[0]), false); // viewer
    assert.equal(bob.get(ids[1]), true); // resolver via role:dev
    assert.equal(bob.get(ids[2]), false); // viewer via the org
    assert.equal(bob.get(ids[3]), true); // no policy: editor
    const carol = new Map(
      (await allPages("carol", "filter[tags]=suite:listing", 100)).seen.map((c) => [
        c.id,
        c.attributes.acting_user_can_resolve,
      ]),
    );
    assert.equal(carol.get(ids[2]), false);
    assert.equal(carol.get(ids[4]), true);
  });

  it("a page past the end is empty with the right total; no filter match is 0", async () => {
    const past = await b.request("carol", "GET", `${CONNS}?filter[tags]=suite:listing&page[size]=100&page[number]=3`);
    assert.deepEqual(past.body.data, []);
    assert.equal(past.body.meta.total_filtered, 10);
    const none = await b.request("carol", "GET", `${CONNS}?filter[tags]=suite:nothing`);
    assert.deepEqual([none.body.data, none.body.meta.total_filtered], [[], 0]);
  });

  it("groups: the list and its total leave out groups the caller cannot view", async () => {
    const made: string[] = [];
    for (const name of ["g-open", "g-hidden", "g-open-2"]) {
      const res = await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name, integration_type: "AWS", tag_keys: ["env"], connections: [] }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      made.push(res.body.data.id);
    }
    const hide = await b.request(
      "alice",
      "POST",
      `${POLICY}/connection-group:${made[1]}`,
      policyBody(`connection-group:${made[1]}`, [{ relation: "editor", principals: ["user:alice"] }]),
    );
    assert.equal(hide.status, 200, JSON.stringify(hide.body));
    const alice = await b.request("alice", "GET", GROUPS);
    const order: string[] = alice.body.data.map((g: any) => g.id);
    assert.deepEqual([...order].sort(), [...made].sort());
    assert.equal(alice.body.meta.total_filtered, 3);
    const carol = await b.request("carol", "GET", `${GROUPS}?filter[integration]=AWS&page[size]=1&page[number]=1`);
    assert.equal(carol.status, 200);
    assert.equal(carol.body.meta.total_filtered, 2);
    assert.deepEqual(
      carol.body.data.map((g: any) => g.id),
      [order.filter((id) => id !== made[1])[1]],
    );
  });
});
