/**
 * The client's createWithPolicy against the real local backend: one POST carrying
 * `meta.restriction_policy`, the server's echo returned, the policy in force for other users at
 * once; a refused policy is a BadRequestError and nothing exists; against a Datadog site nothing
 * is sent at all (its API has no such step).
 */
import assert from "node:assert/strict";
import { BadRequestError, ConnectionsClient, NotFoundError, UnsupportedError } from "../../client";
import { connectionResource, groupResource } from "../../client/restriction-policies";
import { rejection } from "./helpers";
import { TestBackend, startTestBackend } from "../support/backend";

describe("client: createWithPolicy", function () {
  this.timeout(120_000);
  let backend: TestBackend | undefined;
  let alice: ConnectionsClient;
  let carol: ConnectionsClient;
  before(async () => {
    backend = await startTestBackend();
    const opts = { apiUrl: backend.url, apiKey: backend.apiKey, maxRetries: 1, timeoutMs: 10_000 };
    alice = new ConnectionsClient({ ...opts, appKey: backend.appKey("alice") }, {});
    carol = new ConnectionsClient({ ...opts, appKey: backend.appKey("carol") }, {});
  });
  after(async () => {
    alice?.close();
    carol?.close();
    await backend?.close();
  });

  const aws = { type: "AWS", accountId: "123456789012", role: "workflows" };
  const bindings = [{ relation: "editor", principals: ["user:alice"] }];

  it("a connection: created with its policy, echoed; carol cannot see it", async () => {
    const { resource, policy } = await alice.connections.createWithPolicy(
      { name: "cwp", integration: aws, tags: ["env:cwp"] },
      { bindings },
    );
    assert.deepEqual(policy, bindings);
    assert.deepEqual((await alice.policies.get(connectionResource(resource.id)))?.bindings, bindings);
    assert.ok((await rejection(carol.connections.get(resource.id))) instanceof NotFoundError);
  });

  it("a group: the same", async () => {
    const { resource, policy } = await alice.groups.createWithPolicy(
      { name: "cwp", integration: "AWS", identifierTags: ["env"], members: [] },
      { bindings },
    );
    assert.deepEqual(policy, bindings);
    assert.deepEqual((await alice.policies.get(groupResource(resource.id)))?.bindings, bindings);
    assert.ok((await rejection(carol.groups.get(resource.id))) instanceof NotFoundError);
  });

  it("a self-lockout without allowSelfLockout is a BadRequestError; with it, created", async () => {
    const handOver = [
      { relation: "viewer", principals: ["user:alice"] },
      { relation: "editor", principals: ["user:bob"] },
    ];
    const before = (await alice.connections.list({ tags: "env:handover" })).totalFiltered;
    const err = await rejection(
      alice.connections.createWithPolicy(
        { name: "handover", integration: aws, tags: ["env:handover"] },
        { bindings: handOver },
      ),
    );
    assert.ok(err instanceof BadRequestError, String(err));
    assert.match(err.message, /allow_self_lockout/);
    assert.equal((await alice.connections.list({ tags: "env:handover" })).totalFiltered, before);
    const { resource } = await alice.connections.createWithPolicy(
      { name: "handover", integration: aws, tags: ["env:handover"] },
      { bindings: handOver, allowSelfLockout: true },
    );
    assert.equal(resource.actingUserCanResolve, false);
  });

  it("against a Datadog site: UnsupportedError, nothing sent", async () => {
    const dd = new ConnectionsClient(
      { site: "datadoghq.eu", apiKey: backend!.apiKey, appKey: backend!.appKey("alice") },
      {},
    );
    const err = await rejection(dd.connections.createWithPolicy({ name: "x", integration: aws }, { bindings }));
    assert.ok(err instanceof UnsupportedError);
    assert.match(err.message, /Datadog's API cannot create a connection together with its restriction policy/);
    dd.close();
  });
});
