/**
 * The client against the real local backend (tests/support/backend.ts `startTestBackend`): every
 * operation, the error classes the backend's errors map to, and no secret read back.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import {
  BadRequestError,
  ConflictError,
  ConnectionsClient,
  ForbiddenError,
  NotFoundError,
  RemoteConnection,
} from "../../client";
import { connectionResource, groupResource } from "../../client/restriction-policies";
import { rejection } from "./helpers";
import { TestBackend, startTestBackend } from "../support/backend";

const hex = (bytes: number) => crypto.randomBytes(bytes).toString("hex");

describe("client against the local backend", function () {
  this.timeout(120_000);
  let backend: TestBackend | undefined;
  let admin: ConnectionsClient;
  let bob: ConnectionsClient;
  const token = `tok_${hex(12)}`;

  before(async () => {
    backend = await startTestBackend();
    const opts = { apiUrl: backend.url, apiKey: backend.apiKey, maxRetries: 1, timeoutMs: 10_000 };
    admin = new ConnectionsClient({ ...opts, appKey: backend.appKey("alice") }, {}); // role admin
    bob = new ConnectionsClient({ ...opts, appKey: backend.appKey("bob") }, {});
  });

  after(async () => {
    admin?.close();
    bob?.close();
    await backend?.close();
    if (backend) fs.rmSync(backend.dataDir, { recursive: true, force: true });
  });

  const http = (name: string, tags: string[] = []) => ({
    name,
    tags,
    integration: {
      type: "HTTP",
      baseUrl: "https://api.example.com",
      tokens: [{ name: "bearer", value: token }],
      headers: [{ name: "Authorization", value: "Bearer {{ bearer }}" }],
    },
  });
  const aws = (name: string, tags: string[], accountId = "123456789012") => ({
    name,
    tags,
    integration: { type: "AWS", accountId, role: "workflows" },
  });

  describe("connections", () => {
    let created: RemoteConnection;

    it("create, get: secrets never come back", async () => {
      created = await admin.connections.create(http("crud", ["env:test"]));
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.equal(created.name, "crud");
      assert.deepEqual(created.tags, ["env:test"]);
      const got = await admin.connections.get(created.id);
      assert.equal(got.integration.type, "HTTP");
      assert.equal(got.integration.baseUrl, "https://api.example.com");
      assert.ok(!JSON.stringify(got).includes(token), "the token is not returned");
      assert.ok(!JSON.stringify(created).includes(token));
    });

    it("update: name, tags, and an integration change (token removed, header kept)", async () => {
      const before = http("crud").integration;
      const after = { ...before, tokens: [], baseUrl: "https://api2.example.com" };
      const updated = await admin.connections.update(created.id, {
        name: "crud-2",
        tags: ["env:test", "team:a"],
        integration: { from: before, to: after },
      });
      assert.equal(updated.name, "crud-2");
      assert.deepEqual(updated.tags, ["env:test", "team:a"]);
      assert.equal(updated.integration.baseUrl, "https://api2.example.com");
      const tokens = updated.integration.tokens as unknown[] | undefined;
      assert.ok(!tokens || tokens.length === 0, `token removed: ${JSON.stringify(tokens)}`);
      assert.deepEqual(
        (updated.integration.headers as { name: string }[]).map((h) => h.name),
        ["Authorization"],
      );
      const same = await admin.connections.update(created.id, {});
      assert.equal(same.name, "crud-2");
    });

    it("AWS: the server computes externalId and principalId", async () => {
      const c = await admin.connections.create(aws("aws-computed", ["env:test"]));
      assert.ok(c.externalId && c.externalId.length > 0);
      assert.ok(c.principalId && c.principalId.length > 0);
      assert.deepEqual(c.integration, { type: "AWS", accountId: "123456789012", role: "workflows" });
      await admin.connections.delete(c.id);
    });

    it("list with filters, and listAll across pages", async () => {
      const made = [];
      for (const n of [1, 2, 3])
        made.push(await admin.connections.create(aws(`listed-${n}`, [`env:list${n}`, "suite:list"])));
      const page = await admin.connections.list({ integration: "AWS", tags: "suite:list", pageSize: 2, pageNumber: 0 });
      assert.equal(page.connections.length, 2);
      assert.equal(page.totalFiltered, 3);
      const all: string[] = [];
      for await (const c of admin.connections.listAll({ tags: "suite:list", pageSize: 2 })) all.push(c.name);
      assert.deepEqual(all.sort(), ["listed-1", "listed-2", "listed-3"]);
      const both = await admin.connections.list({ tags: ["suite:list", "env:list2"] });
      assert.deepEqual(
        both.connections.map((c) => c.name),
        ["listed-2"],
      );
      const http = await admin.connections.list({ integration: "HTTP", tags: "suite:list" });
      assert.equal(http.connections.length, 0);
      for (const c of made) await admin.connections.delete(c.id);
    });

    it("delete: 204, then 404 on get and on a second delete", async () => {
      await admin.connections.delete(created.id);
      assert.ok((await rejection(admin.connections.get(created.id))) instanceof NotFoundError);
      assert.ok((await rejection(admin.connections.delete(created.id))) instanceof NotFoundError);
    });

    it("invalid input: BadRequestError with the server's detail", async () => {
      const err = await rejection(
        admin.connections.create({
          name: "bad",
          tags: ["env:staging:east"],
          integration: { type: "AWS", accountId: "12", role: "r" },
        }),
      );
      assert.ok(err instanceof BadRequestError, String(err));
      assert.ok(err.details.length > 0);
      assert.match(err.message, /^POST \/api\/v2\/actions\/connections failed: 400 Bad Request: /);
      const badId = await rejection(admin.connections.get("not-a-uuid"));
      assert.ok(badId instanceof BadRequestError, String(badId));
    });

    it("wrong keys: ForbiddenError (403, as Datadog), without the key in the error", async () => {
      const wrong = hex(20);
      const c = new ConnectionsClient(
        { apiUrl: backend!.url, apiKey: backend!.apiKey, appKey: wrong, maxRetries: 0 },
        {},
      );
      const err = await rejection(c.connections.get(crypto.randomUUID()));
      c.close();
      assert.ok(err instanceof ForbiddenError, String(err));
      assert.match(String(err), /DD-APPLICATION-KEY is not a valid application key/);
      assert.ok(!String(err).includes(wrong) && !JSON.stringify(err).includes(backend!.apiKey));
    });
  });

  describe("groups", () => {
    let prod: RemoteConnection;
    let staging: RemoteConnection;
    let groupId: string;

    before(async () => {
      prod = await admin.connections.create(aws("g-prod", ["env:prod"], "111111111111"));
      staging = await admin.connections.create(aws("g-staging", ["env:staging"], "222222222222"));
    });

    it("create and get", async () => {
      const g = await admin.groups.create({
        name: "aws-by-env",
        integration: "AWS",
        identifierTags: ["env"],
        members: [prod.id],
      });
      groupId = g.id;
      assert.match(g.etag ?? "", /^"[^"]+"$/, "the local backend sends an ETag");
      assert.deepEqual(
        { ...g, id: undefined, etag: undefined },
        {
          id: undefined,
          etag: undefined,
          name: "aws-by-env",
          integration: "AWS",
          identifierTags: ["env"],
          members: [prod.id],
        },
      );
      assert.deepEqual(await admin.groups.get(g.id), g);
    });

    it("update only what is given", async () => {
      const g = await admin.groups.update(groupId, { name: "aws-envs", members: [prod.id, staging.id] });
      assert.equal(g.name, "aws-envs");
      assert.deepEqual([...g.members].sort(), [prod.id, staging.id].sort());
      assert.deepEqual(g.identifierTags, ["env"]);
    });

    it("list, listAll and capabilities", async () => {
      const all: string[] = [];
      for await (const g of admin.groups.listAll({ pageSize: 1 })) all.push(g.id);
      assert.ok(all.includes(groupId));
      assert.deepEqual(
        (await admin.groups.list({ integration: "HTTP" })).groups.filter((g) => g.id === groupId),
        [],
      );
      const page = await admin.groups.list({ ids: [groupId] });
      assert.deepEqual([page.groups.map((g) => g.id), page.totalFiltered], [[groupId], 1]);
      assert.deepEqual(await admin.capabilities(), {
        listConnections: true,
        listGroups: true,
        updateGroups: true,
        createGroups: true,
        deleteGroups: true,
        resolveGroups: true,
        readGroups: true,
        groupMembers: true,
      });
    });

    it("resolve picks the member by identifier values", async () => {
      assert.equal((await admin.groups.resolve(groupId, { env: "prod" })).id, prod.id);
      assert.equal((await admin.groups.resolve(groupId, { env: "staging" })).name, "g-staging");
      const none = await rejection(admin.groups.resolve(groupId, { env: "qa" }));
      assert.ok(none instanceof NotFoundError, String(none));
      assert.match(none.message, /resolve failed: 404 Not Found: no member of group/);
      assert.ok(
        (await rejection(admin.groups.resolve(groupId, { region: "eu" }))) instanceof BadRequestError,
        "wrong identifier keys",
      );
    });

    it("a member that breaks the group's rules is refused with the server's detail", async () => {
      const twin = await admin.connections.create(aws("g-prod-twin", ["env:prod"], "333333333333"));
      const err = await rejection(admin.groups.update(groupId, { members: [prod.id, staging.id, twin.id] }));
      assert.ok(err instanceof ConflictError, String(err));
      assert.match(err.message, /env:prod/);
      await admin.connections.delete(twin.id);
    });

    it("delete, then 404", async () => {
      await admin.groups.delete(groupId);
      assert.ok((await rejection(admin.groups.get(groupId))) instanceof NotFoundError);
      assert.ok((await rejection(admin.groups.delete(groupId))) instanceof NotFoundError);
    });

    after(async () => {
      for (const c of [prod, staging]) if (c) await admin.connections.delete(c.id).catch(() => undefined);
    });
  });

  describe("restriction policies", () => {
    let conn: RemoteConnection;
    before(async () => {
      conn = await admin.connections.create(aws("guarded", ["env:guarded"], "444444444444"));
    });

    it("no policy: empty bindings; set; get; others are refused; delete", async () => {
      const resource = connectionResource(conn.id);
      const none = await admin.policies.get(resource);
      assert.ok(none === undefined || none.bindings.length === 0, JSON.stringify(none));

      const set = await admin.policies.set(resource, [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "viewer", principals: ["user:bob"] },
      ]);
      assert.equal(set.resourceId, resource);
      const got = await admin.policies.get(resource);
      assert.deepEqual(got?.bindings.map((b) => b.relation).sort(), ["editor", "viewer"]);

      assert.equal((await bob.connections.get(conn.id)).id, conn.id, "bob may view");
      const denied = await rejection(bob.connections.update(conn.id, { name: "bob was here" }));
      assert.ok(denied instanceof ForbiddenError, String(denied));

      await admin.policies.delete(resource);
      const after = await admin.policies.get(resource);
      assert.ok(after === undefined || after.bindings.length === 0);
      assert.equal((await bob.connections.update(conn.id, { name: "bob was here" })).name, "bob was here");
    });

    it("groups have policies too; unknown resources are 404 (get -> undefined)", async () => {
      const g = await admin.groups.create({
        name: "guarded-group",
        integration: "AWS",
        identifierTags: ["env"],
        members: [conn.id],
      });
      const resource = groupResource(g.id);
      await admin.policies.set(resource, [{ relation: "editor", principals: ["user:alice"] }]);
      assert.deepEqual((await admin.policies.get(resource))?.bindings, [
        { relation: "editor", principals: ["user:alice"] },
      ]);
      const hidden = await rejection(bob.groups.get(g.id));
      assert.ok(hidden instanceof ForbiddenError || hidden instanceof NotFoundError, String(hidden));
      await admin.groups.delete(g.id);
      assert.equal(await admin.policies.get(connectionResource(crypto.randomUUID())), undefined);
    });

    after(async () => {
      if (conn) await admin.connections.delete(conn.id).catch(() => undefined);
    });
  });
});
