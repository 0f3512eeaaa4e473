/**
 * The wire format of access: restriction policies, the current user and their team memberships.
 * Our client's requests are compared with what Datadog's official client
 * (`@datadog/datadog-api-client`, a real peer) sends for the same call; our client parses
 * Datadog's documented responses; and the official client reads the local backend's answers.
 */
import assert from "node:assert/strict";
import { client as dd, v2 } from "@datadog/datadog-api-client";
import { ConnectionsClient } from "../../client";
import { TestBackend, awsConnection, startTestBackend } from "../support/backend";
import { KEYS, testClient } from "./helpers";
import { RecordedRequest, ScriptedServer, Step } from "./scripted-server";

const CID = "11111111-2222-4333-8444-555555555555";
const ROLE = "00000000-0000-1111-0000-000000000000";
const TEAM = "8a1f7d6e-0c2b-4f3a-9e5d-7b6c5a4d3e2f";
const ORG = "10000000-0000-1111-0000-000000000000";
const USER = "3f9c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59";

/** The body of Datadog's documented example response for a restriction policy. */
const policyDoc = (id: string, bindings: unknown[]) => ({
  data: { id, type: "restriction_policy", attributes: { bindings } },
});

/** Datadog's documented `GET /api/v2/current_user` response (UserResponse), trimmed to a user of one role. */
const currentUserDoc = {
  data: {
    type: "users",
    id: USER,
    attributes: {
      name: "Pulumi CI",
      handle: "ci@example.com",
      email: "ci@example.com",
      created_at: "2019-09-19T10:00:00.000Z",
      disabled: false,
      service_account: true,
      status: "Active",
      verified: true,
      mfa_enabled: false,
      uuid: USER,
    },
    relationships: {
      org: { data: { type: "orgs", id: ORG } },
      roles: { data: [{ type: "roles", id: ROLE }] },
      other_orgs: { data: [] },
      other_users: { data: [] },
    },
  },
  included: [{ type: "roles", id: ROLE, attributes: { name: "Datadog Standard Role" } }],
};

/** Datadog's `GET /api/v2/users/{user_uuid}/memberships` response (UserTeamsResponse), `n` teams. */
const membershipsDoc = (teams: string[]) => ({
  data: teams.map((t, i) => ({
    type: "team_memberships",
    id: `m-${i}`,
    attributes: { role: i === 0 ? "admin" : null, provisioned_by: "user" },
    relationships: { team: { data: { type: "team", id: t } }, user: { data: { type: "users", id: USER } } },
  })),
  meta: { pagination: { total: teams.length } },
});

function officialConfig(url: string, keys: { apiKey: string; appKey: string } = KEYS) {
  return dd.createConfiguration({
    authMethods: { apiKeyAuth: keys.apiKey, appKeyAuth: keys.appKey },
    baseServer: new dd.BaseServerConfiguration(url, {}),
    httpConfig: { compress: false },
    enableRetry: false,
  });
}

/** The request the server saw, reduced to what the wire format is: method, path, query, body, content type. */
function wire(req: RecordedRequest) {
  const url = new URL(req.url, "http://x");
  return {
    method: req.method,
    path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams),
    body: req.json,
    contentType: req.body ? String(req.headers["content-type"]).split(";")[0] : undefined,
  };
}

