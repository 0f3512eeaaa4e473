/**
 * A client that pipelines (sends requests ahead of their answers, maybe never reading them)
 * cannot starve another client or flood the log. The backend runs as a child process (its log is
 * its stderr) with small limits; each row lets misbehaving raw connections loose on loopback
 * while a well-behaved client calls `GET /health` one at a time, and checks that: every one of
 * the well-behaved calls is answered 200, the misbehaving connections are closed by the server,
 * and the log holds at most the requests the per-address rate allows for the time the row took
 * (a bound computed from the elapsed time, not a timed assertion), plus the lines saying what
 * was suppressed or closed. Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import {
  ChildBackend,
  TestDatabase,
  createTestDatabase,
  spawnBackend,
  tempDir,
  testDatabaseServer,
  testKeysFile,
} from "../../tests/support/backend";

const LOG_PER_SECOND = 20;
const MAX_PIPELINED = 16;
const MAX_PER_CONNECTION = 50;

/**
 * A raw connection that writes `count` requests at once and reads nothing; `closed` resolves
 * once the server has closed it (seen when `drain` lets it read again, after the row).
 */
function flood(port: number, request: string, count: number): { closed: Promise<void>; drain(): void } {
  const socket = net.connect(port, "127.0.0.1");
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.once("connect", () => {
    socket.pause(); // reads nothing: the answers pile up
    socket.write(request.repeat(count));
  });
  return { closed, drain: () => void socket.resume() };
}

/** `n` sequential `GET /health` calls on fresh connections; their statuses. */
async function wellBehaved(port: number, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    statuses.push(
      await new Promise<number>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, path: "/health", agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
      }),
    );
  }
  return statuses;
}

/** Requests one connection gets answered when it sends one, reads the answer, and sends the next, until closed. */
function sequentialOnOneConnection(port: number, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answered = 0;
    let text = "";
    socket.setEncoding("latin1");
    socket.on("error", () => undefined);
    const send = () => socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    socket.on("data", (d) => {
      text += d;
      // Each answer of /health ends with its JSON body.
      while (text.includes('{"status":"ok"}')) {
        text = text.slice(text.indexOf('{"status":"ok"}') + 15);
        answered++;
        if (answered < limit + 10) send();
      }
    });
    socket.once("close", () => resolve(answered));
    socket.once("connect", send);
  });
}

describe("backend: pipelining clients cannot starve others or flood the log", function () {
  this.timeout(300_000);
  let backend: ChildBackend;
  let port: number;
  let auth: string;
  let database: TestDatabase | undefined;
  let dataDir: string;
  let logFrom = 0;

  before(async () => {
    dataDir = tempDir();
    const keysFile = path.join(dataDir, "keys.json");
    const keys = testKeysFile();
    fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
    auth = `DD-API-KEY: ${keys.apiKeys[0]}\r\nDD-APPLICATION-KEY: ${keys.users[0].applicationKeys[0]}\r\n`;
    database = testDatabaseServer() ? await createTestDatabase() : undefined;
    backend = await spawnBackend(
      dataDir,
      keysFile,
      {
        CONNECTIONS_BACKEND_LOG_REQUESTS_PER_SECOND: String(LOG_PER_SECOND),
        CONNECTIONS_BACKEND_MAX_PIPELINED_REQUESTS: String(MAX_PIPELINED),
        CONNECTIONS_BACKEND_MAX_REQUESTS_PER_CONNECTION: String(MAX_PER_CONNECTION),
        ...(database ? { CONNECTIONS_BACKEND_DATABASE_URL: database.url } : {}),
      },
      "info",
    );
    port = Number(new URL(backend.url).port);
  });
  after(async () => {
    if (backend && backend.child.exitCode === null) {
      const exited = new Promise((r) => backend.child.once("exit", r));
      backend.child.kill("SIGTERM");
      await exited;
    }
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The log lines written since the last call. */
  function newLogLines(): string[] {
    const out = backend.output();
    const lines = out.slice(logFrom).split("\n").filter(Boolean);
    logFrom = out.length;
    return lines;
  }

  const rows: { title: string; request: () => string; sockets: number; each: number }[] = [
    {
      title: "8 connections x 5,000 pipelined GET /health",
      request: () => "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
      sockets: 8,
      each: 5_000,
    },
    {
      title: "4 connections x 2,000 pipelined authenticated lists",
      request: () => `GET /api/v2/actions/connections HTTP/1.1\r\nHost: x\r\n${auth}\r\n`,
      sockets: 4,
      each: 2_000,
    },
    {
      title: "4 connections x 2,000 pipelined requests for no route",
      request: () => "GET /nothing/here HTTP/1.1\r\nHost: x\r\n\r\n",
      sockets: 4,
      each: 2_000,
    },
  ];
  for (const row of rows) {
    it(`${row.title}: every well-behaved call answered, the flooders closed, the log bounded`, async () => {
      newLogLines();
      const started = Date.now();
      const floods = Array.from({ length: row.sockets }, () => flood(port, row.request(), row.each));
      const statuses = await wellBehaved(port, 20);
      for (const f of floods) f.drain();
      await Promise.all(floods.map((f) => f.closed)); // each flooding connection was closed by the server
      await new Promise((r) => setTimeout(r, 1_500)); // the suppression count of the last second
      const seconds = (Date.now() - started) / 1000;
      assert.deepEqual(statuses, Array(20).fill(200));
      const lines = newLogLines();
      const requests = lines.filter((l) => l.includes('"msg":"incoming request"')).length;
      const bound = Math.ceil(seconds + 1) * LOG_PER_SECOND;
      assert.ok(requests <= bound, `${requests} requests logged in ${seconds} s, at most ${bound} allowed`);
      assert.ok(lines.length <= 3 * bound + 20, `${lines.length} log lines in ${seconds} s`);
    });
  }

  it(`a connection that waits for each answer gets ${MAX_PER_CONNECTION} answers, then the connection is closed`, async () => {
    assert.equal(await sequentialOnOneConnection(port, MAX_PER_CONNECTION), MAX_PER_CONNECTION);
  });

  it("a flood of well-formed requests from one address logs a line counting those not logged", async () => {
    newLogLines();
    await Promise.all(Array.from({ length: 4 }, () => sequentialOnOneConnection(port, MAX_PER_CONNECTION)));
    await new Promise((r) => setTimeout(r, 1_500));
    const lines = newLogLines();
    assert.ok(
      lines.some((l) => /suppressed the log lines of \d+ requests from 127\.0\.0\.1/.test(l)),
      lines.slice(-5).join("\n"),
    );
  });
});
