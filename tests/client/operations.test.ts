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
import { ScriptedServer, connectionDoc, errorDoc } from "./scripted-server";
import { KEYS, rejection, testClient } from "./helpers";

const ID = "11111111-2222-3333-4444-555555555555";
const GID = "99999999-2222-3333-4444-555555555555";
const groupDoc = (attributes: Record<string, unknown> = {}) => ({
  data: {
    id: GID,
    type: "connection_group",
    attributes: {
      name: "g",
      integration_type: "AWS",
      tag_keys: ["env"],
      connections: [ID],
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

  it("list: Datadog's filters as repeated bracketed keys, 0-based pages, meta counts; listAll walks the pages", async () => {
    const page = (ids: string[], total: number) => ({
      status: 200,
      body: {
        data: ids.map((id) => (connectionDoc(id) as { data: unknown }).data),
        meta: { total: total + 1, total_filtered: total, integration_counts: null },
      },
    });
    server = await ScriptedServer.start([page(["a"], 1), page(["a", "b"], 3), page(["c"], 3)]);
    client = testClient(server.url);
    const first = await client.connections.list({
      integration: ["AWS", "HTTP"],
      tags: ["env:prod", "team:a"],
      environment: "prod",
      connectionIds: [ID],
      creatorIds: ["u1"],
      search: "aws prod",
      sort: ["name", "-created_at"],
      pageSize: 50,
      pageNumber: 0,
    });
    assert.equal(
      server.requests[0].url,
      "/api/v2/actions/connections?filter[integration]=AWS&filter[integration]=HTTP&filter[tags]=env%3Aprod&filter[tags]=team%3Aa" +
        `&filter[environment]=prod&filter[connection_ids]=${ID}&filter[creator_ids]=u1&filter[search]=aws%20prod` +
        "&sort=name&sort=-created_at&page[size]=50&page[number]=0",
    );
    assert.deepEqual(
      first.connections.map((c) => c.id),
      ["a"],
    );
    assert.deepEqual([first.total, first.totalFiltered], [2, 1]);
    const all: string[] = [];
    for await (const c of client.connections.listAll({ pageSize: 2 })) all.push(c.id);
    assert.deepEqual(all, ["a", "b", "c"]);
    assert.equal(server.requests[2].url, "/api/v2/actions/connections?page[size]=2&page[number]=1");
  });

  describe("listAll: when the walk ends", () => {
    const connPage = (ids: string[], meta?: Record<string, unknown>) => ({
      status: 200,
      body: { data: ids.map((id) => (connectionDoc(id) as { data: unknown }).data), ...(meta ? { meta } : {}) },
    });
    const walk = async (steps: ReturnType<typeof connPage>[], pageSize?: number) => {
      server = await ScriptedServer.start(steps);
      client = testClient(server.url);
      const ids: string[] = [];
      for await (const c of client.connections.listAll(pageSize === undefined ? {} : { pageSize })) ids.push(c.id);
      return { ids, urls: server.requests.map((r) => r.url) };
    };

    it("without counts: a short page is not the end, an empty one is (the default size is 50, sent)", async () => {
      const full = Array.from({ length: 50 }, (_, i) => `c${i}`);
      const { ids, urls } = await walk([connPage(full), connPage(["last"]), connPage([])]);
      assert.equal(ids.length, 51);
      assert.deepEqual(urls, [
        "/api/v2/actions/connections?page[size]=50&page[number]=0",
        "/api/v2/actions/connections?page[size]=50&page[number]=1",
        "/api/v2/actions/connections?page[size]=50&page[number]=2",
      ]);
    });

    it("a server that ignores the page number: ends at the first page with nothing new", async () => {
      const same = Array.from({ length: 50 }, (_, i) => `c${i}`);
      const { ids, urls } = await walk([connPage(same), connPage(same)]);
      assert.equal(ids.length, 50);
      assert.equal(urls.length, 2);
    });

    it("with counts: a short page before the total is reached does not end it (a server may cap its pages)", async () => {
      const { ids, urls } = await walk(
        [
          connPage(["a"], { total: 3, total_filtered: 3 }),
          connPage(["b"], { total: 3, total_filtered: 3 }),
          connPage(["c"], { total: 3, total_filtered: 3 }),
        ],
        2,
      );
      assert.deepEqual(ids, ["a", "b", "c"]);
      assert.equal(urls.length, 3);
    });

    it("at an empty page, even when the total says more (rows deleted meanwhile)", async () => {
      const { ids, urls } = await walk(
        [connPage(["a", "b"], { total: 9, total_filtered: 9 }), connPage([], { total: 9, total_filtered: 9 })],
        2,
      );
      assert.deepEqual(ids, ["a", "b"]);
      assert.equal(urls.length, 2);
    });

    it("size 1: one request per item, until the total", async () => {
      const meta = { total: 2, total_filtered: 2 };
      const { ids, urls } = await walk([connPage(["a"], meta), connPage(["b"], meta)], 1);
      assert.deepEqual(ids, ["a", "b"]);
      assert.deepEqual(
        urls.map((u) => u.replace(/.*\?/, "")),
        ["page[size]=1&page[number]=0", "page[size]=1&page[number]=1"],
      );
    });

    it("an empty list: one request", async () => {
      const { ids, urls } = await walk([connPage([], { total: 0, total_filtered: 0 })]);
      assert.deepEqual([ids, urls.length], [[], 1]);
    });

    it("groups walk the same way, with their own filters", async () => {
      const groupPage = (ids: string[]) => ({
        status: 200,
        body: { data: ids.map((id) => ({ ...groupDoc().data, id })), meta: { total: 3, total_filtered: 3 } },
      });
      server = await ScriptedServer.start([groupPage(["g1", "g2"]), groupPage(["g3"])]);
      client = testClient(server.url);
      const ids: string[] = [];
      for await (const g of client.groups.listAll({ integration: "AWS", ids: ["g1", "g2", "g3"], pageSize: 2 }))
        ids.push(g.id);
      assert.deepEqual(ids, ["g1", "g2", "g3"]);
      assert.equal(
        server.requests[1].url,
        "/api/v2/actions/connections/groups?filter[integration]=AWS&filter[connection_group_ids]=g1&filter[connection_group_ids]=g2&filter[connection_group_ids]=g3&page[size]=2&page[number]=1",
      );
    });
  });

  it("against a Datadog site: the extensions (create, delete, resolve) throw UnsupportedError without a request", async () => {
    const dd = new ConnectionsClient({ ...KEYS, site: "datadoghq.com" }, {});
    const calls = [
      dd.groups.create({ name: "g", integration: "AWS", identifierTags: ["env"], members: [] }),
      dd.groups.createWithPolicy(
        { name: "g", integration: "AWS", identifierTags: ["env"], members: [] },
        { bindings: [{ relation: "editor", principals: ["user:u1"] }], allowSelfLockout: false },
      ),
      dd.groups.delete(GID),
      dd.groups.resolve(GID, { env: "prod" }),
    ];
    for (const call of calls) {
      const err = await rejection(call);
      assert.ok(err instanceof UnsupportedError, String(err));
      assert.match(
        err.message,
        /The target https:\/\/api\.datadoghq\.com cannot (create|delete|resolve) .*Datadog's API has no such operation: groups are created and deleted in Datadog's UI/,
      );
    }
    dd.close();
  });

  const EXTENSIONS = { "x-connection-group-extensions": "create, read, delete, members, resolve" };
  const capabilitiesAnswer = {
    status: 200,
    headers: EXTENSIONS,
    body: { data: [], meta: { total: 0, total_filtered: 0 } },
  };

  it("groups on a backend with the extensions: wire names, partial update, get, list, resolve, delete", async () => {
    server = await ScriptedServer.start([
      capabilitiesAnswer,
      { status: 201, body: groupDoc({ description: "d" }) },
      { status: 200, body: groupDoc({ name: "g2" }) },
      { status: 200, body: groupDoc() },
      { status: 200, body: { data: [groupDoc().data], meta: { total: 1, total_filtered: 1 } } },
      { status: 200, body: connectionDoc(ID, { tags: ["env:prod"] }) },
      { status: 204 },
    ]);
    client = testClient(server.url);
    const g = await client.groups.create({
      name: "g",
      description: "d",
      integration: "AWS",
      identifierTags: ["env"],
      members: [ID],
    });
    assert.deepEqual(g, {
      id: GID,
      name: "g",
      description: "d",
      integration: "AWS",
      identifierTags: ["env"],
      members: [ID],
    });
    assert.equal(
      server.requests[0].url,
      "/api/v2/actions/connections/groups?page[size]=1",
      "capabilities: one list request",
    );
    assert.deepEqual(server.requests[1].json, {
      data: {
        type: "connection_group",
        attributes: { name: "g", description: "d", integration_type: "AWS", tag_keys: ["env"], connections: [ID] },
      },
    });
    await client.groups.update(GID, { name: "g2" });
    assert.deepEqual(server.requests[2].json, { data: { type: "connection_group", attributes: { name: "g2" } } });
    assert.equal(server.requests[2].method, "PATCH");
    await client.groups.get(GID);
    assert.equal(server.requests[3].url, `/api/v2/actions/connections/groups/${GID}`, "the read-one extension");
    const page = await client.groups.list();
    assert.deepEqual([page.groups.length, page.total, page.totalFiltered], [1, 1, 1]);
    assert.equal(server.requests[4].url, "/api/v2/actions/connections/groups");
    const resolved = await client.groups.resolve(GID, { env: "prod", team: "a b" });
    assert.equal(resolved.id, ID);
    assert.equal(
      server.requests[5].url,
      `/api/v2/actions/connections/groups/${GID}/resolve?identifiers[env]=prod&identifiers[team]=a%20b`,
    );
    await client.groups.delete(GID);
    assert.equal(server.requests[6].method, "DELETE");
    assert.equal(server.count(), 7, "capabilities were asked once");
  });

  it("groups on a target with Datadog's operations only: get reads the list filtered by id; create, delete, resolve are refused unsent", async () => {
    server = await ScriptedServer.start([
      { status: 200, body: { data: [], meta: { total: 0, total_filtered: 0 } } },
      { status: 200, body: { data: [groupDoc().data], meta: { total: 1, total_filtered: 1 } } },
      { status: 200, body: { data: [], meta: { total: 1, total_filtered: 0 } } },
      { status: 200, body: groupDoc({ name: "g2" }) },
    ]);
    client = testClient(server.url);
    const can = await client.capabilities();
    assert.deepEqual(can, {
      listConnections: true,
      listGroups: true,
      updateGroups: true,
      createGroups: false,
      deleteGroups: false,
      resolveGroups: false,
      readGroups: false,
      groupMembers: false,
    });
    assert.deepEqual(await client.groups.get(GID), {
      id: GID,
      name: "g",
      integration: "AWS",
      identifierTags: ["env"],
      members: [ID],
    });
    assert.equal(
      server.requests[1].url,
      `/api/v2/actions/connections/groups?filter[connection_group_ids]=${GID}&page[size]=1`,
    );
    const gone = await rejection(client.groups.get(GID));
    assert.ok(gone instanceof NotFoundError, String(gone));
    assert.match(gone.message, new RegExp(`connection group ${GID} was not found`));
    assert.equal((await client.groups.update(GID, { name: "g2" })).name, "g2");
    for (const call of [
      client.groups.create({ name: "g", integration: "AWS", identifierTags: ["env"], members: [] }),
      client.groups.delete(GID),
      client.groups.resolve(GID, { env: "prod" }),
    ]) {
      const err = await rejection(call);
      assert.ok(err instanceof UnsupportedError, String(err));
      assert.match(err.message, /its group list names no such extension \(x-connection-group-extensions\)/);
    }
    assert.equal(server.count(), 4, "nothing sent for the refused extensions, capabilities asked once");
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

  it("capabilities: a 404 or 405 on the group list, even as a JSON:API error (a proxy in front of a backend), means no groups at all", async () => {
    for (const step of [
      { status: 404, body: { errors: ["Not found"] } },
      { status: 404, body: "Not Found" },
      { status: 405, body: { errors: [{ title: "Method Not Allowed" }] } },
    ]) {
      server = await ScriptedServer.start([step]);
      client = testClient(server.url);
      const can = await client.capabilities();
      assert.ok(
        Object.values(can).every((v) => v === false),
        JSON.stringify(can),
      );
      assert.deepEqual(await client.capabilities(), can);
      assert.deepEqual(
        server.requests.map((r) => [r.method, r.url]),
        [["GET", "/api/v2/actions/connections/groups?page[size]=1"]],
        "asked once per client",
      );
      client.close();
      await server.close();
    }
    server = client = undefined;
  });

  it("capabilities: other failures are thrown as they are and not kept (the next call asks again)", async () => {
    server = await ScriptedServer.start([{ status: 403, body: { errors: [{ detail: "no" }] } }, capabilitiesAnswer]);
    client = testClient(server.url);
    assert.ok((await rejection(client.capabilities())) instanceof ForbiddenError);
    assert.equal((await client.capabilities()).createGroups, true);
    assert.equal((await client.capabilities()).resolveGroups, true);
    assert.equal(server.count(), 2);
  });
});
