/**
 * Key validation and principal lookups in Datadog's shapes: `GET /api/v1/validate` (the API key
 * alone), `GET /api/v2/users/{id}`, `/api/v2/roles/{id}`, `/api/v2/team/{id}` from the keys file.
 */
import assert from "node:assert/strict";
import { TestBackend, startTestBackend } from "../../tests/support/backend";

describe("backend: key validation and principal lookups", function () {
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  it("GET /api/v1/validate: {valid: true} for a known API key (no application key needed), 403 otherwise", async () => {
    const ok = await b.request({ apiKey: b.apiKey }, "GET", "/api/v1/validate");
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { valid: true });
    const wrong = await b.request({ apiKey: "0".repeat(32), appKey: b.appKey("alice") }, "GET", "/api/v1/validate");
    assert.equal(wrong.status, 403);
    assert.match(wrong.body.errors[0].detail, /DD-API-KEY is not a valid API key/);
    assert.ok(!JSON.stringify(wrong.body).includes("0".repeat(32)), "the key is not echoed");
    assert.equal((await b.request({}, "GET", "/api/v1/validate")).status, 403);
    assert.equal(
      (await b.request({ apiKey: b.apiKey }, "GET", `/api/v1/validate?api_key=${b.apiKey}`)).status,
      403,
      "keys in the query string are refused",
    );
  });

  it("GET /api/v2/users/{id}: the user in Datadog's shape; 404 for an unknown one", async () => {
    const res = await b.request("carol", "GET", "/api/v2/users/bob");
    assert.equal(res.status, 200);
    assert.equal(res.body.data.type, "users");
    assert.equal(res.body.data.id, "bob");
    assert.deepEqual(res.body.data.relationships.roles, { data: [{ type: "roles", id: "dev" }] });
    assert.equal((await b.request("alice", "GET", "/api/v2/users/alise")).status, 404);
    // The memberships route beside it still answers.
    assert.equal((await b.request("alice", "GET", "/api/v2/users/bob/memberships")).status, 200);
  });

  it("GET /api/v2/roles/{id} and /api/v2/team/{id}: a role or team some user holds; 404 otherwise", async () => {
    const role = await b.request("bob", "GET", "/api/v2/roles/admin");
    assert.equal(role.status, 200);
    assert.deepEqual([role.body.data.type, role.body.data.id], ["roles", "admin"]);
    const team = await b.request("bob", "GET", "/api/v2/team/payments");
    assert.equal(team.status, 200);
    assert.deepEqual(
      [team.body.data.type, team.body.data.id, team.body.data.attributes.handle],
      ["team", "payments", "payments"],
    );
    assert.equal((await b.request("alice", "GET", "/api/v2/roles/admn")).status, 404);
    const missing = await b.request("alice", "GET", "/api/v2/team/paymnets");
    assert.equal(missing.status, 404);
    assert.match(missing.body.errors[0].detail, /team "paymnets" not found/);
    assert.equal(
      (await b.request({ apiKey: b.apiKey }, "GET", "/api/v2/team/payments")).status,
      403,
      "both keys are needed, as on every /api/v2 route",
    );
  });
});