describe("client: access wire format (Datadog's documented API, the official client as peer)", () => {
  let server: ScriptedServer | undefined;
  let ours: ConnectionsClient | undefined;
  afterEach(async () => {
    ours?.close();
    await server?.close();
    server = ours = undefined;
  });

  it("POST a policy: the same request as the official client's updateRestrictionPolicy, allow_self_lockout included", async () => {
    const bindings = [
      { relation: "resolver", principals: [`team:${TEAM}`] },
      { relation: "editor", principals: [`role:${ROLE}`, `org:${ORG}`] },
    ];
    const resource = `connection:${CID}`;
    server = await ScriptedServer.start(() => ({ status: 200, body: policyDoc(resource, bindings) }));
    ours = testClient(server.url);
    await ours.policies.set(resource, bindings, { allowSelfLockout: true });
    await ours.policies.set(resource, bindings);
    const api = new v2.RestrictionPoliciesApi(officialConfig(server.url));
    const body = { data: { id: resource, type: "restriction_policy" as const, attributes: { bindings } } };
    await api.updateRestrictionPolicy({ resourceId: resource, body, allowSelfLockout: true });
    await api.updateRestrictionPolicy({ resourceId: resource, body });

    const [oursLockout, oursPlain, theirsLockout, theirsPlain] = server.requests.map(wire);
    assert.deepEqual(oursLockout, theirsLockout);
    assert.deepEqual(oursPlain, theirsPlain);
    assert.deepEqual(oursLockout, {
      method: "POST",
      path: `/api/v2/restriction_policy/${resource}`,
      query: { allow_self_lockout: "true" },
      body,
      contentType: "application/json",
    });
    assert.deepEqual(oursPlain.query, {});
    for (const req of server.requests) {
      assert.equal(req.headers["dd-api-key"], KEYS.apiKey);
      assert.equal(req.headers["dd-application-key"], KEYS.appKey);
    }
  });

  it("GET and DELETE a policy: the same requests as the official client's; documented responses parsed", async () => {
    const resource = `connection-group:${CID}`;
    const script: Step[] = [
      {
        status: 200,
        body: policyDoc(resource, [
          { relation: "editor", principals: [`role:${ROLE}`] },
          { relation: "viewer", principals: [`org:${ORG}`] },
        ]),
      },
      // No policy: Datadog answers 200 with no bindings.
      { status: 200, body: policyDoc(resource, []) },
      { status: 204 },
      { status: 200, body: policyDoc(resource, []) },
      { status: 204 },
    ];
    server = await ScriptedServer.start(script);
    ours = testClient(server.url);
    assert.deepEqual(await ours.policies.get(resource), {
      resourceId: resource,
      bindings: [
        { relation: "editor", principals: [`role:${ROLE}`] },
        { relation: "viewer", principals: [`org:${ORG}`] },
      ],
    });
    assert.deepEqual(await ours.policies.get(resource), { resourceId: resource, bindings: [] });
    await ours.policies.delete(resource);
    const api = new v2.RestrictionPoliciesApi(officialConfig(server.url));
    await api.getRestrictionPolicy({ resourceId: resource });
    await api.deleteRestrictionPolicy({ resourceId: resource });
    const [get, , del, theirGet, theirDel] = server.requests.map(wire);
    assert.deepEqual(get, theirGet);
    assert.deepEqual(del, theirDel);
    assert.deepEqual(get, {
      method: "GET",
      path: `/api/v2/restriction_policy/${resource}`,
      query: {},
      body: undefined,
      contentType: undefined,
    });
  });

  it("current user and teams: the official client's getCurrentUser and getUserMemberships paths; documented responses parsed, pages followed", async () => {
    const many = Array.from({ length: 100 }, (_, i) => `team-${String(i).padStart(3, "0")}`);
    server = await ScriptedServer.start([
      { status: 200, body: currentUserDoc },
      { status: 200, body: membershipsDoc(many) },
      { status: 200, body: membershipsDoc([TEAM]) },
      { status: 200, body: currentUserDoc },
      { status: 200, body: membershipsDoc([TEAM]) },
    ]);
    ours = testClient(server.url);
    assert.deepEqual(await ours.users.current(), { id: USER, orgId: ORG, roles: [ROLE] });
    assert.deepEqual(await ours.users.teams(USER), [...many, TEAM]);
    const config = officialConfig(server.url);
    const user = await new v2.UsersApi(config).getCurrentUser();
    assert.equal(user.data?.relationships?.org?.data?.id, ORG, "the documented shape, as the official client reads it");
    await new v2.TeamsApi(config).getUserMemberships({ userUuid: USER });
    const [me, page0, page1, theirMe, theirTeams] = server.requests.map(wire);
    assert.equal(me.path, theirMe.path);
    assert.equal(me.path, "/api/v2/current_user");
    assert.equal(page0.path, theirTeams.path);
    assert.equal(page0.path, `/api/v2/users/${USER}/memberships`);
    assert.deepEqual(
      [page0.query, page1.query],
      [
        { "page[size]": "100", "page[number]": "0" },
        { "page[size]": "100", "page[number]": "1" },
      ],
    );
  });

  describe("the official client against the local backend", () => {
    let b: TestBackend;
    before(async () => (b = await startTestBackend()));
    after(async () => b?.close());
    const config = (user: "alice" | "bob") => officialConfig(b.url, { apiKey: b.apiKey, appKey: b.appKey(user) });

    it("reads and writes policies, the current user and memberships in the shapes it knows", async () => {
      const created = await b.request("alice", "POST", "/api/v2/actions/connections", awsConnection("peer"));
      const resource = `connection:${created.body.data.id}`;
      const api = new v2.RestrictionPoliciesApi(config("alice"));
      const none = await api.getRestrictionPolicy({ resourceId: resource });
      assert.deepEqual(none.data.attributes.bindings, []);
      const bindings = [
        { relation: "resolver", principals: ["team:payments"] },
        { relation: "editor", principals: ["user:alice"] },
      ];
      const written = await api.updateRestrictionPolicy({
        resourceId: resource,
        body: { data: { id: resource, type: "restriction_policy", attributes: { bindings } } },
      });
      assert.equal(written._unparsed, undefined);
      assert.equal(written.data.id, resource);
      assert.deepEqual(
        written.data.attributes.bindings.map((x) => ({ relation: x.relation, principals: x.principals })),
        bindings,
      );
      // Taking editor away from oneself needs allow_self_lockout, as on Datadog.
      const lockout = {
        data: {
          id: resource,
          type: "restriction_policy" as const,
          attributes: { bindings: [{ relation: "editor", principals: ["user:bob"] }] },
        },
      };
      await assert.rejects(
        api.updateRestrictionPolicy({ resourceId: resource, body: lockout }),
        (err: { code?: number }) => err.code === 400,
      );
      await api.updateRestrictionPolicy({ resourceId: resource, body: lockout, allowSelfLockout: true });
      const asBob = new v2.RestrictionPoliciesApi(config("bob"));
      await asBob.deleteRestrictionPolicy({ resourceId: resource });
      assert.deepEqual((await api.getRestrictionPolicy({ resourceId: resource })).data.attributes.bindings, []);

      const me = await new v2.UsersApi(config("bob")).getCurrentUser();
      assert.equal(me.data?.id, "bob");
      assert.equal(me.data?.relationships?.org?.data?.id, "test-org");
      assert.deepEqual(
        me.data?.relationships?.roles?.data?.map((r) => r.id),
        ["dev"],
      );
      const teams = await new v2.TeamsApi(config("bob")).getUserMemberships({ userUuid: "bob" });
      assert.deepEqual(
        teams.data?.map((m) => m.relationships?.team?.data?.id),
        ["payments"],
      );
      assert.equal(teams.data?.[0].type, "team_memberships");
    });
  });
});
