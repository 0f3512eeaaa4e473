/** Fault tests: retries, backoff, Retry-After, timeouts, resets, and creates never sent twice. */
import assert from "node:assert/strict";
import { NetworkError, RateLimitedError, ServerError, TimeoutError } from "../../client";
import { backoffDelay, isRetryable, retryAfterMs } from "../../client/retry";
import { ScriptedServer, connectionDoc, errorDoc } from "./scripted-server";
import { rejection, testClient } from "./helpers";

const ID = "11111111-2222-3333-4444-555555555555";
const SPEC = { name: "api", integration: { type: "HTTP", baseUrl: "https://example.com" }, tags: ["env:prod"] };

describe("client retries (scripted server)", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("429 then success: waits Retry-After (seconds) and succeeds on the second attempt", async () => {
    server = await ScriptedServer.start([
      { status: 429, headers: { "Retry-After": "1" }, body: errorDoc("slow down") },
      { status: 200, body: connectionDoc(ID) },
    ]);
    const client = testClient(server.url);
    const started = Date.now();
    const conn = await client.connections.get(ID);
    const elapsed = Date.now() - started;
    assert.equal(conn.id, ID);
    assert.equal(server.count("GET"), 2);
    assert.ok(elapsed >= 950, `waited ${elapsed} ms, expected about 1000`);
    assert.ok(elapsed < 3000, `waited ${elapsed} ms, expected about 1000`);
    client.close();
  });

  it("honours Retry-After as an HTTP date and X-RateLimit-Reset", async () => {
    const waits: number[] = [];
    const date = new Date(Date.now() + 3000).toUTCString();
    server = await ScriptedServer.start([
      { status: 429, headers: { "Retry-After": date } },
      { status: 429, headers: { "X-RateLimit-Reset": "2" } },
      { status: 200, body: connectionDoc(ID) },
    ]);
    const client = testClient(server.url, { retry: { sleep: async (ms) => void waits.push(ms) } });
    await client.connections.get(ID);
    assert.equal(waits.length, 2);
    assert.ok(waits[0] > 1000 && waits[0] <= 3000, `HTTP date wait ${waits[0]}`);
    assert.equal(waits[1], 2000);
    client.close();
  });

  it("does not wait for a Retry-After beyond the limit: RateLimitedError with retryAfterMs", async () => {
    server = await ScriptedServer.start([
      { status: 429, headers: { "Retry-After": "3600" }, body: errorDoc("quota exhausted") },
    ]);
    const client = testClient(server.url);
    const err = await rejection(client.connections.get(ID));
    assert.ok(err instanceof RateLimitedError);
    assert.equal(err.retryAfterMs, 3_600_000);
    assert.equal(err.attempts, 1);
    assert.match(
      err.message,
      /^GET \/api\/v2\/actions\/connections\/[\w-]+ failed: 429 Too Many Requests: quota exhausted \(the server asked to wait 3600 s/,
    );
    client.close();
  });

  it("503 every time: retries maxRetries times, then a ServerError saying how many attempts", async () => {
    server = await ScriptedServer.start(Array(5).fill({ status: 503, body: errorDoc("backend overloaded") }));
    const client = testClient(server.url, { maxRetries: 4 });
    const err = await rejection(client.connections.get(ID));
    assert.ok(err instanceof ServerError);
    assert.equal(err.status, 503);
    assert.equal(err.attempts, 5);
    assert.equal(server.count("GET"), 5);
    assert.equal(
      err.message,
      `GET /api/v2/actions/connections/${ID} failed: 503 Service Unavailable: backend overloaded (gave up after 5 attempts)`,
    );
    client.close();
  });

  it("503 then success on PATCH and DELETE (safe to repeat)", async () => {
    server = await ScriptedServer.start([
      { status: 502 },
      { status: 200, body: connectionDoc(ID) },
      { status: 500 },
      { status: 204 },
    ]);
    const client = testClient(server.url);
    await client.connections.update(ID, { name: "renamed" });
    await client.connections.delete(ID);
    assert.deepEqual(
      server.requests.map((r) => r.method),
      ["PATCH", "PATCH", "DELETE", "DELETE"],
    );
    client.close();
  });

  it("timeout (server never answers): TimeoutError after retries on GET", async () => {
    server = await ScriptedServer.start(["hang", "hang"]);
    const client = testClient(server.url, { timeoutMs: 150, maxRetries: 1 });
    const started = Date.now();
    const err = await rejection(client.connections.get(ID));
    assert.ok(err instanceof TimeoutError, String(err));
    assert.equal(err.attempts, 2);
    assert.equal(server.count("GET"), 2);
    assert.match(err.message, /no response from 127\.0\.0\.1:\d+ within 150 ms/);
    assert.ok(Date.now() - started < 2000);
    client.close();
  });

  it("timeout on POST (create): not retried, exactly one POST", async () => {
    server = await ScriptedServer.start(["hang", { status: 201, body: connectionDoc(ID) }]);
    const client = testClient(server.url, { timeoutMs: 150 });
    const err = await rejection(client.connections.create(SPEC));
    assert.ok(err instanceof TimeoutError);
    assert.equal(err.attempts, 1);
    assert.match(err.message, /not retried: the server may have received it/);
    assert.equal(server.count("POST"), 1);
    client.close();
  });

  it("reset connection on GET: retried until it succeeds", async () => {
    server = await ScriptedServer.start(["reset", "reset", { status: 200, body: connectionDoc(ID) }]);
    const client = testClient(server.url);
    const conn = await client.connections.get(ID);
    assert.equal(conn.id, ID);
    assert.equal(server.count("GET"), 3);
    client.close();
  });

  it("reset connection on POST: NOT retried (exactly one POST), NetworkError ECONNRESET", async () => {
    server = await ScriptedServer.start(["reset", { status: 201, body: connectionDoc(ID) }]);
    const client = testClient(server.url);
    const err = await rejection(client.connections.create(SPEC));
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.code, "ECONNRESET");
    assert.equal(err.attempts, 1);
    assert.equal(server.count("POST"), 1);
    client.close();
  });

  it("a create that gets 503 is not duplicated", async () => {
    server = await ScriptedServer.start([
      { status: 503, body: errorDoc("try later") },
      { status: 201, body: connectionDoc(ID) },
    ]);
    const client = testClient(server.url);
    const err = await rejection(client.connections.create(SPEC));
    assert.ok(err instanceof ServerError);
    assert.equal(err.attempts, 1);
    assert.equal(server.count("POST"), 1);
    client.close();
  });

  it("429 on POST is retried (rejected before processing)", async () => {
    server = await ScriptedServer.start([
      { status: 429, headers: { "Retry-After": "0" } },
      { status: 201, body: connectionDoc(ID, { name: "api" }) },
    ]);
    const client = testClient(server.url);
    const conn = await client.connections.create(SPEC);
    assert.equal(conn.name, "api");
    assert.equal(server.count("POST"), 2);
    client.close();
  });

  it("connection refused on POST is retried (nothing was sent)", async () => {
    const probe = await ScriptedServer.start([]);
    const port = probe.port;
    await probe.close();
    let late: ScriptedServer | undefined;
    const client = testClient(`http://127.0.0.1:${port}`, {
      retry: {
        sleep: async () => {
          late ??= await ScriptedServer.start([{ status: 201, body: connectionDoc(ID) }], { port });
        },
      },
    });
    try {
      const conn = await client.connections.create(SPEC);
      assert.equal(conn.id, ID);
      assert.equal(late!.count("POST"), 1);
    } finally {
      client.close();
      await late?.close();
    }
  });

  it("connection refused every time: NetworkError ECONNREFUSED after all attempts", async () => {
    const probe = await ScriptedServer.start([]);
    const port = probe.port;
    await probe.close();
    const client = testClient(`http://127.0.0.1:${port}`, { maxRetries: 2 });
    const err = await rejection(client.connections.get(ID));
    assert.ok(err instanceof NetworkError);
    assert.equal(err.code, "ECONNREFUSED");
    assert.equal(err.attempts, 3);
    assert.match(
      err.message,
      /connection refused \(ECONNREFUSED\) talking to 127\.0\.0\.1:\d+ \(gave up after 3 attempts\)/,
    );
    client.close();
  });

  it("400/404 are not retried", async () => {
    server = await ScriptedServer.start([
      { status: 400, body: errorDoc("bad") },
      { status: 404, body: errorDoc("nope") },
    ]);
    const client = testClient(server.url);
    await rejection(client.connections.get(ID));
    await rejection(client.connections.get(ID));
    assert.equal(server.count(), 2);
    client.close();
  });
});

