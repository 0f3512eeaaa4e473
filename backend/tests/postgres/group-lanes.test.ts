/**
 * Group lanes on PostgreSQL: writes of one group queue on that group's advisory lock; writes of
 * another group do not wait for it. The test holds one group's lane lock from a connection of
 * its own (as a long write of that group would) and checks, by the order of events, that a
 * write of another group completes while the first group's write still waits, on either replica.
 */
import assert from "node:assert/strict";
import { Client } from "pg";
import { TestDatabase, createTestDatabase } from "../../../tests/support/backend";
import { GROUPS, Replica, Shared, createAws, inProcessReplica, sharedSecrets, within } from "./helpers";

describe("postgres: group lanes", function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let shared: Shared;
  let replicas: Replica[];

  before(async () => {
    db = await createTestDatabase();
    shared = sharedSecrets();
    replicas = [await inProcessReplica(db, shared), await inProcessReplica(db, shared)];
  });
  after(async () => {
    for (const r of replicas ?? []) await r.close();
    await db?.drop();
  });

  async function group(r: Replica, name: string): Promise<string> {
    const member = await createAws(r.request, `${name}-member`, [
      `account_id:${Math.floor(100000000000 + Math.random() * 899999999999)}`,
    ]);
    const res = await r.request("alice", "POST", GROUPS, {
      data: {
        type: "connection_group",
        attributes: { name, integration_type: "AWS", tag_keys: ["account_id"], connections: [member] },
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.id;
  }
  const rename = (r: Replica, id: string, name: string) =>
    r.request("alice", "PATCH", `${GROUPS}/${id}`, { data: { type: "connection_group", attributes: { name } } });

  const rows = [
    { title: "both writes on one replica", busy: 0, other: 0 },
    { title: "the writes on different replicas", busy: 0, other: 1 },
  ];
  for (const row of rows) {
    it(`${row.title}: another group's write completes while a busy group's write waits for its lane`, async () => {
      const busy = await group(replicas[0], `busy-${row.other}`);
      const other = await group(replicas[0], `other-${row.other}`);
      const holder = new Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`group:${busy}`]);
        let busyDone = false;
        const waiting = rename(replicas[row.busy], busy, "busy renamed").then((r) => ((busyDone = true), r));
        const res = await within(20_000, rename(replicas[row.other], other, "other renamed"));
        assert.notEqual(res, "timeout", "the other group's write waited");
        assert.equal((res as { status: number }).status, 200);
        assert.equal(busyDone, false, "the busy group's write waits for its lane");
        await holder.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`group:${busy}`]);
        const done = await waiting;
        assert.equal(done.status, 200);
        assert.equal(done.body.data.attributes.name, "busy renamed");
      } finally {
        await holder.end();
      }
    });
  }
});
