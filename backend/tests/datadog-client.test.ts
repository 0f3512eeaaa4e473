/**
 * The official Datadog TypeScript client (`@datadog/datadog-api-client`, v2 ActionConnectionApi)
 * as a real peer of the backend. Its spec lists 400/403/404/429 for these operations and parses
 * error bodies as `JSONAPIErrorResponse` (`{"errors":[{"status","title","detail","source"}]}`);
 * anything else becomes "Unknown API Status Code". So a missing or wrong key must be a 403 in
 * that shape, as Datadog answers it.
 */
import assert from "node:assert/strict";
import { client, v2 } from "@datadog/datadog-api-client";
import { TestBackend, awsConnection, startTestBackend } from "../../tests/support/backend";

describe("backend: the official Datadog client as a peer", function () {
  this.timeout(60_000);
  let b: TestBackend;
  let id: string;
  before(async () => {
    b = await startTestBackend();
    id = (await b.request("alice", "POST", "/api/v2/actions/connections", awsConnection("peer", ["env:peer"]))).body
      .data.id;
  });
  after(async () => b?.close());

  const api = (apiKeyAuth: string, appKeyAuth: string) =>
    new v2.ActionConnectionApi(
      client.createConfiguration({
        authMethods: { apiKeyAuth, appKeyAuth },
        baseServer: new client.BaseServerConfiguration(b.url, {}),
        enableRetry: false,
      }),
    );

  async function failure(call: Promise<unknown>): Promise<client.ApiException<unknown>> {
    try {
      await call;
    } catch (err) {
      assert.ok(err instanceof client.ApiException, String(err));
      return err as client.ApiException<unknown>;
    }
    return assert.fail("the call succeeded");
  }

  it("valid keys: reads a connection", async () => {
    const res = await api(b.apiKey, b.appKey("alice")).getActionConnection({ connectionId: id });
    assert.equal(res.data?.id, id);
    assert.equal(res.data?.attributes?.name, "peer");
  });

  it("responses carry an ETag header, and the client still reads, updates and deletes (it ignores the header)", async () => {
    const own = (
      await b.request("alice", "POST", "/api/v2/actions/connections", awsConnection("peer-etag", ["env:peer"]))
    ).body.data.id;
    const raw = await b.request("alice", "GET", `/api/v2/actions/connections/${own}`);
    assert.match(raw.headers.etag, /^"[^"]+"$/);
    const dd = api(b.apiKey, b.appKey("alice"));
    const updated = await dd.updateActionConnection({
      connectionId: own,
      body: { data: { type: "action_connection", attributes: { name: "peer-etag-2" } } } as never,
    });
    assert.equal(updated.data?.attributes?.name, "peer-etag-2");
    await dd.deleteActionConnection({ connectionId: own });
    assert.equal((await b.request("alice", "GET", `/api/v2/actions/connections/${own}`)).status, 404);
  });

  for (const [title, keys] of [
    ["wrong application key", () => [b.apiKey, "f".repeat(40)]],
    ["wrong API key", () => ["0".repeat(32), b.appKey("alice")]],
  ] as const) {
    it(`${title}: a 403 ApiException with the detail parsed, not "Unknown API Status Code"`, async () => {
      const [apiKey, appKey] = keys();
      for (const call of [
        api(apiKey, appKey).getActionConnection({ connectionId: id }),
        api(apiKey, appKey).deleteActionConnection({ connectionId: id }),
        api(apiKey, appKey).createActionConnection({
          body: {
            data: {
              type: "action_connection",
              attributes: {
                name: "x",
                integration: {
                  type: "AWS",
                  credentials: { type: "AWSAssumeRole", accountId: "123456789012", role: "r" },
                },
              },
            },
          } as never,
        }),
      ]) {
        const err = await failure(call);
        assert.equal(err.code, 403);
        assert.doesNotMatch(err.message, /Unknown API Status Code/);
        const body = err.body as { errors: { status?: string; title?: string; detail?: string }[] };
        assert.equal(body.errors[0].title, "Forbidden");
        assert.match(body.errors[0].detail ?? "", /not a valid (API|application) key/);
        assert.ok(!err.message.includes(apiKey) && !err.message.includes(appKey), "the key is not echoed");
      }
    });
  }

  it("a malformed id: a 400 the client parses", async () => {
    const err = await failure(api(b.apiKey, b.appKey("alice")).getActionConnection({ connectionId: "not-a-uuid" }));
    assert.equal(err.code, 400);
    assert.match((err.body as { errors: { detail: string }[] }).errors[0].detail, /not a valid connection id/);
  });
});
