/** Authentication (403, as Datadog) and restriction policies (403/404) over real HTTP. */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  awsConnection,
  connectionBody,
  groupBody,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

describe("backend: authentication and access", function () {
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  async function conn(owner: "alice" | "bob" | "carol", name: string, tags: string[] = []): Promise<string> {
    const res = await b.request(owner, "POST", CONNS, awsConnection(name, tags));
    assert.equal(res.status, 201);
    return res.body.data.id;
  }

  async function restrict(
    as: "alice" | "bob" | "carol",
    resource: string,
    bindings: { relation: string; principals: string[] }[],
  ) {
    const res = await b.request(as, "POST", `${POLICY}/${resource}`, policyBody(resource, bindings));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res;
  }

  describe("keys", () => {
    const cases: [
      string,
      { apiKey?: string; appKey?: string } | (() => { apiKey?: string; appKey?: string }),
      RegExp,
    ][] = [
      ["no keys", {}, /DD-API-KEY header is required/],
      ["unknown API key", () => ({ apiKey: "0".repeat(32), appKey: b.appKey("alice") }), /not a valid API key/],
      ["API key only", () => ({ apiKey: b.apiKey }), /DD-APPLICATION-KEY header is required/],
      ["unknown application key", () => ({ apiKey: b.apiKey, appKey: "f".repeat(40) }), /not a valid application key/],
      [
        "application key as API key",
        () => ({ apiKey: b.appKey("alice"), appKey: b.appKey("alice") }),
        /not a valid API key/,
      ],
    ];
    for (const [title, keys, detail] of cases) {
      it(`${title} -> 403 Forbidden (Datadog's status for a missing or invalid key)`, async () => {
        const as = typeof keys === "function" ? keys() : keys;
        for (const [method, path] of [
          ["GET", CONNS],
          ["POST", CONNS],
          ["GET", GROUPS],
          ["GET", `${POLICY}/connection:00000000-0000-4000-8000-000000000000`],
        ] as const) {
          const res = await b.request(as, method, path, method === "POST" ? awsConnection("x") : undefined);
          assert.equal(res.status, 403, `${method} ${path}`);
          assert.equal(res.body.errors[0].title, "Forbidden");
          assert.match(res.body.errors[0].detail, detail);
        }
      });
    }

    it("keys in the query string are refused, with or without valid headers, and never echoed", async () => {
      const query = `?api_key=${b.apiKey}&application_key=${b.appKey("alice")}`;
      for (const as of [{}, "alice"] as const) {
        const res = await b.request(as, "GET", `${CONNS}${query}`);
        assert.equal(res.status, 403);
        assert.match(res.body.errors[0].detail, /query string are not accepted/);
        assert.ok(
          !JSON.stringify(res.body).includes(b.apiKey) && !JSON.stringify(res.body).includes(b.appKey("alice")),
        );
      }
    });

    it("an unauthenticated write writes nothing", async () => {
      const before = (await b.request("alice", "GET", CONNS)).body.meta.total_filtered;
      await b.request({ apiKey: b.apiKey }, "POST", CONNS, awsConnection("sneaky"));
      assert.equal((await b.request("alice", "GET", CONNS)).body.meta.total_filtered, before);
    });
  });

  describe("restriction policies", () => {
    it("no policy: everyone in the org is editor; GET shows empty bindings", async () => {
      const id = await conn("alice", "open");
      const policy = await b.request("carol", "GET", `${POLICY}/connection:${id}`);
      assert.equal(policy.status, 200);
      assert.deepEqual(policy.body, {
        data: { id: `connection:${id}`, type: "restriction_policy", attributes: { bindings: [] } },
      });
      assert.equal(
        (await b.request("carol", "PATCH", `${CONNS}/${id}`, connectionBody({ name: "carol-was-here" }))).status,
        200,
      );
    });

    it("viewer reads, resolver uses, editor changes; others get 404", async () => {
      const id = await conn("alice", "restricted", ["env:restricted"]);
      const resource = `connection:${id}`;
      await restrict("alice", resource, [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "resolver", principals: ["role:dev"] },
      ]);
      const stored = await b.request("alice", "GET", `${POLICY}/${resource}`);
      assert.equal(stored.body.data.attributes.bindings.length, 2);

      // bob (role dev) is resolver: may read, may not change.
      assert.equal((await b.request("bob", "GET", `${CONNS}/${id}`)).status, 200);
      const patch = await b.request("bob", "PATCH", `${CONNS}/${id}`, connectionBody({ name: "nope" }));
      assert.equal(patch.status, 403);
      assert.equal(
        patch.body.errors[0].detail,
        `user "bob" has no editor permission on ${resource} (only resolver), so it cannot be changed`,
      );
      const del = await b.request("bob", "DELETE", `${CONNS}/${id}`);
      assert.equal(del.status, 403);
      const policyChange = await b.request(
        "bob",
        "POST",
        `${POLICY}/${resource}`,
        policyBody(resource, [{ relation: "editor", principals: ["user:bob"] }]),
      );
      assert.equal(policyChange.status, 403);

      // carol has no relation: the connection does not exist for her.
      assert.equal((await b.request("carol", "GET", `${CONNS}/${id}`)).status, 404);
      assert.equal((await b.request("carol", "PATCH", `${CONNS}/${id}`, connectionBody({ name: "x" }))).status, 404);
      assert.equal((await b.request("carol", "GET", `${POLICY}/${resource}`)).status, 404);
      const listed = await b.request("carol", "GET", `${CONNS}?filter[tags]=env:restricted`);
      assert.equal(listed.body.meta.total_filtered, 0);
      assert.equal((await b.request("bob", "GET", `${CONNS}?filter[tags]=env:restricted`)).body.meta.total_filtered, 1);

      // Granting the whole org viewer lets carol read, not use.
      await restrict("alice", resource, [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "viewer", principals: ["org:test-org"] },
      ]);
      assert.equal((await b.request("carol", "GET", `${CONNS}/${id}`)).status, 200);

      // DELETE restores the default.
      assert.equal((await b.request("alice", "DELETE", `${POLICY}/${resource}`)).status, 204);
      assert.equal(
        (await b.request("carol", "PATCH", `${CONNS}/${id}`, connectionBody({ name: "open-again" }))).status,
        200,
      );
    });

    it("adding a connection to a group needs resolver on it: 403 naming the connection and relation (404 when it is hidden)", async () => {
      const mine = await conn("bob", "bob-own", ["env:b1"]);
      const theirs = await conn("alice", "alice-view-only", ["env:b2"]);
      const hidden = await conn("alice", "alice-hidden", ["env:b3"]);
      await restrict("alice", `connection:${theirs}`, [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "viewer", principals: ["user:bob"] },
      ]);
      await restrict("alice", `connection:${hidden}`, [{ relation: "editor", principals: ["user:alice"] }]);

      const attempt = await b.request(
        "bob",
        "POST",
        GROUPS,
        groupBody({ name: "bobs", integration_type: "AWS", tag_keys: ["env"], connections: [mine, theirs] }),
      );
      assert.equal(attempt.status, 403);
      assert.equal(
        attempt.body.errors[0].detail,
        `user "bob" has no resolver permission on connection:${theirs} (only viewer), so it cannot be added to a group`,
      );
      // One bob cannot view answers exactly as one that does not exist.
      const hiddenAttempt = await b.request(
        "bob",
        "POST",
        GROUPS,
        groupBody({ name: "bobs", integration_type: "AWS", tag_keys: ["env"], connections: [hidden] }),
      );
      assert.equal(hiddenAttempt.status, 404);
      assert.equal(hiddenAttempt.body.errors[0].detail, `connection ${hidden} (connections[0]) does not exist`);

      const created = await b.request(
        "bob",
        "POST",
        GROUPS,
        groupBody({ name: "bobs", integration_type: "AWS", tag_keys: ["env"], connections: [mine] }),
      );
      assert.equal(created.status, 201);
      const gid = created.body.data.id;
      const add = await b.request("bob", "PATCH", `${GROUPS}/${gid}`, groupBody({ connections: [mine, theirs] }));
      assert.equal(add.status, 403);
      assert.deepEqual((await b.request("bob", "GET", `${GROUPS}/${gid}`)).body.data.attributes.connections, [mine]);

      // alice owns `theirs` and can add it; bob may then edit the group without re-checking it.
      assert.equal(
        (await b.request("alice", "PATCH", `${GROUPS}/${gid}`, groupBody({ connections: [mine, theirs] }))).status,
        200,
      );
      assert.equal(
        (await b.request("bob", "PATCH", `${GROUPS}/${gid}`, groupBody({ name: "bobs-renamed" }))).status,
        200,
      );

      // Resolving to a member bob may only view is 403.
      const resolve = await b.request("bob", "GET", `${GROUPS}/${gid}/resolve?identifiers[env]=b2`);
      assert.equal(resolve.status, 403);
      assert.match(
        resolve.body.errors[0].detail,
        new RegExp(`user "bob" has no resolver permission on connection:${theirs} \\(only viewer\\)`),
      );
      assert.equal((await b.request("bob", "GET", `${GROUPS}/${gid}/resolve?identifiers[env]=b1`)).status, 200);
    });

    it("group policies: a viewer uses the group (with resolver on the member), cannot edit it; resolver is no group relation", async () => {
      const c = await conn("alice", "gp", ["env:gp"]);
      const g = await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: "gp", integration_type: "AWS", tag_keys: ["env"], connections: [c] }),
      );
      const resource = `connection-group:${g.body.data.id}`;
      await restrict("alice", resource, [
        { relation: "editor", principals: ["role:admin"] },
        { relation: "viewer", principals: ["user:carol"] },
      ]);
      assert.equal((await b.request("carol", "GET", `${GROUPS}/${g.body.data.id}`)).status, 200);
      const resolve = await b.request("carol", "GET", `${GROUPS}/${g.body.data.id}/resolve?identifiers[env]=gp`);
      assert.equal(resolve.status, 200, "Datadog's group relations are viewer and editor: a viewer may use it");
      assert.equal(resolve.body.data.id, c);
      const resolverOnGroup = await b.request(
        "alice",
        "POST",
        `${POLICY}/${resource}`,
        policyBody(resource, [
          { relation: "resolver", principals: ["user:carol"] },
          { relation: "editor", principals: ["user:alice"] },
        ]),
      );
      assert.equal(resolverOnGroup.status, 400);
      assert.equal(resolverOnGroup.body.errors[0].source.pointer, "/data/attributes/bindings/0/relation");
      assert.match(
        resolverOnGroup.body.errors[0].detail,
        /"resolver" is not a relation of connection groups \(viewer, editor\)/,
      );
      assert.equal((await b.request("carol", "DELETE", `${GROUPS}/${g.body.data.id}`)).status, 403);
      assert.equal((await b.request("bob", "GET", `${GROUPS}/${g.body.data.id}`)).status, 404);
      assert.equal((await b.request("alice", "DELETE", `${GROUPS}/${g.body.data.id}`)).status, 204);
    });

    it("refuses invalid policies and self-lockout with a specific 400", async () => {
      const id = await conn("alice", "lockout");
      const resource = `connection:${id}`;
      const bad = await b.request(
        "alice",
        "POST",
        `${POLICY}/${resource}`,
        policyBody(resource, [{ relation: "owner", principals: ["group:x"] }]),
      );
      assert.equal(bad.status, 400);
      const pointers = bad.body.errors.map((e: any) => e.source.pointer).sort();
      assert.deepEqual(pointers, ["/data/attributes/bindings/0/principals/0", "/data/attributes/bindings/0/relation"]);

      const lockout = await b.request(
        "alice",
        "POST",
        `${POLICY}/${resource}`,
        policyBody(resource, [{ relation: "viewer", principals: ["user:alice"] }]),
      );
      assert.equal(lockout.status, 400);
      assert.match(lockout.body.errors[0].detail, /would leave user "alice" only viewer .* allow_self_lockout=true/);
      const allowed = await b.request(
        "alice",
        "POST",
        `${POLICY}/${resource}?allow_self_lockout=true`,
        policyBody(resource, [{ relation: "viewer", principals: ["user:alice"] }]),
      );
      assert.equal(allowed.status, 200);
      assert.equal((await b.request("alice", "DELETE", `${CONNS}/${id}`)).status, 403);

      const mismatch = await b.request(
        "alice",
        "POST",
        `${POLICY}/${resource}`,
        policyBody(`connection:00000000-0000-4000-8000-000000000000`, []),
      );
      assert.equal(mismatch.status, 409);
      assert.equal((await b.request("alice", "GET", `${POLICY}/dashboard:abc`)).status, 400);
      assert.equal(
        (await b.request("alice", "GET", `${POLICY}/connection:00000000-0000-4000-8000-000000000000`)).status,
        404,
      );
    });
  });
});
