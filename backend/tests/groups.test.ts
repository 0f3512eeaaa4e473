/** Connection groups: every rule refused with the right status and a clear detail; resolution; concurrency. */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  TestBackend,
  awsConnection,
  connectionBody,
  groupBody,
  httpConnection,
  startTestBackend,
} from "../../tests/support/backend";

describe("backend: connection groups", function () {
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  async function aws(name: string, tags: string[]): Promise<string> {
    const res = await b.request("alice", "POST", CONNS, awsConnection(name, tags));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.id;
  }

  async function group(attributes: Record<string, unknown>) {
    return b.request("alice", "POST", GROUPS, groupBody({ integration_type: "AWS", tag_keys: ["env"], ...attributes }));
  }

  it("create, get, list, patch, delete", async () => {
    const prod = await aws("g-prod", ["env:prod"]);
    const staging = await aws("g-staging", ["env:staging"]);
    const created = await group({ name: "by-env", connections: [prod, staging] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, type, attributes } = created.body.data;
    assert.equal(type, "connection_group");
    assert.deepEqual(
      {
        name: attributes.name,
        integration_type: attributes.integration_type,
        tag_keys: attributes.tag_keys,
        connections: attributes.connections,
      },
      { name: "by-env", integration_type: "AWS", tag_keys: ["env"], connections: [prod, staging] },
    );
    assert.deepEqual((await b.request("alice", "GET", `${GROUPS}/${id}`)).body.data, created.body.data);
    const listed = await b.request("alice", "GET", `${GROUPS}?filter[integration]=AWS`);
    assert.ok(listed.body.data.some((g: any) => g.id === id));

    // PATCH any subset: keys replaced whole, members may become empty.
    const renamed = await b.request("alice", "PATCH", `${GROUPS}/${id}`, groupBody({ name: "renamed" }));
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.body.data.attributes.connections, [prod, staging]);
    const emptied = await b.request(
      "alice",
      "PATCH",
      `${GROUPS}/${id}`,
      groupBody({ connections: [], tag_keys: ["region"] }),
    );
    assert.equal(emptied.status, 200, JSON.stringify(emptied.body));
    assert.deepEqual(emptied.body.data.attributes.tag_keys, ["region"]);
    assert.deepEqual(emptied.body.data.attributes.connections, []);

    assert.equal((await b.request("alice", "DELETE", `${GROUPS}/${id}`)).status, 204);
    assert.equal((await b.request("alice", "GET", `${GROUPS}/${id}`)).status, 404);
  });

  it("shape rules are 400 with a pointer at the wire attribute", async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ name: "k0", tag_keys: [] }, "/data/attributes/tag_keys", /at least one identifier tag key .*never emptied/],
      [{ name: "k4", tag_keys: ["a", "b", "c", "d"] }, "/data/attributes/tag_keys", /at most 3 entries/],
      [
        { name: "kc", tag_keys: ["env:prod"] },
        "/data/attributes/tag_keys/0",
        /is a tag key, so it may not contain ':'/,
      ],
      [{ name: "kd", tag_keys: ["default"] }, "/data/attributes/tag_keys/0", /'default' is reserved/],
      [{ name: "kk", tag_keys: ["env", "env"] }, "/data/attributes/tag_keys/1", /"env" is listed twice/],
      [{ name: "it", integration_type: "Nope" }, "/data/attributes/integration_type", /"Nope" is not one of/],
      [{ name: "" }, "/data/attributes/name", /name must not be empty/],
      [{ name: "id", connections: ["nope"] }, "/data/attributes/connections/0", /not a connection id/],
      [{ name: "uf", colour: "red" }, "/data/attributes/colour", /unknown field "colour"/],
    ];
    for (const [attrs, pointer, detail] of cases) {
      const res = await group(attrs);
      assert.equal(res.status, 400, `${JSON.stringify(attrs)} -> ${JSON.stringify(res.body)}`);
      const error = res.body.errors.find((e: any) => e.source?.pointer === pointer);
      assert.ok(error, `${JSON.stringify(attrs)}: no error at ${pointer}: ${JSON.stringify(res.body)}`);
      assert.match(error.detail, detail);
    }
  });

  it("member rules are 409 with a detail naming the members and values", async () => {
    const a = await aws("clash-a", ["env:qa"]);
    const a2 = await aws("clash-a2", ["env:qa"]);
    const multi = await aws("two-envs", ["env:x", "env:y"]);
    const none = await aws("no-env", ["team:core"]);
    const http = (await b.request("alice", "POST", CONNS, httpConnection("http-member", ["env:web"]))).body.data.id;

    const clash = await group({ name: "clash", connections: [a, a2] });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.errors[0].source.pointer, "/data/attributes/connections/1");
    assert.match(
      clash.body.errors[0].detail,
      new RegExp(`"clash-a \\(${a}\\)" and "clash-a2 \\(${a2}\\)" both have env:qa`),
    );

    const mixed = await group({ name: "mixed", connections: [a, http] });
    assert.equal(mixed.status, 409);
    assert.match(mixed.body.errors[0].detail, /is a HTTP connection, but the group is for AWS connections/);

    const twoValues = await group({ name: "two", connections: [multi] });
    assert.equal(twoValues.status, 409);
    assert.match(twoValues.body.errors[0].detail, /has 2 values for env \(env:x, env:y\)/);

    const missing = await group({ name: "missing", connections: [none] });
    assert.equal(missing.status, 409);
    assert.match(missing.body.errors[0].detail, /"no-env \(.*\)" has no env tag/);

    // A repeated id is a shape rule (400, before any member is read), not a member rule.
    const twice = await group({ name: "twice", connections: [a, a] });
    assert.equal(twice.status, 400);
    assert.match(twice.body.errors[0].detail, /is listed twice/);

    const unknownId = "00000000-0000-4000-8000-000000000001";
    const unknown = await group({ name: "unknown", connections: [a, unknownId] });
    assert.equal(unknown.status, 404);
    assert.match(
      unknown.body.errors[0].detail,
      new RegExp(`connection ${unknownId} \\(connections\\[1\\]\\) does not exist`),
    );

    // Replacing the keys re-checks every member against the new keys.
    const ok = await group({ name: "ok", connections: [a] });
    assert.equal(ok.status, 201);
    const rekey = await b.request("alice", "PATCH", `${GROUPS}/${ok.body.data.id}`, groupBody({ tag_keys: ["team"] }));
    assert.equal(rekey.status, 409);
    assert.match(rekey.body.errors[0].detail, /has no team tag/);
  });

  it("a member's tag change or deletion that would break its group is 409 naming the group", async () => {
    const one = await aws("m-one", ["env:one"]);
    const two = await aws("m-two", ["env:two"]);
    const g = await group({ name: "guarded", connections: [one, two] });
    assert.equal(g.status, 201);

    const retag = await b.request("alice", "PATCH", `${CONNS}/${two}`, connectionBody({ tags: ["env:one"] }));
    assert.equal(retag.status, 409);
    assert.match(
      retag.body.errors[0].detail,
      new RegExp(`member of group "guarded" \\(${g.body.data.id}\\).*both have env:one`),
    );
    const untag = await b.request("alice", "PATCH", `${CONNS}/${two}`, connectionBody({ tags: [] }));
    assert.equal(untag.status, 409);
    const retype = await b.request(
      "alice",
      "PATCH",
      `${CONNS}/${two}`,
      connectionBody({ integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: "sk-x" } } }),
    );
    assert.equal(retype.status, 409);
    assert.match(retype.body.errors[0].detail, /is a OpenAI connection, but the group is for AWS connections/);
    // A harmless change passes.
    assert.equal(
      (await b.request("alice", "PATCH", `${CONNS}/${two}`, connectionBody({ tags: ["env:two", "team:x"] }))).status,
      200,
    );

    const del = await b.request("alice", "DELETE", `${CONNS}/${one}`);
    assert.equal(del.status, 409);
    assert.match(
      del.body.errors[0].detail,
      new RegExp(`still a member of group "guarded" \\(${g.body.data.id}\\); remove it from the group first`),
    );
    assert.equal((await b.request("alice", "GET", `${CONNS}/${one}`)).status, 200);

    // Removing it from the group (relationship endpoint) frees it.
    const removed = await b.request("alice", "DELETE", `${GROUPS}/${g.body.data.id}/relationships/connections`, {
      data: [{ type: "action_connection", id: one }],
    });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.data.attributes.connections, [two]);
    assert.equal((await b.request("alice", "DELETE", `${CONNS}/${one}`)).status, 204);
  });

  it("resolves identifier values to the one matching member", async () => {
    const eu = await aws("r-eu", ["env:prod", "region:eu"]);
    const us = await aws("r-us", ["env:prod", "region:us"]);
    const g = await group({ name: "resolver", tag_keys: ["env", "region"], connections: [eu, us] });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    const path = `${GROUPS}/${g.body.data.id}/resolve`;

    const hit = await b.request("alice", "GET", `${path}?identifiers[env]=prod&identifiers[region]=us`);
    assert.equal(hit.status, 200);
    assert.equal(hit.body.data.id, us);
    assert.equal(hit.body.data.type, "action_connection");
    const miss = await b.request("alice", "GET", `${path}?identifiers[env]=prod&identifiers[region]=ap`);
    assert.equal(miss.status, 404);
    assert.match(miss.body.errors[0].detail, /no member of group "resolver" .* has env:prod, region:ap/);
    const wrongKeys = await b.request("alice", "GET", `${path}?identifiers[env]=prod`);
    assert.equal(wrongKeys.status, 400);
    assert.match(wrongKeys.body.errors[0].detail, /exactly the group's keys \(env, region\), got env/);
  });

  it("10 concurrent conflicting member additions: exactly one wins, the group stays valid", async () => {
    const base = await aws("c-base", ["env:base"]);
    const g = await group({ name: "race", connections: [base] });
    assert.equal(g.status, 201);
    const rivals: string[] = [];
    for (let i = 0; i < 10; i++) rivals.push(await aws(`c-rival-${i}`, ["env:contested"]));
    const results = await Promise.all(
      rivals.map((id) =>
        b.request("alice", "POST", `${GROUPS}/${g.body.data.id}/relationships/connections`, {
          data: [{ type: "action_connection", id }],
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(9).fill(409)], JSON.stringify(results.map((r) => r.body)));
    const final = await b.request("alice", "GET", `${GROUPS}/${g.body.data.id}`);
    const winner = results.find((r) => r.status === 200)!.body.data.attributes.connections[1];
    assert.deepEqual(final.body.data.attributes.connections, [base, winner]);
  });

  it("10 concurrent member re-tags onto the same value: exactly one wins", async () => {
    const members: string[] = [];
    for (let i = 0; i < 10; i++) members.push(await aws(`t-${i}`, [`env:e${i}`]));
    const g = await group({ name: "retag-race", connections: members });
    assert.equal(g.status, 201);
    const results = await Promise.all(
      members.map((id) => b.request("alice", "PATCH", `${CONNS}/${id}`, connectionBody({ tags: ["env:same"] }))),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, ...Array(9).fill(409)]);
    const list = await b.request("alice", "GET", `${CONNS}?filter[tags]=env:same`);
    assert.equal(list.body.meta.total_filtered, 1);
  });
});
