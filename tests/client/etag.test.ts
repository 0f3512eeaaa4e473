/**
 * The client's ETags: exposed on what it reads and writes, sent back as `ifMatch`, a 412 as
 * PreconditionFailedError (with the current ETag); against the real backend, and a conditional
 * write is never repeated after it may have been applied (scripted server).
 */
import assert from "node:assert/strict";
import { ConnectionsClient, PreconditionFailedError, ServerError, etagFrom } from "../../client";
import { connectionResource } from "../../client/restriction-policies";
import { TestBackend, startTestBackend } from "../support/backend";
import { ScriptedServer, connectionDoc, errorDoc } from "./scripted-server";
import { rejection, testClient } from "./helpers";

const aws = (name: string, tags: string[]) => ({
  name,
  tags,
  integration: { type: "AWS", accountId: "123456789012", role: "workflows" },
});

describe("client: ETag and ifMatch against the local backend", function () {
  this.timeout(120_000);
  let backend: TestBackend;
  let alice: ConnectionsClient;
  before(async () => {
    backend = await startTestBackend();
    alice = new ConnectionsClient(
      {
        apiUrl: backend.url,
        apiKey: backend.apiKey,
        appKey: backend.appKey("alice"),
        maxRetries: 1,
        timeoutMs: 10_000,
      },
      {},
    );
  });
  after(async () => {
    alice?.close();
    await backend?.close();
  });

  it("connections: etag on create/get/update; a stale ifMatch is PreconditionFailedError and writes nothing", async () => {
    const created = await alice.connections.create(aws("c1", ["env:a"]));
    assert.match(created.etag ?? "", /^"[^"]+"$/);
    const read = await alice.connections.get(created.id);
    assert.equal(read.etag, created.etag);
    const updated = await alice.connections.update(created.id, { tags: ["env:b"] }, { ifMatch: read.etag });
    assert.notEqual(updated.etag, read.etag);
    const err = await rejection(alice.connections.update(created.id, { tags: ["env:c"] }, { ifMatch: read.etag }));
    assert.ok(err instanceof PreconditionFailedError, String(err));
    assert.equal(err.status, 412);
    assert.equal(err.currentEtag, updated.etag);
    assert.match(err.message, /has changed since the ETag in If-Match was issued/);
    assert.deepEqual((await alice.connections.get(created.id)).tags, ["env:b"]);
    assert.ok(
      (await rejection(alice.connections.delete(created.id, { ifMatch: read.etag }))) instanceof
        PreconditionFailedError,
    );
    await alice.connections.delete(created.id, { ifMatch: updated.etag });
  });

  it("groups and restriction policies: the same", async () => {
    const group = await alice.groups.create({ name: "g", integration: "AWS", identifierTags: ["env"], members: [] });
    assert.ok(group.etag);
    const renamed = await alice.groups.update(group.id, { name: "g2" }, { ifMatch: group.etag });
    assert.ok(
      (await rejection(alice.groups.update(group.id, { name: "g3" }, { ifMatch: group.etag }))) instanceof
        PreconditionFailedError,
    );
    assert.equal((await alice.groups.get(group.id)).name, "g2");
    await alice.groups.delete(group.id, { ifMatch: renamed.etag });

    const conn = await alice.connections.create(aws("p1", ["env:p"]));
    const policy = await alice.policies.get(connectionResource(conn.id));
    assert.ok(policy?.etag);
    const set = await alice.policies.set(
      connectionResource(conn.id),
      [{ relation: "editor", principals: ["user:alice"] }],
      { ifMatch: policy!.etag },
    );
    assert.ok(set.etag && set.etag !== policy!.etag);
    assert.ok(
      (await rejection(
        alice.policies.set(
          connectionResource(conn.id),
          [{ relation: "editor", principals: ["user:alice", "user:bob"] }],
          { ifMatch: policy!.etag },
        ),
      )) instanceof PreconditionFailedError,
    );
    assert.ok(
      (await rejection(alice.policies.delete(connectionResource(conn.id), { ifMatch: policy!.etag }))) instanceof
        PreconditionFailedError,
    );
    assert.deepEqual((await alice.policies.get(connectionResource(conn.id)))!.bindings, [
      { relation: "editor", principals: ["user:alice"] },
    ]);
    await alice.policies.delete(connectionResource(conn.id), { ifMatch: set.etag });
  });
});

describe("client: ETag and ifMatch (scripted server)", () => {
  const ID = "11111111-2222-3333-4444-555555555555";
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends If-Match only when asked; no ETag from the server (Datadog) leaves etag undefined", async () => {
    server = await ScriptedServer.start([
      { status: 200, body: connectionDoc(ID) },
      { status: 200, body: connectionDoc(ID) },
    ]);
    const client = testClient(server.url);
    const got = await client.connections.get(ID);
    assert.equal(got.etag, undefined);
    await client.connections.update(ID, { name: "x" }, { ifMatch: '"abc"' });
    assert.equal(server.requests[0].headers["if-match"], undefined);
    assert.equal(server.requests[1].headers["if-match"], '"abc"');
    client.close();
  });

  it("a conditional PATCH is not repeated after a 500 or a reset (a repeat would meet its own write); an unconditional one is", async () => {
    for (const fault of [{ status: 500, body: errorDoc("boom") }, "reset"] as const) {
      server = await ScriptedServer.start([fault, { status: 200, body: connectionDoc(ID) }]);
      const client = testClient(server.url);
      const err = await rejection(client.connections.update(ID, { name: "x" }, { ifMatch: '"abc"' }));
      assert.equal(server.count("PATCH"), 1, String(err));
      assert.match(err.message, /not retried: it carried If-Match and may have been applied/);
      if (fault !== "reset") assert.ok(err instanceof ServerError);
      client.close();
      await server.close();
      server = await ScriptedServer.start([fault, { status: 200, body: connectionDoc(ID) }]);
      const again = testClient(server.url);
      await again.connections.update(ID, { name: "x" });
      assert.equal(server.count("PATCH"), 2);
      again.close();
      await server.close();
      server = undefined;
    }
  });

  it("a conditional PATCH is repeated after a 503 (the server did not act); a 412 then says an earlier attempt was retried", async () => {
    server = await ScriptedServer.start([
      { status: 503, body: errorDoc("busy") },
      { status: 200, body: connectionDoc(ID) },
    ]);
    let client = testClient(server.url);
    await client.connections.update(ID, { name: "x" }, { ifMatch: '"abc"' });
    assert.equal(server.count("PATCH"), 2);
    assert.equal(server.requests[1].headers["if-match"], '"abc"');
    client.close();
    await server.close();
    server = await ScriptedServer.start([
      { status: 503, body: errorDoc("busy") },
      { status: 412, headers: { ETag: '"new"' }, body: errorDoc("changed") },
    ]);
    client = testClient(server.url);
    const err = await rejection(client.connections.update(ID, { name: "x" }, { ifMatch: '"abc"' }));
    assert.ok(err instanceof PreconditionFailedError);
    assert.equal(err.currentEtag, '"new"');
    assert.match(err.message, /an earlier attempt of this request was answered 503 or 429 and retried/);
    client.close();
  });

  it("etagFrom keeps strong ETags only (a weak one can never match If-Match)", () => {
    assert.equal(etagFrom({ ETag: '"a1"' }), '"a1"');
    assert.equal(etagFrom({ etag: 'W/"a1"' }), undefined);
    assert.equal(etagFrom({}), undefined);
  });
});
