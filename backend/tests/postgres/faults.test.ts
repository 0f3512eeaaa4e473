/**
 * PostgreSQL server mode under faults: `kill -9` of one replica during writes loses no
 * acknowledged write and the other keeps serving; a restart of the PostgreSQL server under load
 * answers requests in flight with a 503 JSON:API error (or success), never a hang or a wrong
 * answer, the backend reconnects by itself and nothing acknowledged is lost.
 * Needs CONNECTIONS_TEST_DATABASE_URL; the restart test also needs the server binaries (it
 * restarts a throwaway cluster of its own, scripts/pg-cluster.sh).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  ApiResponse,
  createTestDatabase,
  httpConnection,
  requester,
  testDatabaseServer,
} from "../../../tests/support/backend";
import { CONNS, Replica, childReplica, exited, inProcessReplica, sharedSecrets, within } from "./helpers";

const REPO = path.resolve(__dirname, "../../..");
const cluster = (...args: string[]) =>
  execFileSync("bash", [path.join(REPO, "scripts/pg-cluster.sh"), ...args], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A request later than this counts as a hang (the client's own default timeout is 30 s). */
const HANG_MS = 20_000;

describe("postgres: faults", function () {
  this.timeout(240_000);
  before(function () {
    if (!testDatabaseServer()) this.skip();
  });

  it("kill -9 of one replica during writes: no acknowledged write lost, the other replica keeps serving", async () => {
    const db = await createTestDatabase();
    const shared = sharedSecrets();
    const [a, b] = await Promise.all([childReplica(db, shared), childReplica(db, shared)]);
    try {
      const sides = [requester(a.url, shared.keys), requester(b.url, shared.keys)];
      const acknowledged: { id: string; name: string; by: number }[] = [];
      let killed = false,
        stop = false,
        afterKill = 0;
      const writer = async (w: number) => {
        const side = w % 2;
        for (let i = 0; !stop; i++) {
          const name = `k9-${w}-${i}`;
          let res: ApiResponse;
          try {
            res = await sides[side]("alice", "POST", CONNS, httpConnection(name, ["suite:kill9"]));
          } catch {
            if (side === 0 && killed) return; // replica A is gone: its writers stop
            throw new Error(`replica ${side} refused a request`);
          }
          assert.equal(res.status, 201, JSON.stringify(res.body));
          acknowledged.push({ id: res.body.data.id, name, by: side });
          if (killed && side === 1) afterKill++;
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      while (acknowledged.filter((x) => x.by === 0).length < 60) await sleep(10);
      killed = true;
      a.child.kill("SIGKILL");
      await exited(a.child);
      while (afterKill < 40) await sleep(10);
      stop = true;
      await Promise.all(writers);

      for (const { id, name } of acknowledged) {
        const res = await sides[1]("alice", "GET", `${CONNS}/${id}`);
        assert.equal(res.status, 200, `acknowledged write ${id} lost`);
        assert.equal(res.body.data.attributes.name, name);
      }
      const listed = await sides[1]("alice", "GET", `${CONNS}?filter[tags]=suite:kill9&page[size]=1`);
      assert.ok(listed.body.meta.total_filtered >= acknowledged.length);
    } finally {
      for (const r of [a, b]) r.child.kill("SIGKILL");
      await Promise.all([exited(a.child), exited(b.child)]);
      await db.drop();
    }
  });

  describe("on a throwaway cluster of its own (restarted and stopped by the tests)", function () {
    let dir: string | undefined;
    let server: string;
    before(function () {
      try {
        cluster("available");
      } catch {
        return this.skip();
      }
      dir = cluster("start");
      server = fs.readFileSync(path.join(dir, "url"), "utf8").trim();
      // Stopped even when mocha dies mid-test, so no server is left behind.
      process.once("exit", stopCluster);
    });
    const stopCluster = () => {
      if (dir) cluster("stop", dir);
      dir = undefined;
    };
    after(() => {
      process.off("exit", stopCluster);
      stopCluster();
    });

    it("PostgreSQL restarted under load: 503 JSON:API or success, no hang, reconnects, nothing acknowledged lost", async function () {
      let replica: Replica | undefined;
      try {
        const db = await createTestDatabase(server);
        const shared = sharedSecrets();
        replica = await inProcessReplica(db, shared);
        const request = replica.request;
        const startedAt = async () => (await db.query("SELECT pg_postmaster_start_time()::text AS t"))[0].t as string;
        const before = await startedAt();

        const acknowledged = new Map<string, string>();
        const statuses: Record<string, number> = {};
        const problems: string[] = [];
        let restarted = false,
          stop = false,
          afterRestart = 0;
        const check = (what: string, res: ApiResponse | "timeout", ok: number) => {
          if (res === "timeout") return problems.push(`${what}: no answer within ${HANG_MS} ms`);
          statuses[`${what} ${res.status}`] = (statuses[`${what} ${res.status}`] ?? 0) + 1;
          if (res.status === 503) checkUnavailable(res, problems, what);
          else if (res.status !== ok) problems.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
          return res.status === ok;
        };
        const writer = async (w: number) => {
          for (let i = 0; !stop; i++) {
            const name = `rs-${w}-${i}`;
            const res = await within(HANG_MS, request("alice", "POST", CONNS, httpConnection(name, ["suite:restart"])));
            if (check("POST", res, 201) && res !== "timeout") {
              acknowledged.set(res.body.data.id, name);
              if (restarted) afterRestart++;
            }
          }
        };
        const reader = async () => {
          while (!stop) {
            const ids = [...acknowledged.keys()];
            if (!ids.length) {
              await sleep(5);
              continue;
            }
            const id = ids[Math.floor(Math.random() * ids.length)];
            const res = await within(HANG_MS, request("alice", "GET", `${CONNS}/${id}`));
            // A read is the stored row or a 503, never another row or a 404.
            if (check("GET", res, 200) && res !== "timeout" && res.body.data.attributes.name !== acknowledged.get(id))
              problems.push(`GET ${id}: wrong row`);
          }
        };
        const load = [writer(0), writer(1), writer(2), reader(), reader()];
        while (acknowledged.size < 50) await sleep(10);
        cluster("restart", dir!);
        restarted = true;
        const deadline = Date.now() + 60_000;
        while (afterRestart < 50 && Date.now() < deadline && !problems.length) await sleep(20);
        stop = true;
        await Promise.all(load);

        assert.deepEqual(problems, []);
        assert.notEqual(await startedAt(), before, "the server did restart");
        assert.ok(
          afterRestart >= 50,
          `the backend did not reconnect: ${afterRestart} writes after the restart (${JSON.stringify(statuses)})`,
        );
        for (const [id, name] of acknowledged) {
          const res = await request("alice", "GET", `${CONNS}/${id}`);
          assert.equal(res.status, 200, `acknowledged write ${id} lost`);
          assert.equal(res.body.data.attributes.name, name);
        }
        console.log(`      (during the restart: ${JSON.stringify(statuses)})`);
      } finally {
        await replica?.close().catch(() => undefined);
      }
    });

    it("PostgreSQL down: every request is a quick 503, a new replica refuses to start clearly, service resumes when it is back", async () => {
      const db = await createTestDatabase(server);
      const shared = sharedSecrets();
      const replica = await inProcessReplica(db, shared);
      try {
        const id = (await replica.request("alice", "POST", CONNS, httpConnection("before-outage"))).body.data.id;
        cluster("pause", dir!);
        try {
          const problems: string[] = [];
          for (const [method, url, body] of [
            ["GET", `${CONNS}/${id}`],
            ["GET", CONNS],
            ["POST", CONNS, httpConnection("during")],
            ["DELETE", `${CONNS}/${id}`],
          ] as const) {
            const t0 = Date.now();
            const res = await within(HANG_MS, replica.request("alice", method, url, body));
            if (res === "timeout") problems.push(`${method} ${url}: no answer`);
            else if (res.status !== 503) problems.push(`${method} ${url}: ${res.status}`);
            else checkUnavailable(res, problems, `${method} ${url}`);
            assert.ok(Date.now() - t0 < 8_000, `${method} took ${Date.now() - t0} ms`);
          }
          assert.deepEqual(problems, []);
          const refused = await childReplica(db, shared).then(
            (r) => {
              r.child.kill("SIGKILL");
              throw new Error("a replica started without its database");
            },
            (err: Error & { output?: string }) => err.output ?? "",
          );
          assert.match(
            refused,
            /failed to start: cannot use the database at postgres:\/\/postgres@127\.0\.0\.1:\d+\/connections_test_\w+: ECONNREFUSED/,
          );
        } finally {
          cluster("resume", dir!);
        }
        let back: ApiResponse | undefined;
        for (const t0 = Date.now(); Date.now() - t0 < 30_000; await sleep(200)) {
          back = await replica.request("alice", "GET", `${CONNS}/${id}`);
          if (back.status !== 503) break;
        }
        assert.equal(back!.status, 200, "the backend reconnected by itself");
        assert.equal(back!.body.data.attributes.name, "before-outage");
        assert.equal((await replica.request("alice", "POST", CONNS, httpConnection("after"))).status, 201);
      } finally {
        await replica.close();
        await db.drop();
      }
    });
  });
});

/** A 503 is a JSON:API error naming the database, with Retry-After. */
function checkUnavailable(res: ApiResponse, problems: string[], what: string): void {
  const e = res.body?.errors?.[0];
  if (e?.status !== "503" || !/database is unavailable/.test(e.detail ?? ""))
    problems.push(`${what}: 503 without a JSON:API error: ${JSON.stringify(res.body)}`);
  if (res.headers["retry-after"] !== "1") problems.push(`${what}: 503 without Retry-After`);
}
