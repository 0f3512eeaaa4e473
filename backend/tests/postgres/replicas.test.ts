/**
 * PostgreSQL server mode, two replicas on one database: migrations run exactly once when both
 * start at once, and the group race tests (clashing tag changes, clashing adds, delete versus
 * add, tag change versus add) sent alternately to the two replicas leave every group valid.
 * Needs CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh sets it); skipped without.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { startBackend } from "../../../backend";
import { MIGRATIONS } from "../../../backend/storage/migrations";
import { TestDatabase, createTestDatabase, groupBody, testDatabaseServer } from "../../../tests/support/backend";
import {
  CONNS,
  GROUPS,
  Replica,
  Shared,
  assertEveryGroupValid,
  childReplica,
  createAws,
  exited,
  inProcessReplica,
  sharedSecrets,
} from "./helpers";

describe("postgres: replicas on one database", function () {
  this.timeout(180_000);
  before(function () {
    if (!testDatabaseServer()) this.skip();
  });

  it("two replicas starting at once on an empty database migrate it exactly once", async () => {
    const db = await createTestDatabase();
    const shared = sharedSecrets();
    try {
      const [a, b] = await Promise.all([childReplica(db, shared), childReplica(db, shared)]);
      try {
        const applied = [a, b].flatMap((r) => r.output().match(/applied migration \d+ \S+/g) ?? []);
        assert.deepEqual(
          applied.sort(),
          MIGRATIONS.map((m) => `applied migration ${m.version} ${m.name}`).sort(),
          "each migration applied by exactly one replica",
        );
        const rows = await db.query("SELECT version FROM schema_migrations ORDER BY version");
        assert.deepEqual(
          rows.map((r) => r.version),
          MIGRATIONS.map((m) => m.version),
        );
        // Both serve the same data.
        const { requester } = await import("../../../tests/support/backend");
        const id = await createAws(requester(a.url, shared.keys), "made-on-a", ["env:a"]);
        assert.equal((await requester(b.url, shared.keys)("alice", "GET", `${CONNS}/${id}`)).status, 200);
        // A replica given another encryption key than the database was written with is refused.
        const otherKey = crypto.randomBytes(32).toString("hex");
        await assert.rejects(
          startBackend({ databaseUrl: db.url, keysFile: shared.keysFile, encryptionKey: otherKey, logLevel: "silent" }),
          /the encryption key does not match the one this database was created with .*every replica needs the same key/,
        );
      } finally {
        for (const r of [a, b]) r.child.kill("SIGTERM");
        await Promise.all([exited(a.child), exited(b.child)]);
      }
    } finally {
      await db.drop();
    }
  });

  describe("group races across two replicas", function () {
    let db: TestDatabase;
    let shared: Shared;
    let replicas: Replica[];
    /** The i-th request goes to replica i % 2. */
    const on = (i: number) => replicas[i % 2].request;

    before(async function () {
      if (!testDatabaseServer()) return this.skip();
      db = await createTestDatabase();
      shared = sharedSecrets();
      replicas = [await inProcessReplica(db, shared), await inProcessReplica(db, shared)];
    });
    after(async () => {
      for (const r of replicas ?? []) await r.close();
      await db?.drop();
    });
    afterEach(async function () {
      if (this.currentTest?.state === "passed") await assertEveryGroupValid(on(0));
    });

    const group = (i: number, name: string, members: string[]) =>
      on(i)(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name, integration_type: "AWS", tag_keys: ["env"], connections: members }),
      );
    const addMember = (i: number, groupId: string, id: string) =>
      on(i)("alice", "POST", `${GROUPS}/${groupId}/relationships/connections`, {
        data: [{ type: "action_connection", id }],
      });
    const retag = (i: number, id: string, tags: string[]) =>
      on(i)("alice", "PATCH", `${CONNS}/${id}`, { data: { type: "action_connection", attributes: { tags } } });

    it("10 clashing member additions, alternately on both replicas: exactly one wins", async () => {
      const base = await createAws(on(0), "base", ["env:base"]);
      const g = await group(1, "add-race", [base]);
      assert.equal(g.status, 201, JSON.stringify(g.body));
      const rivals: string[] = [];
      for (let i = 0; i < 10; i++) rivals.push(await createAws(on(i), `rival-${i}`, ["env:contested"]));
      const results = await Promise.all(rivals.map((id, i) => addMember(i, g.body.data.id, id)));
      assert.deepEqual(
        results.map((r) => r.status).sort(),
        [200, ...Array(9).fill(409)],
        JSON.stringify(results.map((r) => r.body)),
      );
      const final = await on(1)("alice", "GET", `${GROUPS}/${g.body.data.id}`);
      assert.equal(final.body.data.attributes.connections.length, 2);
    });

    it("10 members re-tagged onto one value, alternately on both replicas: exactly one wins", async () => {
      const members: string[] = [];
      for (let i = 0; i < 10; i++) members.push(await createAws(on(i), `t-${i}`, [`env:t${i}`]));
      assert.equal((await group(0, "retag-race", members)).status, 201);
      const results = await Promise.all(members.map((id, i) => retag(i, id, ["env:same"])));
      assert.deepEqual(
        results.map((r) => r.status).sort(),
        [200, ...Array(9).fill(409)],
        JSON.stringify(results.map((r) => r.body)),
      );
      const same = await on(1)("alice", "GET", `${CONNS}?filter[tags]=env:same`);
      assert.equal(same.body.meta.total_filtered, 1);
    });

    it("delete versus add of the same connection on the two replicas: exactly one of them wins, 10 times", async () => {
      const base = await createAws(on(0), "dva-base", ["env:dva-base"]);
      const g = await group(0, "delete-vs-add", [base]);
      assert.equal(g.status, 201);
      const targets: string[] = [];
      for (let i = 0; i < 10; i++) targets.push(await createAws(on(i), `dva-${i}`, [`env:dva-${i}`]));
      const pairs = await Promise.all(
        targets.map((id, i) =>
          Promise.all([on(i)("alice", "DELETE", `${CONNS}/${id}`), addMember(i + 1, g.body.data.id, id)]),
        ),
      );
      for (const [del, add] of pairs) {
        const outcome = `${del.status}/${add.status}`;
        // Delete first: the add finds no such connection. Add first: the delete finds a member.
        assert.ok(
          outcome === "204/404" || outcome === "409/200",
          `delete/add answered ${outcome}: ${JSON.stringify([del.body, add.body])}`,
        );
      }
      const final = await on(1)("alice", "GET", `${GROUPS}/${g.body.data.id}`);
      const added = pairs.filter(([, add]) => add.status === 200).length;
      assert.equal(final.body.data.attributes.connections.length, 1 + added);
    });

    it("tag change versus add (write skew): a connection is never both added and re-tagged into a clash, 10 times", async () => {
      const held = await createAws(on(0), "skew-held", ["env:taken"]);
      const g = await group(1, "skew", [held]);
      assert.equal(g.status, 201);
      for (let i = 0; i < 10; i++) {
        const c = await createAws(on(i), `skew-${i}`, [`env:free-${i}`]);
        // Alone, each is fine; together they would put two env:taken members in the group.
        const [add, change] = await Promise.all([addMember(i, g.body.data.id, c), retag(i + 1, c, ["env:taken"])]);
        const outcome = `${add.status}/${change.status}`;
        assert.ok(
          outcome === "200/409" || outcome === "409/200",
          `add/retag answered ${outcome}: ${JSON.stringify([add.body, change.body])}`,
        );
        if (add.status === 200) {
          // Take it out again so the next round starts from one member.
          const removed = await on(i)("alice", "DELETE", `${GROUPS}/${g.body.data.id}/relationships/connections`, {
            data: [{ type: "action_connection", id: c }],
          });
          assert.equal(removed.status, 200);
        }
      }
    });
  });
});
