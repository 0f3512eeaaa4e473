/**
 * One caller's big group writes must not stall the others: repeated member ids are refused
 * before any work, members and error entries are capped, big groups are read and written in
 * bulk, and a big write or many list requests leave `/health` answering in between. Runs on
 * PGlite, and on PostgreSQL in the PostgreSQL pass (scripts/test.sh).
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { MAX_GROUP_MEMBERS } from "pulumi-workflow-connections-rules";
import { MAX_ERROR_ENTRIES } from "../../backend/errors/error-response";
import { CONNS, GROUPS, TestBackend, awsConnection, groupBody, startTestBackend } from "../../tests/support/backend";

const BIG = 1000;

describe("backend: big and repeated group writes", function () {
  this.timeout(300_000);
  let b: TestBackend;
  let ids: string[];
  let small: string;

  /** `count` AWS connections with distinct account ids, created 16 at a time. */
  async function createMany(count: number, prefix: string): Promise<string[]> {
    const out: string[] = new Array(count);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < count) {
          const i = next++;
          const acct = String(300000000000 + i);
          const res = await b.request(
            "alice",
            "POST",
            CONNS,
            awsConnection(`${prefix}-${i}`, [`account_id:${acct}`], acct),
          );
          assert.equal(res.status, 201, JSON.stringify(res.body));
          out[i] = res.body.data.id;
        }
      }),
    );
    return out;
  }

  const create = (connections: string[], name = "load") =>
    b.request(
      "alice",
      "POST",
      GROUPS,
      groupBody({ name, integration_type: "AWS", tag_keys: ["account_id"], connections }),
    );

  /** Everything group-related the API shows, to compare before and after a refused write. */
  async function snapshot() {
    const list = await b.request("alice", "GET", `${GROUPS}?page[size]=100`);
    assert.equal(list.status, 200);
    return {
      total: list.body.meta.total_filtered,
      groups: list.body.data.map((g: any) => [
        g.id,
        g.attributes.name,
        g.attributes.last_updated_at,
        g.attributes.connections.length,
      ]),
    };
  }

  before(async () => {
    b = await startTestBackend();
    ids = await createMany(BIG, "big");
    const res = await create(ids.slice(0, 2), "small");
    assert.equal(res.status, 201, JSON.stringify(res.body));
    small = res.body.data.id;
  });
  after(async () => b?.close());

  const one = () => ids[0];
  const many = (n: number) => Array.from({ length: n }, () => crypto.randomUUID());

  // Each row: a write whose list repeats an id (any spelling), or is over the cap: a 400 naming
  // connections and the rule, at most MAX_ERROR_ENTRIES entries, small, and nothing written.
  const refused: {
    title: string;
    send: () => Promise<any>;
    detail: RegExp;
    pointer?: string;
    entries?: number;
    last?: RegExp;
  }[] = [
    {
      title: "create listing one id 6,000 times (over the cap)",
      send: () => create(Array(6000).fill(one())),
      detail: /connections may have at most 5000 entries \(got 6000\)/,
      entries: 1,
    },
    {
      title: "create listing one id 4,000 times: 10 repeats named, the rest counted",
      send: () => create(Array(4000).fill(one())),
      detail: /connections\[1\] .* is listed twice \(also at index 0\); a group lists each member once/,
      entries: 11,
      last: /^connections lists 3989 more repeated ids; a group lists each member once$/,
    },
    {
      title: "create listing one id twice",
      send: () => create([one(), one()]),
      detail: /connections\[1\] .* is listed twice \(also at index 0\)/,
      pointer: "/data/attributes/connections/1",
      entries: 1,
    },
    {
      title: "create listing one id twice, upper and lower case",
      send: () => create([one(), one().toUpperCase()]),
      detail: /connections\[1\] .* is listed twice/,
      pointer: "/data/attributes/connections/1",
      entries: 1,
    },
    {
      title: "PATCH listing ids twice",
      send: () =>
        b.request("alice", "PATCH", `${GROUPS}/${small}`, groupBody({ connections: [ids[0], ids[1], ids[0], ids[1]] })),
      detail: /is listed twice/,
      entries: 2,
    },
    {
      title: `create with ${MAX_GROUP_MEMBERS + 1} members`,
      send: () => create(many(MAX_GROUP_MEMBERS + 1)),
      detail: new RegExp(
        `connections may have at most ${MAX_GROUP_MEMBERS} entries \\(got ${MAX_GROUP_MEMBERS + 1}\\)`,
      ),
      pointer: "/data/attributes/connections",
      entries: 1,
    },
  ];
  for (const row of refused) {
    it(`refused before any work: ${row.title}`, async () => {
      const before = await snapshot();
      const res = await row.send();
      assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 500));
      const errors = res.body.errors;
      assert.ok(Array.isArray(errors) && errors.length >= 1 && errors.length <= MAX_ERROR_ENTRIES);
      if (row.entries !== undefined) assert.equal(errors.length, row.entries);
      assert.match(errors[0].detail, row.detail);
      if (row.pointer) assert.equal(errors[0].source.pointer, row.pointer);
      if (row.last) assert.match(errors[errors.length - 1].detail, row.last);
      assert.ok(JSON.stringify(res.body).length < 10_000, "the answer stays small");
      assert.deepEqual(await snapshot(), before, "nothing changed");
    });
  }

  it("thousands of unknown ids: a 404 with at most MAX_ERROR_ENTRIES entries, the last one counting the rest", async () => {
    const before = await snapshot();
    const res = await create(many(3000));
    assert.equal(res.status, 404);
    assert.equal(res.body.errors.length, MAX_ERROR_ENTRIES);
    assert.match(res.body.errors[0].detail, /connection .* \(connections\[0\]\) does not exist/);
    assert.match(
      res.body.errors[MAX_ERROR_ENTRIES - 1].detail,
      new RegExp(`and ${3000 - MAX_ERROR_ENTRIES + 1} more problems of the same request, not listed`),
    );
    assert.deepEqual(await snapshot(), before);
  });

  it("adding members through the relationship endpoint collapses repeats (adding is idempotent)", async () => {
    const res = await b.request("alice", "POST", `${GROUPS}/${small}/relationships/connections`, {
      data: [ids[2], ids[2].toUpperCase(), ids[0], ids[3], ids[3]].map((id) => ({ type: "action_connection", id })),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.data.attributes.connections, [ids[0], ids[1], ids[2], ids[3]]);
  });

  it(`a ${BIG}-member group: created, renamed and reordered, members kept in order, /health answered meanwhile`, async () => {
    let created: any;
    const write = create(ids, "big").then((r) => (created = r));
    // Sent after the write: on PGlite it is answered between the write's statements.
    const health = await b.request("alice", "GET", "/health");
    assert.equal(health.status, 200);
    const res = await write;
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 500));
    assert.deepEqual(res.body.data.attributes.connections, ids);
    assert.ok(created);
    const id = res.body.data.id;

    const renamed = await b.request("alice", "PATCH", `${GROUPS}/${id}`, groupBody({ name: "big, renamed" }));
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.data.attributes.name, "big, renamed");
    const reversed = [...ids].reverse().slice(0, BIG - 1);
    const reordered = await b.request("alice", "PATCH", `${GROUPS}/${id}`, groupBody({ connections: reversed }));
    assert.equal(reordered.status, 200);
    const read = await b.request("bob", "GET", `${GROUPS}/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.data.attributes.name, "big, renamed");
    assert.deepEqual(read.body.data.attributes.connections, reversed);
    // A retag of a member re-checks the big group: a clash is still found.
    const clash = await b.request("alice", "PATCH", `${CONNS}/${reversed[0]}`, {
      data: { type: "action_connection", attributes: { tags: [`account_id:${300000000000 + 1}`] } },
    });
    assert.equal(clash.status, 409);
    assert.equal((await b.request("alice", "DELETE", `${GROUPS}/${id}`)).status, 204);
  });

  it("200 concurrent list requests: /health is answered before most of them", async () => {
    let done = 0;
    const lists = Array.from({ length: 200 }, () =>
      b.request("alice", "GET", `${CONNS}?page[size]=50`).then((r) => (done++, r)),
    );
    await new Promise((r) => setTimeout(r, 20));
    const health = await b.request("alice", "GET", "/health");
    const doneAtHealth = done;
    assert.equal(health.status, 200);
    for (const r of await Promise.all(lists)) assert.equal(r.status, 200);
    // PGlite runs every query on the event loop: without turns, /health came after all 200.
    // (PostgreSQL runs them in its own processes; how long /health takes there is the bench's.)
    if (b.engine === "pglite") assert.ok(doneAtHealth < 100, `/health waited for ${doneAtHealth} of 200 list requests`);
  });
});
