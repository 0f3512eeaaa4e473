/**
 * Who the caller is (Datadog's current_user and user memberships), teams as principals, and the
 * policy endpoint's rules (the rules module's, the same ones preview runs).
 */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  awsConnection,
  groupBody,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

describe("backend: identity and policy rules", function () {
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  async function conn(name: string, tags: string[] = []): Promise<string> {
    const res = await b.request("alice", "POST", CONNS, awsConnection(name, tags));
    assert.equal(res.status, 201);
    return res.body.data.id;
  }

  it("GET /api/v2/current_user: the key's user with org and roles, in Datadog's shape", async () => {
    const res = await b.request("bob", "GET", "/api/v2/current_user");
    assert.equal(res.status, 200);
    assert.equal(res.body.data.type, "users");
    assert.equal(res.body.data.id, "bob");
    assert.deepEqual(res.body.data.relationships.org, { data: { type: "orgs", id: "test-org" } });
    assert.deepEqual(res.body.data.relationships.roles, { data: [{ type: "roles", id: "dev" }] });
    assert.equal(
      (await b.request({ apiKey: b.apiKey }, "GET", "/api/v2/current_user")).status,
      403,
      "a missing application key is a 403, as on Datadog",
    );
    assert.equal((await b.request("bob", "GET", "/api/v2/current_user?x=1")).status, 400);
  });

  it("GET /api/v2/users/{id}/memberships: teams as team_memberships, paged; unknown user 404", async () => {
    const res = await b.request("alice", "GET", "/api/v2/users/bob/memberships");
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.data.map((m: any) => [m.type, m.relationships.team.data]),
      [["team_memberships", { type: "team", id: "payments" }]],
    );
    assert.deepEqual((await b.request("carol", "GET", "/api/v2/users/carol/memberships")).body.data, []);
    assert.deepEqual(
      (await b.request("alice", "GET", "/api/v2/users/bob/memberships?page[size]=1&page[number]=1")).body.data,
      [],
    );
    assert.equal((await b.request("alice", "GET", "/api/v2/users/nobody/memberships")).status, 404);
  });

  it("a team principal grants its members the relation", async () => {
    const id = await conn("team-resolvable", ["env:team"]);
    const resource = `connection:${id}`;
    const set = await b.request(
      "alice",
      "POST",
      `${POLICY}/${resource}`,
      policyBody(resource, [
        { relation: "editor", principals: ["team:platform"] },
        { relation: "resolver", principals: ["team:payments"] },
      ]),
    );
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const bobView = await b.request("bob", "GET", `${CONNS}/${id}`);
    assert.equal(bobView.status, 200);
    assert.equal(bobView.body.data.attributes.acting_user_can_resolve, true);
    assert.equal(
      (
        await b.request("bob", "PATCH", `${CONNS}/${id}`, {
          data: { type: "action_connection", attributes: { name: "x" } },
        })
      ).status,
      403,
    );
    assert.equal((await b.request("carol", "GET", `${CONNS}/${id}`)).status, 404);
    // bob (team payments) may add it to a group; carol may not even see it.
    const body = groupBody({ name: "g", integration_type: "AWS", tag_keys: ["env"], connections: [id] });
    // carol cannot view it: 404, exactly as for a connection that does not exist.
    const carols = await b.request("carol", "POST", GROUPS, body);
    assert.equal(carols.status, 404);
    assert.equal(carols.body.errors[0].detail, `connection ${id} (connections[0]) does not exist`);
    assert.equal((await b.request("bob", "POST", GROUPS, body)).status, 201);
  });

  const bad: [string, unknown, RegExp, string][] = [
    [
      "a principal twice in a relation",
      [{ relation: "editor", principals: ["user:alice", "user:alice"] }],
      /"user:alice" is listed twice/,
      "/data/attributes/bindings/0/principals/1",
    ],
    [
      "an unknown principal type",
      [{ relation: "editor", principals: ["user:alice", "group:x"] }],
      /a principal is type:id with type user, role, team, org/,
      "/data/attributes/bindings/0/principals/1",
    ],
    [
      "an id with a space",
      [{ relation: "editor", principals: ["user:alice", "role:a b"] }],
      /the id after "role:" must be/,
      "/data/attributes/bindings/0/principals/1",
    ],
    [
      "a relation twice",
      [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "editor", principals: ["role:dev"] },
      ],
      /repeats relation "editor"/,
      "/data/attributes/bindings/1/relation",
    ],
    [
      "no principals",
      [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "viewer", principals: [] },
      ],
      /at least one principal/,
      "/data/attributes/bindings/1/principals",
    ],
    [
      "an unknown relation",
      [
        { relation: "editor", principals: ["user:alice"] },
        { relation: "runner", principals: ["role:dev"] },
      ],
      /"runner" is not a relation of connections \(viewer, resolver, editor\)/,
      "/data/attributes/bindings/1/relation",
    ],
    [
      "an extra field",
      [{ relation: "editor", principals: ["user:alice"], note: "x" }],
      /is not a field of a binding/,
      "/data/attributes/bindings/0/note",
    ],
    ["bindings not a list", "editor", /must be a list/, "/data/attributes/bindings"],
  ];
  for (const [title, bindings, detail, pointer] of bad) {
    it(`policy with ${title}: 400 with its pointer, nothing stored`, async () => {
      const id = await conn(`bad-${title}`);
      const resource = `connection:${id}`;
      const res = await b.request("alice", "POST", `${POLICY}/${resource}`, policyBody(resource, bindings as never));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      const problem = res.body.errors.find((e: any) => e.source?.pointer === pointer);
      assert.ok(problem, JSON.stringify(res.body.errors));
      assert.match(problem.detail, detail);
      assert.deepEqual((await b.request("alice", "GET", `${POLICY}/${resource}`)).body.data.attributes.bindings, []);
    });
  }
});
