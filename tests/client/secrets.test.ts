/**
 * No error may carry the API key, the application key or a secret value: not in the message,
 * the stack, the properties, JSON, or a deep inspect.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import util from "node:util";
import { ApiError, ConnectionsClient } from "../../client";
import { ScriptedServer, connectionDoc } from "./scripted-server";
import { rejection } from "./helpers";

const ID = "11111111-2222-3333-4444-555555555555";

describe("client errors never leak keys or secrets", () => {
  const apiKey = crypto.randomBytes(16).toString("hex"); // 32 hex
  const appKey = crypto.randomBytes(20).toString("hex"); // 40 hex
  const token = `tok_${crypto.randomBytes(12).toString("hex")}`;
  const spec = {
    name: "api",
    integration: { type: "HTTP", baseUrl: "https://example.com", tokens: [{ name: "bearer", value: token }] },
    tags: [],
  };
  const change = { integration: { from: { type: "HTTP", baseUrl: "https://example.com" }, to: spec.integration } };
  let server: ScriptedServer;
  let client: ConnectionsClient;

  // The server echoes everything it received (headers and body) in its error details, the
  // worst case for redaction.
  const echo = (status: number) => (req: { headers: unknown; body: string }) => ({
    status,
    headers: { "x-request-id": "req-123" },
    body: { errors: [{ title: "echo", detail: `headers ${JSON.stringify(req.headers)} body ${req.body}` }] },
  });

  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  function assertClean(err: unknown) {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    const views = [
      String(err),
      err.message,
      err.stack ?? "",
      JSON.stringify(err),
      util.inspect(err, { depth: 10, showHidden: true }),
      JSON.stringify(Object.entries(err)),
    ];
    for (const view of views) {
      for (const secret of [apiKey, appKey, token])
        assert.ok(!view.includes(secret), `a secret leaked into: ${view.slice(0, 300)}`);
    }
    assert.equal((err as { cause?: unknown }).cause, undefined);
  }

  for (const status of [400, 401, 403, 404, 409, 500, 503]) {
    it(`${status} on create and update`, async () => {
      server = await ScriptedServer.start((req) => echo(status)(req), { maxRequests: 20 });
      client = new ConnectionsClient(
        { apiUrl: server.url, apiKey, appKey, maxRetries: 1, retry: { baseDelayMs: 1, maxDelayMs: 2 } },
        {},
      );
      const created = await rejection(client.connections.create(spec));
      assertClean(created);
      assert.equal((created as ApiError).status, status);
      assert.equal((created as ApiError).requestId, "req-123");
      assert.match(created.message, /\[REDACTED\]/, "the echoed key is redacted, the rest kept");
      assertClean(await rejection(client.connections.update(ID, change)));
    });
  }

  it("a long secret echoed near the length limit is redacted whole, not cut and half-shown", async () => {
    const privateKey = `-----BEGIN PRIVATE KEY-----${crypto.randomBytes(400).toString("base64")}`;
    const gcp = {
      name: "gcp",
      integration: { type: "GCP", serviceAccountEmail: "wf@example.com", privateKey },
      tags: [],
    };
    server = await ScriptedServer.start(
      (req) => ({ status: 400, body: { errors: [{ detail: `bad: ${req.body}` }] } }),
      { maxRequests: 5 },
    );
    client = new ConnectionsClient({ apiUrl: server.url, apiKey, appKey }, {});
    const err = await rejection(client.connections.create(gcp));
    assertClean(err);
    assert.ok(!err.message.includes(privateKey.slice(30, 70)), "no part of the key is shown");
    assert.match(err.message, /\[REDACTED\]/);
  });

  it("plain-text error bodies are redacted too", async () => {
    server = await ScriptedServer.start(
      (req) => ({ status: 400, body: `bad request: ${req.body} key=${String(req.headers["dd-api-key"])}` }),
      { maxRequests: 5 },
    );
    client = new ConnectionsClient({ apiUrl: server.url, apiKey, appKey }, {});
    assertClean(await rejection(client.connections.create(spec)));
  });

  it("network error (reset) and timeout", async () => {
    server = await ScriptedServer.start(["reset", "hang"]);
    client = new ConnectionsClient({ apiUrl: server.url, apiKey, appKey, timeoutMs: 100, maxRetries: 0 }, {});
    assertClean(await rejection(client.connections.create(spec)));
    assertClean(await rejection(client.connections.get(ID)));
  });

  it("connection refused", async () => {
    const probe = await ScriptedServer.start([]);
    const url = probe.url;
    await probe.close();
    server = await ScriptedServer.start([]);
    client = new ConnectionsClient({ apiUrl: url, apiKey, appKey, maxRetries: 0 }, {});
    assertClean(await rejection(client.connections.create(spec)));
  });

  it("the client object itself does not show the keys when inspected or serialized", async () => {
    server = await ScriptedServer.start([{ status: 200, body: connectionDoc(ID) }]);
    client = new ConnectionsClient({ apiUrl: server.url, apiKey, appKey }, {});
    await client.connections.get(ID);
    for (const view of [util.inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client)]) {
      assert.ok(!view.includes(apiKey) && !view.includes(appKey), view.slice(0, 300));
    }
    assert.equal(server.requests[0].headers["dd-api-key"], apiKey, "the keys are sent");
    assert.equal(server.requests[0].headers["dd-application-key"], appKey);
  });

  it("a missing key error names the option and env var, never another key", () => {
    assert.throws(
      () => new ConnectionsClient({ apiUrl: "http://127.0.0.1:1", apiKey }, {}),
      (err: Error) => {
        assert.match(err.message, /appKey.*DD_APP_KEY/);
        assert.ok(!err.message.includes(apiKey));
        return true;
      },
    );
  });
});
