/**
 * Request, header and keep-alive timeouts and the connection cap, on a real backend with small
 * limits (PGlite, or PostgreSQL in the PostgreSQL pass). A slow body or slow headers get a 408
 * and the connection closed; beyond the cap a new connection is closed at once while clients
 * already connected are served; idle connections are closed, which frees the cap again. Nothing
 * here asserts a duration: each check is an order of events (refused while the others are still
 * open) or an event that must happen at all.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { RunningBackend, startBackend } from "../../backend";
import { connectionCeiling } from "../../backend/http/server-limits";
import {
  TestDatabase,
  createTestDatabase,
  tempDir,
  testDatabaseServer,
  testKeysFile,
} from "../../tests/support/backend";

interface Limits {
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  maxConnections?: number;
}

async function start(limits: Limits): Promise<{ backend: RunningBackend; auth: string; close(): Promise<void> }> {
  const dataDir = tempDir();
  const keysFile = path.join(dataDir, "keys.json");
  const keys = testKeysFile();
  fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
  const auth = `DD-API-KEY: ${keys.apiKeys[0]}\r\nDD-APPLICATION-KEY: ${keys.users[0].applicationKeys[0]}\r\n`;
  const database: TestDatabase | undefined = testDatabaseServer() ? await createTestDatabase() : undefined;
  const backend = await startBackend({ dataDir, keysFile, logLevel: "silent", databaseUrl: database?.url, ...limits });
  return { backend, auth, close: () => backend.close().then(() => database?.drop()) };
}

/** A raw connection: what it received, and a promise of its end (closed by the server). */
function connect(
  url: string,
): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void>; isClosed: () => boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1");
    let text = "";
    let ended = false;
    socket.setEncoding("latin1");
    socket.on("data", (d) => (text += d));
    const closed = new Promise<void>((r) => socket.once("close", () => ((ended = true), r())));
    socket.on("error", () => undefined);
    socket.once("connect", () => resolve({ socket, received: () => text, closed, isClosed: () => ended }));
    socket.once("error", reject);
  });
}

function get(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/health`, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

describe("backend: server timeouts and the connection cap", function () {
  this.timeout(120_000);

  describe("timeouts", () => {
    let b: Awaited<ReturnType<typeof start>>;
    before(async () => (b = await start({ requestTimeoutMs: 800, headersTimeoutMs: 400, keepAliveTimeoutMs: 300 })));
    after(async () => b?.close());

    const slow: { title: string; send: (auth: string) => string }[] = [
      {
        title: "an authenticated body that stops half-way",
        send: (auth) =>
          `POST /api/v2/actions/connections HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"data":`,
      },
      { title: "headers that never end", send: () => "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n" },
      { title: "a request line that never ends", send: () => "GET /heal" },
    ];
    for (const row of slow) {
      it(`${row.title}: 408 in the API's error shape, then the connection is closed`, async () => {
        const c = await connect(b.backend.url);
        c.socket.write(row.send(b.auth));
        await c.closed;
        assert.match(c.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/);
        const body = JSON.parse(c.received().split("\r\n\r\n")[1]);
        assert.deepEqual(
          body.errors.map((e: any) => [e.status, e.detail]),
          [["408", "the request was not received in time"]],
        );
      });
    }

    it("a connection that sends nothing is closed", async () => {
      const c = await connect(b.backend.url);
      await c.closed;
      assert.ok(!/HTTP\/1\.1 2/.test(c.received()));
    });

    it("an idle kept-alive connection is closed after its request", async () => {
      const c = await connect(b.backend.url);
      c.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      await c.closed;
      assert.match(c.received(), /^HTTP\/1\.1 200 OK\r\n/);
    });
  });

  describe("the connection cap", () => {
    const CAP = 12;
    let b: Awaited<ReturnType<typeof start>>;
    before(
      async () =>
        (b = await start({
          requestTimeoutMs: 4000,
          headersTimeoutMs: 3000,
          keepAliveTimeoutMs: 20_000,
          maxConnections: CAP,
        })),
    );
    after(async () => b?.close());

    it("beyond the cap a new connection is closed at once; a client already connected is served; idle ones are closed, freeing the cap", async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        assert.equal(await get(b.backend.url, agent), 200);
        const idle = await Promise.all(Array.from({ length: CAP - 1 }, () => connect(b.backend.url)));
        const extra = await connect(b.backend.url).catch(() => undefined);
        if (extra) await extra.closed;
        assert.equal(extra?.received() ?? "", "", "the connection beyond the cap got no answer");
        assert.ok(
          idle.every((c) => !c.isClosed()),
          "refused while the idle connections are still open",
        );
        assert.equal(await get(b.backend.url, agent), 200, "the client already connected is still served");
        await Promise.all(idle.map((c) => c.closed));
        const again = new http.Agent({ keepAlive: false });
        assert.equal(await get(b.backend.url, again), 200, "a new client is served once idle connections were closed");
        again.destroy();
      } finally {
        agent.destroy();
      }
    });
  });

  it("limits are checked at start: one sentence naming the limit", async () => {
    const ceiling = connectionCeiling();
    const rows: [Limits, RegExp][] = [
      [{ requestTimeoutMs: 0 }, /the request timeout must be a whole number of milliseconds from 1 to 3600000, got 0/],
      [
        { requestTimeoutMs: 1000, headersTimeoutMs: 2000 },
        /the headers timeout \(2000 ms\) must not be longer than the request timeout \(1000 ms\)/,
      ],
      [{ maxConnections: 0 }, /the connection cap must be a whole number of at least 1, got 0/],
    ];
    if (ceiling !== undefined)
      rows.push([
        { maxConnections: ceiling + 1 },
        new RegExp(
          `the connection cap ${ceiling + 1} is too close to this process's open-file limit .*: at most ${ceiling}`,
        ),
      ]);
    for (const [limits, message] of rows) {
      await assert.rejects(startBackend({ dataDir: tempDir(), logLevel: "silent", ...limits }), message);
    }
  });
});
