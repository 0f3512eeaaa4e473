/** Each operation's wire format, checked against a scripted server; parsing is tolerant. */
import assert from "node:assert/strict";
import {
  ApiError,
  BadRequestError,
  ConflictError,
  ConnectionsClient,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UnsupportedError,
} from "../../client";
import { queryString } from "../../client/http";
import { ScriptedServer, connectionDoc, errorDoc } from "./scripted-server";
import { KEYS, rejection, testClient } from "./helpers";

const ID = "11111111-2222-3333-4444-555555555555";
const GID = "99999999-2222-3333-4444-555555555555";
const groupDoc = (attributes: Record<string, unknown> = {}) => ({
  data: {
    id: GID,
    type: "action_connection_group",
    attributes: {
      name: "g",
      integration_type: "AWS",
      identifier_tags: ["env"],
      connection_ids: [ID],
      created_at: "x",
      ...attributes,
    },
  },
});

describe("client operations (wire format)", () => {
  let server: ScriptedServer | undefined;
  let client: ConnectionsClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
    server = client = undefined;
  });

  it("create: POST JSON:API body with integrationToWire, headers, and tolerant parsing", async () => {
    server = await ScriptedServer.start([
      {
        status: 201,
        body: connectionDoc(ID, {
          name: "aws-prod",
          tags: ["env:prod"],
          created_at: "2026-01-01",
          acting_user_can_resolve: true,
          integration: {
            type: "AWS",
            credentials: {
              type: "AWSAssumeRole",
              account_id: "123456789012",
              role: "r",
              external_id: "ext",
              principal_id: "arn:p",
              shiny_new: 1,
            },
          },
        }),
      },
    ]);
    client = testClient(server.url);
    const conn = await client.connections.create({
      name: "aws-prod",
      tags: ["env:prod"],
      integration: { type: "AWS", accountId: "123456789012", role: "r" },
    });
    const req = server.requests[0];
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/api/v2/actions/connections");
    assert.deepEqual(req.json, {
      data: {
        type: "action_connection",
        attributes: {
          name: "aws-prod",
          integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
          tags: ["env:prod"],
        },
      },
    });
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.headers.accept, "application/json, application/vnd.api+json");
    assert.equal(req.headers["dd-api-key"], KEYS.apiKey);
    assert.equal(req.headers["dd-application-key"], KEYS.appKey);
    assert.match(String(req.headers["user-agent"]), /pulumi-workflow-connections/);
    assert.deepEqual(conn, {
      id: ID,
      name: "aws-prod",
      tags: ["env:prod"],
      integration: { type: "AWS", accountId: "123456789012", role: "r" },
      externalId: "ext",
      principalId: "arn:p",
      actingUserCanResolve: true,
    });
  });

  it("keep-alive for repeatable requests, a fresh connection for creates", async () => {
    server = await ScriptedServer.start([
      { status: 200, body: connectionDoc(ID) },
      { status: 201, body: connectionDoc(ID) },
    ]);
    client = testClient(server.url);
    await client.connections.get(ID);
    await client.connections.create({ name: "n", integration: { type: "HTTP", baseUrl: "https://a.example" } });
    assert.equal(server.requests[0].headers.connection, "keep-alive");
    assert.equal(server.requests[1].headers.connection, "close");
  });

  it('get reads secrets as returned ("" or absent)', async () => {
    server = await ScriptedServer.start([
      {
        status: 200,
        body: connectionDoc(ID, {
          integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: "" } },
        }),
      },
    ]);
    client = testClient(server.url);
    const conn = await client.connections.get(ID);
    assert.deepEqual(conn.integration, { type: "OpenAI", apiToken: "" });
    assert.equal(server.requests[0].url, `/api/v2/actions/connections/${ID}`);
  });

  it("ids are URL-encoded; empty ids refused before sending", async () => {
    server = await ScriptedServer.start([{ status: 400, body: errorDoc("invalid id") }]);
    client = testClient(server.url);
    const err = await rejection(client.connections.get("a/b?c"));
    assert.ok(err instanceof BadRequestError);
    assert.equal(server.requests[0].url, "/api/v2/actions/connections/a%2Fb%3Fc");
    await assert.rejects(client.connections.get(""), TypeError);
    assert.equal(server.count(), 1);
  });

  it("update sends only the attributes given; integration as integrationPatch", async () => {
    server = await ScriptedServer.start(Array(3).fill({ status: 200, body: connectionDoc(ID) }));
    client = testClient(server.url);
    await client.connections.update(ID, { name: "n2" });
    const from = { type: "HTTP", baseUrl: "https://a.example", tokens: [{ name: "old", value: "s1" }] };
    const to = { type: "HTTP", baseUrl: "https://a.example", tokens: [{ name: "fresh", value: "s2" }] };
    await client.connections.update(ID, { tags: [], integration: { from, to } });
    await client.connections.update(ID, { name: "n3", integration: { from, to: from } });
    const bodies = server.requests.map((r) => (r.json as { data: { attributes: unknown } }).data);
    assert.deepEqual(bodies[0], { type: "action_connection", attributes: { name: "n2" } });
    assert.deepEqual(bodies[1].attributes, {
      tags: [],
      integration: {
        type: "HTTP",
        base_url: "https://a.example",
        credentials: {
          type: "HTTPTokenAuth",
          tokens: [
            { name: "fresh", type: "SECRET", value: "s2" },
            { name: "old", type: "SECRET", value: "", deleted: true },
          ],
        },
      },
    });
    assert.deepEqual(bodies[2].attributes, { name: "n3" }, "an unchanged integration is omitted");
    assert.ok(server.requests.every((r) => r.method === "PATCH"));
  });

  it("update with nothing to change sends no PATCH, just a GET", async () => {
    server = await ScriptedServer.start([{ status: 200, body: connectionDoc(ID) }]);
    client = testClient(server.url);
    const same = { type: "HTTP", baseUrl: "https://a.example" };
    await client.connections.update(ID, { integration: { from: same, to: { ...same } } });
    assert.deepEqual(
      server.requests.map((r) => r.method),
      ["GET"],
    );
  });

  it("delete: 204; a 404 is thrown, not swallowed", async () => {
    server = await ScriptedServer.start([{ status: 204 }, { status: 404, body: errorDoc("connection not found") }]);
    client = testClient(server.url);
    await client.connections.delete(ID);
    const err = await rejection(client.connections.delete(ID));
    assert.ok(err instanceof NotFoundError);
    assert.equal(err.message, `DELETE /api/v2/actions/connections/${ID} failed: 404 Not Found: connection not found`);
  });

  it("list: filters and pages as bracketed query keys; listAll walks the pages", async () => {
    const page = (ids: string[], total: number) => ({
      status: 200,
      body: {
        data: ids.map((id) => (connectionDoc(id) as { data: unknown }).data),
        meta: { page: { total_count: total } },
      },
    });
    server = await ScriptedServer.start([page(["a"], 1), page(["a", "b"], 3), page(["c"], 3)]);
    client = testClient(server.url);
    const first = await client.connections.list({ integration: "AWS", tag: "env:prod", pageSize: 50, pageNumber: 0 });
    assert.equal(
      server.requests[0].url,
      "/api/v2/actions/connections?filter[integration]=AWS&filter[tag]=env%3Aprod&page[size]=50&page[number]=0",
    );
    assert.deepEqual(
      first.connections.map((c) => c.id),
      ["a"],
    );
    assert.equal(first.totalCount, 1);
    const all: string[] = [];
    for await (const c of client.connections.listAll({ pageSize: 2 })) all.push(c.id);
    assert.deepEqual(all, ["a", "b", "c"]);
    assert.equal(server.requests[2].url, "/api/v2/actions/connections?page[size]=2&page[number]=1");
    assert.equal(
      queryString({ "filter[tag]": ["env:prod", "team:a"] }),
      "?filter[tag]=env%3Aprod&filter[tag]=team%3Aa",
    );
  });

  it("against a Datadog site: list and every groups call throw UnsupportedError without a request", async () => {
    const dd = new ConnectionsClient({ ...KEYS, site: "datadoghq.com" }, {});
    const list = await rejection(dd.connections.list());
    assert.ok(list instanceof UnsupportedError);
    assert.match(list.message, /Datadog's API has no list endpoint for connections/);
    const calls = [
      dd.groups.create({ name: "g", integration: "AWS", identifierTags: ["env"], members: [] }),
      dd.groups.get(GID),
      dd.groups.update(GID, { name: "x" }),
      dd.groups.delete(GID),
      dd.groups.list(),
      dd.groups.resolve(GID, { env: "prod" }),
    ];
    for (const call of calls) {
      const err = await rejection(call);
      assert.ok(err instanceof UnsupportedError, String(err));
      assert.match(
        err.message,
        /The target https:\/\/api\.datadoghq\.com has no connection groups API \(Datadog offers none\); ConnectionGroup needs the local backend or another target with \/api\/v2\/actions\/connection_groups/,
      );
    }
    dd.close();
  });

  it("groups: wire names, partial update, list, resolve with bracketed identifiers", async () => {
    server = await ScriptedServer.start([
      { status: 201, body: groupDoc() },
      { status: 200, body: groupDoc({ name: "g2" }) },
      { status: 200, body: groupDoc() },
      { status: 200, body: { data: [groupDoc().data], meta: { page: { total_count: 1 } } } },
      { status: 200, body: connectionDoc(ID, { tags: ["env:prod"] }) },
      { status: 204 },
    ]);
    client = testClient(server.url);
    const g = await client.groups.create({ name: "g", integration: "AWS", identifierTags: ["env"], members: [ID] });
    assert.deepEqual(g, { id: GID, name: "g", integration: "AWS", identifierTags: ["env"], members: [ID] });
    assert.deepEqual(server.requests[0].json, {
      data: {
        type: "action_connection_group",
        attributes: { name: "g", integration_type: "AWS", identifier_tags: ["env"], connection_ids: [ID] },
      },
    });
    await client.groups.update(GID, { name: "g2" });
    assert.deepEqual(server.requests[1].json, {
      data: { type: "action_connection_group", attributes: { name: "g2" } },
    });
    assert.equal(server.requests[1].method, "PATCH");
    await client.groups.get(GID);
    assert.equal((await client.groups.list()).length, 1);
    assert.equal(server.requests[3].url, "/api/v2/actions/connection_groups?page[size]=100&page[number]=0");
    const resolved = await client.groups.resolve(GID, { env: "prod", team: "a b" });
    assert.equal(resolved.id, ID);
    assert.equal(
      server.requests[4].url,
      `/api/v2/actions/connection_groups/${GID}/resolve?identifiers[env]=prod&identifiers[team]=a%20b`,
    );
    await client.groups.delete(GID);
    assert.equal(server.requests[5].method, "DELETE");
  });

  it("groups on a custom target: a 404 that is not a JSON:API error means no groups API", async () => {
    server = await ScriptedServer.start([
      {
        status: 404,
        body: { message: "Route GET:/api/v2/actions/connection_groups not found", error: "Not Found", statusCode: 404 },
      },
      { status: 404, body: "Cannot GET" },
      { status: 404, body: errorDoc("group not found") },
    ]);
    client = testClient(server.url);
    for (let i = 0; i < 2; i++) {
      const err = await rejection(i === 0 ? client.groups.list() : client.groups.get(GID));
      assert.ok(err instanceof UnsupportedError, String(err));
      assert.match(
        err.message,
        new RegExp(`The target ${server.url.replace(/\./g, "\\.")} has no connection groups API`),
      );
    }
    assert.ok((await rejection(client.groups.get(GID))) instanceof NotFoundError);
  });

  it("policies: get (404 -> undefined), set (POST body, encoded id), delete", async () => {
    const policy = {
      data: {
        id: `connection:${ID}`,
        type: "restriction_policy",
        attributes: { bindings: [{ relation: "editor", principals: ["user:u1"] }] },
      },
    };
    server = await ScriptedServer.start([
      { status: 404, body: errorDoc("no policy") },
      { status: 200, body: policy },
      { status: 200, body: policy },
      { status: 204 },
    ]);
    client = testClient(server.url);
    assert.equal(await client.policies.get(`connection:${ID}`), undefined);
    const set = await client.policies.set(`connection:${ID}`, [{ relation: "editor", principals: ["user:u1"] }]);
    assert.deepEqual(set, {
      resourceId: `connection:${ID}`,
      bindings: [{ relation: "editor", principals: ["user:u1"] }],
    });
    assert.equal(server.requests[1].method, "POST");
    assert.equal(server.requests[1].url, `/api/v2/restriction_policy/connection%3A${ID}`);
    assert.deepEqual(server.requests[1].json, {
      data: {
        type: "restriction_policy",
        id: `connection:${ID}`,
        attributes: { bindings: [{ relation: "editor", principals: ["user:u1"] }] },
      },
    });
    assert.deepEqual((await client.policies.get(`connection:${ID}`))?.bindings, [
      { relation: "editor", principals: ["user:u1"] },
    ]);
    await client.policies.delete(`connection:${ID}`);
    assert.equal(server.requests[3].method, "DELETE");
  });

  it("maps statuses to error classes with the server's details (detail, else title, else text)", async () => {
    server = await ScriptedServer.start([
      { status: 400, body: { errors: [{ title: "Bad Request", detail: "tags[0] bad" }, { title: "only a title" }] } },
      { status: 401, body: errorDoc("Unauthorized") },
      { status: 403, body: { errors: ["Forbidden"] } },
      { status: 409, body: errorDoc("name taken"), headers: { "dd-request-id": "abc" } },
      { status: 422, body: "  Unprocessable\n  thing  " },
    ]);
    client = testClient(server.url);
    const e400 = (await rejection(client.connections.get(ID))) as ApiError;
    assert.ok(e400 instanceof BadRequestError);
    assert.deepEqual(e400.details, ["tags[0] bad", "only a title"]);
    assert.equal(e400.method, "GET");
    assert.equal(e400.path, `/api/v2/actions/connections/${ID}`);
    const e401 = await rejection(client.connections.get(ID));
    assert.ok(e401 instanceof UnauthorizedError);
    assert.match(e401.message, /check the API key and application key/);
    assert.ok((await rejection(client.connections.get(ID))) instanceof ForbiddenError);
    const e409 = (await rejection(client.connections.update(ID, { name: "x" }))) as ApiError;
    assert.ok(e409 instanceof ConflictError);
    assert.equal(e409.requestId, "abc");
    assert.equal(
      e409.message,
      `PATCH /api/v2/actions/connections/${ID} failed: 409 Conflict: name taken [request id abc]`,
    );
    const e422 = (await rejection(client.connections.get(ID))) as ApiError;
    assert.equal(e422.constructor, ApiError);
    assert.deepEqual(e422.details, ["Unprocessable thing"]);
  });

  it("a 2xx with an unexpected body is an ApiError, not a crash", async () => {
    server = await ScriptedServer.start([{ status: 200, body: "<html>" }]);
    client = testClient(server.url);
    const err = await rejection(client.connections.get(ID));
    assert.ok(err instanceof ApiError);
    assert.match(err.message, /200 with an unexpected body/);
  });

  it("groups probe: a 404 on the list route, even as a JSON:API error (a proxy in front of Datadog), means no groups API", async () => {
    for (const body of [{ errors: ["Not found"] }, "Not Found", { errors: [{ title: "Not Found" }] }]) {
      server = await ScriptedServer.start([{ status: 404, body }]);
      client = testClient(server.url);
      const err = await rejection(client.groups.probe());
      assert.ok(err instanceof UnsupportedError, String(err));
      assert.equal(err.status, 404);
      assert.deepEqual(
        server.requests.map((r) => [r.method, r.path]),
        [["GET", "/api/v2/actions/connection_groups"]],
      );
      assert.match(server.requests[0].url, /page%5Bsize%5D=1|page\[size\]=1/);
      client.close();
      await server.close();
    }
    server = client = undefined;
  });

  it("groups probe: a listing answers: the API is there; other failures are reported as they are", async () => {
    server = await ScriptedServer.start([
      { status: 200, body: { data: [] } },
      { status: 403, body: { errors: [{ detail: "no" }] } },
    ]);
    client = testClient(server.url);
    await client.groups.probe();
    assert.ok((await rejection(client.groups.probe())) instanceof ForbiddenError);
  });

  it("groups probe: a Datadog site has none, and is not asked", async () => {
    client = new ConnectionsClient({ site: "datadoghq.eu", ...KEYS }, {});
    assert.ok((await rejection(client.groups.probe())) instanceof UnsupportedError);
  });
});