describe("retry policy (unit)", () => {
  it("full jitter stays within [0, min(cap, base*2^n))", () => {
    assert.equal(
      backoffDelay(0, 200, 10_000, () => 0.999),
      199,
    );
    assert.equal(
      backoffDelay(3, 200, 10_000, () => 0.5),
      800,
    );
    assert.equal(
      backoffDelay(20, 200, 10_000, () => 0.5),
      5000,
    );
    assert.equal(
      backoffDelay(5, 200, 10_000, () => 0),
      0,
    );
  });

  it("which outcomes are retried for which methods", () => {
    const r = (status: number) => ({ kind: "response" as const, status, headers: {} });
    for (const m of ["GET", "DELETE", "PATCH", "PUT"] as const) {
      assert.ok(
        isRetryable(m, r(429)) &&
          isRetryable(m, r(503)) &&
          isRetryable(m, { kind: "timeout" }) &&
          isRetryable(m, { kind: "network", code: "ECONNRESET" }),
      );
      assert.ok(!isRetryable(m, r(400)) && !isRetryable(m, r(404)) && !isRetryable(m, r(501)));
    }
    assert.ok(isRetryable("POST", r(429)));
    assert.ok(isRetryable("POST", { kind: "network", code: "ECONNREFUSED" }));
    assert.ok(!isRetryable("POST", r(503)));
    assert.ok(!isRetryable("POST", { kind: "timeout" }));
    assert.ok(!isRetryable("POST", { kind: "network", code: "ECONNRESET" }));
    assert.ok(isRetryable("POST", r(503), true), "a POST marked idempotent");
  });

  it("parses Retry-After seconds, dates, and X-RateLimit-Reset", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(retryAfterMs({ "retry-after": "7" }, now), 7000);
    assert.equal(retryAfterMs({ "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" }, now), 5000);
    assert.equal(retryAfterMs({ "retry-after": "Wed, 31 Dec 2025 00:00:00 GMT" }, now), 0);
    assert.equal(retryAfterMs({ "x-ratelimit-reset": "12" }, now), 12000);
    assert.equal(retryAfterMs({ "retry-after": "soon" }, now), undefined);
    assert.equal(retryAfterMs({}, now), undefined);
  });
});
