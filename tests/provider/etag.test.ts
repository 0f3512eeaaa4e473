/**
 * The provider's updates against the real local backend: state keeps the ETag it last saw, an
 * update sends it as If-Match, and a change made outside the stack since then stops the update
 * (nothing written, advice to refresh) instead of being overwritten. A refresh (read) takes in
 * the new ETag; a target without ETags (older state, Datadog) updates as before.
 */
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import * as connections from "../../provider/runtime/connection-provider";
import * as groups from "../../provider/runtime/group-provider";
import { configureFrom } from "../../provider/runtime/settings";
import { CONNS, GROUPS, TestBackend, startTestBackend } from "../support/backend";

const config = (values: Record<string, string>) =>
  ({ get: (k: string) => values[k] }) as unknown as pulumi.dynamic.Config;

describe("provider runtime: updates carry the ETag state holds", function () {
  this.timeout(120_000);
  let b: TestBackend;
  before(async () => {
    b = await startTestBackend();
    configureFrom(
      config({ "connections:apiUrl": b.url, "connections:apiKey": b.apiKey, "connections:appKey": b.appKey("alice") }),
    );
  });
  after(async () => b?.close());

  const inputs = (tags: string[]) => ({
    name: "etag-conn",
    tags,
    integration: { type: "AWS", accountId: "123456789012", role: "workflows" },
  });

  it("connection: an edit made outside the stack is not overwritten; after a refresh the update goes through", async () => {
    const created = await connections.create(inputs(["env:a"]));
    assert.match(created.outs.etag, /^"[^"]+"$/);
    // Someone else changes the tags.
    const outside = await b.request("bob", "PATCH", `${CONNS}/${created.id}`, {
      data: { type: "action_connection", attributes: { tags: ["env:theirs"] } },
    });
    assert.equal(outside.status, 200);
    await assert.rejects(connections.update(created.id, created.outs, inputs(["env:b"])), (err: Error) => {
      assert.match(
        err.message,
        /^updating connection "etag-conn" \(.*\) failed: .*has changed since the ETag in If-Match was issued.*changed outside this stack since Pulumi last read it, and nothing was written; run `pulumi refresh`/,
      );
      return true;
    });
    assert.deepEqual(
      (await b.request("alice", "GET", `${CONNS}/${created.id}`)).body.data.attributes.tags,
      ["env:theirs"],
      "their edit stands",
    );
    const refreshed = await connections.read(created.id, created.outs);
    assert.notEqual(refreshed.props!.etag, created.outs.etag);
    const updated = await connections.update(created.id, refreshed.props as never, inputs(["env:b"]));
    assert.deepEqual(updated.outs!.tags, ["env:b"]);
    assert.equal(updated.outs!.etag, (await b.request("alice", "GET", `${CONNS}/${created.id}`)).headers.etag);
    // Consecutive updates chain: each one's ETag is the next one's If-Match.
    const again = await connections.update(created.id, updated.outs as never, inputs(["env:c"]));
    assert.deepEqual(again.outs!.tags, ["env:c"]);
  });

  it("connection: state without an ETag (older state, or a target that sends none) updates as before", async () => {
    const created = await connections.create(inputs(["env:a"]));
    const { etag: _none, ...older } = created.outs;
    await b.request("bob", "PATCH", `${CONNS}/${created.id}`, {
      data: { type: "action_connection", attributes: { name: "renamed outside" } },
    });
    const updated = await connections.update(created.id, older as never, inputs(["env:b"]));
    assert.deepEqual(updated.outs!.tags, ["env:b"]);
  });

  it("group: a member added outside the stack is not silently dropped by the next update", async () => {
    const member = (
      await b.request("alice", "POST", CONNS, {
        data: {
          type: "action_connection",
          attributes: {
            name: "m",
            tags: ["env:m"],
            integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
          },
        },
      })
    ).body.data.id;
    const spec = { name: "etag-group", integration: "AWS", identifierTags: ["env"], members: [] as string[] };
    const created = await groups.create(spec);
    assert.ok(created.outs.etag);
    const added = await b.request("bob", "POST", `${GROUPS}/${created.id}/relationships/connections`, {
      data: [{ type: "action_connection", id: member }],
    });
    assert.equal(added.status, 200);
    await assert.rejects(
      groups.update(created.id, created.outs, { ...spec, name: "etag-group-2" }),
      /changed outside this stack/,
    );
    assert.deepEqual((await b.request("alice", "GET", `${GROUPS}/${created.id}`)).body.data.attributes.connections, [
      member,
    ]);
    const refreshed = await groups.read(created.id, created.outs);
    const updated = await groups.update(created.id, refreshed.props as never, {
      ...spec,
      name: "etag-group-2",
      members: [member],
    });
    assert.equal(updated.outs!.name, "etag-group-2");
  });
});
