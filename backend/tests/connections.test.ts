/** Connection CRUD over real HTTP: exact statuses, body shapes, secrets never returned. */
import assert from "node:assert/strict";
import {
  TestBackend,
  awsConnection,
  connectionBody,
  httpConnection,
  startTestBackend,
} from "../../tests/support/backend";

const BASE = "/api/v2/actions/connections";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("backend: connections", function () {
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  it("GET /health needs no auth", async () => {
    const res = await b.request({}, "GET", "/health");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "ok" });
  });

  it("HTTP connection: create, get, patch, delete", async () => {
    const created = await b.request("alice", "POST", BASE, httpConnection("http-one", ["env:prod", "team:core"]));
    assert.equal(created.status, 201);
    assert.match(String(created.headers["content-type"]), /^application\/vnd\.api\+json/);
    const { id, type, attributes } = created.body.data;
    assert.match(id, UUID);
    assert.equal(type, "action_connection");
    assert.equal(attributes.name, "http-one");
    assert.deepEqual(attributes.tags, ["env:prod", "team:core"]);
    assert.deepEqual(attributes.integration, {
      type: "HTTP",
      base_url: "https://api.example.com",
      credentials: {
        type: "HTTPTokenAuth",
        tokens: [{ name: "apiToken", type: "SECRET", value: "" }],
        headers: [{ name: "X-Team", value: "core" }],
      },
    });
    assert.deepEqual(attributes.created_by, { id: "alice" });
    assert.ok(Date.parse(attributes.created_at) && Date.parse(attributes.last_updated));

    const got = await b.request("alice", "GET", `${BASE}/${id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.data, created.body.data);

    // PATCH: only the changed attributes; lists merged by name, `deleted: true` removes.
    const patched = await b.request(
      "alice",
      "PATCH",
      `${BASE}/${id}`,
      connectionBody({
        name: "http-renamed",
        integration: {
          type: "HTTP",
          credentials: {
            type: "HTTPTokenAuth",
            tokens: [{ name: "second", type: "SECRET", value: "another-secret" }],
            headers: [{ name: "X-Team", deleted: true }],
            url_parameters: [{ name: "region", value: "eu" }],
          },
        },
      }),
    );
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const p = patched.body.data.attributes;
    assert.equal(p.name, "http-renamed");
    assert.deepEqual(p.tags, ["env:prod", "team:core"]);
    assert.equal(p.integration.base_url, "https://api.example.com");
    assert.deepEqual(p.integration.credentials.tokens, [
      { name: "apiToken", type: "SECRET", value: "" },
      { name: "second", type: "SECRET", value: "" },
    ]);
    assert.deepEqual(p.integration.credentials.headers, []);
    assert.deepEqual(p.integration.credentials.url_parameters, [{ name: "region", value: "eu" }]);
    assert.equal(p.created_at, attributes.created_at);

    const del = await b.request("alice", "DELETE", `${BASE}/${id}`);
    assert.equal(del.status, 204);
    assert.equal(del.body, "");
    assert.equal((await b.request("alice", "GET", `${BASE}/${id}`)).status, 404);
    assert.equal((await b.request("alice", "DELETE", `${BASE}/${id}`)).status, 404);
  });

  it("AWS connection: server-computed external_id and principal_id, rotation on request", async () => {
    const created = await b.request("alice", "POST", BASE, awsConnection("aws-one", ["account_id:123456789012"]));
    assert.equal(created.status, 201);
    const creds = created.body.data.attributes.integration.credentials;
    assert.equal(creds.type, "AWSAssumeRole");
    assert.equal(creds.account_id, "123456789012");
    assert.equal(creds.role, "workflows");
    assert.match(creds.external_id, /^[0-9a-f]{32}$/);
    assert.match(creds.principal_id, /^\d{12}$/);
    const id = created.body.data.id;

    const other = await b.request("alice", "POST", BASE, awsConnection("aws-two"));
    assert.notEqual(
      other.body.data.attributes.integration.credentials.external_id,
      creds.external_id,
      "external ids are per connection",
    );

    // A change that does not ask for rotation keeps the external id.
    const renamed = await b.request(
      "alice",
      "PATCH",
      `${BASE}/${id}`,
      connectionBody({ integration: { type: "AWS", credentials: { type: "AWSAssumeRole", role: "other-role" } } }),
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.data.attributes.integration.credentials.role, "other-role");
    assert.equal(renamed.body.data.attributes.integration.credentials.account_id, "123456789012");
    assert.equal(renamed.body.data.attributes.integration.credentials.external_id, creds.external_id);

    const rotated = await b.request(
      "alice",
      "PATCH",
      `${BASE}/${id}`,
      connectionBody({
        integration: { type: "AWS", credentials: { type: "AWSAssumeRole", generate_new_external_id: true } },
      }),
    );
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    const newId = rotated.body.data.attributes.integration.credentials.external_id;
    assert.match(newId, /^[0-9a-f]{32}$/);
    assert.notEqual(newId, creds.external_id);
    assert.equal(
      (await b.request("alice", "GET", `${BASE}/${id}`)).body.data.attributes.integration.credentials.external_id,
      newId,
    );

    const setComputed = await b.request(
      "alice",
      "PATCH",
      `${BASE}/${id}`,
      connectionBody({ integration: { type: "AWS", credentials: { type: "AWSAssumeRole", external_id: "mine" } } }),
    );
    assert.equal(setComputed.status, 400);
    assert.equal(setComputed.body.errors[0].source.pointer, "/data/attributes/integration/credentials/external_id");
    assert.match(setComputed.body.errors[0].detail, /computed by the server/);
  });

  it('secret fields of catalog integrations come back as "" and survive a PATCH that omits them', async () => {
    const created = await b.request(
      "alice",
      "POST",
      BASE,
      connectionBody({
        name: "servicenow",
        integration: {
          type: "ServiceNow",
          credentials: { type: "ServiceNowBasicAuth", instance: "acme", username: "bot", password: "hunter2-password" },
        },
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.data.attributes.integration.credentials, {
      type: "ServiceNowBasicAuth",
      instance: "acme",
      username: "bot",
      password: "",
    });
    const id = created.body.data.id;
    const patched = await b.request(
      "alice",
      "PATCH",
      `${BASE}/${id}`,
      connectionBody({
        integration: { type: "ServiceNow", credentials: { type: "ServiceNowBasicAuth", username: "bot2" } },
      }),
    );
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.data.attributes.integration.credentials, {
      type: "ServiceNowBasicAuth",
      instance: "acme",
      username: "bot2",
      password: "",
    });
    // Changing the integration type replaces it whole, so its required fields must all be there.
    const retyped = await b.request(
      "alice",
      "PATCH",
      `${BASE}/${id}`,
      connectionBody({ integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey" } } }),
    );
    assert.equal(retyped.status, 400);
    assert.equal(retyped.body.errors[0].source.pointer, "/data/attributes/integration/credentials/api_token");
    assert.match(retyped.body.errors[0].detail, /integration\.credentials\.api_token is required/);
  });

  it("validation errors: every broken rule, each with a wire pointer and the rules' wording", async () => {
    const res = await b.request(
      "alice",
      "POST",
      BASE,
      connectionBody({
        name: "",
        tags: ["env:staging:east", "aws:default", "env:prod", "env:prod"],
        integration: {
          type: "HTTP",
          base_url: "ftp://nope",
          credentials: { type: "HTTPTokenAuth", tokens: [{ name: "1bad", type: "SECRET", value: "x" }] },
        },
      }),
    );
    assert.equal(res.status, 400);
    const byPointer = Object.fromEntries(res.body.errors.map((e: any) => [e.source.pointer, e.detail]));
    assert.match(byPointer["/data/attributes/name"], /^name must not be empty/);
    assert.match(byPointer["/data/attributes/tags/0"], /exactly one ':' is allowed/);
    assert.match(byPointer["/data/attributes/tags/1"], /'default' is reserved and cannot be a tag value/);
    assert.match(byPointer["/data/attributes/tags/3"], /"env:prod" is listed twice/);
    assert.match(
      byPointer["/data/attributes/integration/base_url"],
      /^integration\.base_url "ftp:\/\/nope": must be an absolute http\(s\) URL/,
    );
    assert.match(byPointer["/data/attributes/integration/credentials/tokens/0/name"], /must start with a letter/);
    for (const e of res.body.errors) assert.deepEqual([e.status, e.title], ["400", "Bad Request"]);
  });

  it("ids: malformed is 400, unknown is 404", async () => {
    const bad = await b.request("alice", "GET", `${BASE}/not-a-uuid`);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors[0].source, { parameter: "id" });
    const unknown = await b.request(
      "alice",
      "PATCH",
      `${BASE}/00000000-0000-4000-8000-000000000000`,
      connectionBody({ name: "x" }),
    );
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.errors[0].detail, /connection 00000000-0000-4000-8000-000000000000 not found/);
  });

  it("a wrong data.type is 409 Conflict (JSON:API)", async () => {
    const res = await b.request("alice", "POST", BASE, { data: { type: "connection_group", attributes: {} } });
    assert.equal(res.status, 409);
    assert.equal(res.body.errors[0].source.pointer, "/data/type");
  });

  it("lists with filters and pages", async () => {
    const tag = `run:r${Date.now()}`;
    for (const [i, env] of ["prod", "staging", "prod"].entries()) {
      assert.equal(
        (await b.request("alice", "POST", BASE, awsConnection(`list-aws-${i}`, [tag, `env:${env}`]))).status,
        201,
      );
    }
    assert.equal((await b.request("alice", "POST", BASE, httpConnection("list-http", [tag, "env:prod"]))).status, 201);

    const all = await b.request("alice", "GET", `${BASE}?filter[tags]=${tag}`);
    assert.equal(all.status, 200);
    assert.equal(all.body.meta.total_filtered, 4);
    const aws = await b.request(
      "alice",
      "GET",
      `${BASE}?filter[tags]=${tag}&filter[integration]=AWS&filter[tags]=env:prod`,
    );
    assert.deepEqual(
      aws.body.data.map((c: any) => c.attributes.name),
      ["list-aws-0", "list-aws-2"],
    );
    const paged = await b.request("alice", "GET", `${BASE}?filter[tags]=${tag}&page[size]=3&page[number]=1`);
    assert.equal(paged.body.meta.total_filtered, 4);
    assert.equal(paged.body.data.length, 1);
    assert.equal((await b.request("alice", "GET", `${BASE}?page[size]=0`)).status, 400);
    assert.equal((await b.request("alice", "GET", `${BASE}?filter[name]=x`)).status, 400);
  });
});
