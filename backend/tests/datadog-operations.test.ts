/**
 * Datadog's three operations as the local backend serves them, written from Datadog's wire
 * contract: ListActionConnections, ListConnectionGroups and UpdateConnectionGroup. Paging edges,
 * every filter, repeated and percent-encoded keys, the error shapes, and access: a hidden
 * connection or member is never listed and never counted. One backend with fixed fixtures,
 * so every total is known.
 */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  UserName,
  awsConnection,
  groupBody,
  httpConnection,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe("backend: Datadog's list and group operations", function () {
  let b: TestBackend;
  /** Connections by fixture name. */
  const c: Record<string, string> = {};
  /** Groups by fixture name. */
  const g: Record<string, string> = {};

  async function connection(as: UserName, body: unknown): Promise<string> {
    const res = await b.request(as, "POST", CONNS, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.id;
  }
  async function group(attributes: Record<string, unknown>): Promise<string> {
    const res = await b.request("alice", "POST", GROUPS, groupBody(attributes));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.id;
  }
  async function restrict(kind: "connection" | "connection-group", id: string, bindings: unknown[]) {
    const res = await b.request(
      "alice",
      "POST",
      `${POLICY}/${kind}:${id}`,
      policyBody(`${kind}:${id}`, bindings as never),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  const list = (as: UserName, route: string, query = "") => b.request(as, "GET", `${route}${query ? `?${query}` : ""}`);
  const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((d) => d.id);
  const names = (res: { body: { data: { attributes: { name: string } }[] } }) =>
    res.body.data.map((d) => d.attributes.name);

  before(async () => {
    b = await startTestBackend();
    c.awsProd = await connection("alice", awsConnection("AWS prod", ["env:prod", "account_id:1"], "111111111111"));
    c.awsStaging = await connection(
      "alice",
      awsConnection("aws staging", ["env:staging", "account_id:2"], "222222222222"),
    );
    c.status = await connection("alice", httpConnection("status api", ["env:prod"], "tok-LIST-secret"));
    c.hidden = await connection("alice", awsConnection("aws hidden", ["env:prod", "account_id:3"], "333333333333"));
    c.bobs = await connection("bob", httpConnection("bob api", ["env:dev"]));
    c.viewOnly = await connection("alice", awsConnection("view only", ["env:qa", "account_id:4"], "444444444444"));
    // Carol may not view `hidden`, and may only view `viewOnly` (not resolve it).
    await restrict("connection", c.hidden, [{ relation: "editor", principals: ["user:alice"] }]);
    await restrict("connection", c.viewOnly, [
      { relation: "viewer", principals: ["user:carol"] },
      { relation: "editor", principals: ["user:alice"] },
    ]);
    g.accounts = await group({
      name: "Accounts",
      description: "every AWS account",
      integration_type: "AWS",
      tag_keys: ["account_id"],
      connections: [c.awsProd, c.awsStaging, c.hidden],
    });
    g.apis = await group({ name: "apis", integration_type: "HTTP", tag_keys: ["env"], connections: [c.status] });
    g.secret = await group({ name: "secret group", integration_type: "AWS", tag_keys: ["env"] });
    await restrict("connection-group", g.secret, [{ relation: "editor", principals: ["user:alice"] }]);
    g.onlyHidden = await group({
      name: "only hidden",
      integration_type: "AWS",
      tag_keys: ["account_id"],
      connections: [c.hidden],
    });
  });
  after(async () => b?.close());

  describe("GET /api/v2/actions/connections (ListActionConnections)", () => {
    it("items are ConnectionDataResponse with every required field, secrets blanked; meta has Datadog's counts", async () => {
      const res = await list("alice", CONNS);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(Object.keys(res.body).sort(), ["data", "meta"]);
      const status = res.body.data.find((d: { id: string }) => d.id === c.status);
      assert.equal(status.type, "action_connection");
      assert.deepEqual(Object.keys(status.attributes).sort(), [
        "acting_user_can_resolve",
        "created_at",
        "created_by",
        "external_secrets_manager",
        "integration",
        "is_favorite",
        "last_updated",
        "name",
        "tags",
      ]);
      assert.equal(status.attributes.name, "status api");
      assert.deepEqual(status.attributes.tags, ["env:prod"]);
      assert.equal(status.attributes.acting_user_can_resolve, true);
      assert.equal(status.attributes.is_favorite, false);
      assert.deepEqual(status.attributes.created_by, { id: "alice" });
      assert.deepEqual(status.attributes.external_secrets_manager, {
        aws: { connection_id: "00000000-0000-0000-0000-000000000000", region: "" },
      });
      assert.ok(!JSON.stringify(res.body).includes("tok-LIST-secret"), "a secret in the list");
      assert.equal(status.attributes.integration.credentials.tokens[0].value, "");
      assert.deepEqual(res.body.meta, {
        total: 6,
        total_filtered: 6,
        integration_counts: [
          { integration_type: "AWS", total_count: 4, filtered_count: 4 },
          { integration_type: "HTTP", total_count: 2, filtered_count: 2 },
        ],
      });
    });

    it("hidden connections are never listed nor counted, in totals and integration_counts too", async () => {
      const res = await list("carol", CONNS);
      assert.ok(!ids(res).includes(c.hidden));
      assert.deepEqual(res.body.meta, {
        total: 5,
        total_filtered: 5,
        integration_counts: [
          { integration_type: "AWS", total_count: 3, filtered_count: 3 },
          { integration_type: "HTTP", total_count: 2, filtered_count: 2 },
        ],
      });
      for (const query of [
        `filter[connection_ids]=${c.hidden}`,
        "filter[search]=hidden",
        "filter[tags]=account_id:3",
      ]) {
        const found = await list("carol", CONNS, query);
        assert.deepEqual([found.body.data, found.body.meta.total_filtered], [[], 0], query);
        assert.equal(found.body.meta.total, 5, query);
      }
      const filtered = await list("carol", CONNS, "filter[integration]=AWS&filter[environment]=prod");
      assert.deepEqual(ids(filtered), [c.awsProd]);
      assert.deepEqual(filtered.body.meta.integration_counts, [
        { integration_type: "AWS", total_count: 3, filtered_count: 1 },
        { integration_type: "HTTP", total_count: 2, filtered_count: 0 },
      ]);
    });

    it("paging: 0-based, default size 50; size 1; the last page short; a page past the end empty with the counts", async () => {
      const all = await list("alice", CONNS);
      assert.equal(all.body.data.length, 6, "the default page (50) holds them all");
      const first = await list("alice", CONNS, "page[number]=0");
      assert.deepEqual(ids(first), ids(all));
      const ones: string[] = [];
      for (let n = 0; n < 6; n++) {
        const page = await list("alice", CONNS, `page[size]=1&page[number]=${n}`);
        assert.equal(page.body.data.length, 1);
        assert.equal(page.body.meta.total_filtered, 6);
        ones.push(...ids(page));
      }
      assert.deepEqual(ones, ids(all), "pages of 1 join up to the list, in order");
      const last = await list("alice", CONNS, "page[size]=4&page[number]=1");
      assert.deepEqual(ids(last), ids(all).slice(4));
      for (const query of ["page[size]=4&page[number]=2", "page[size]=1&page[number]=6", "page[number]=99"]) {
        const past = await list("alice", CONNS, query);
        assert.equal(past.status, 200);
        assert.deepEqual([past.body.data, past.body.meta.total, past.body.meta.total_filtered], [[], 6, 6], query);
      }
      const empty = await list("alice", CONNS, "filter[tags]=nothing:here");
      assert.deepEqual([empty.body.data, empty.body.meta.total_filtered, empty.body.meta.total], [[], 0, 6]);
      for (const bad of [
        "page[size]=0",
        "page[size]=101",
        "page[number]=-1",
        "page[size]=x",
        "page[size]=1&page[size]=2",
      ]) {
        const res = await list("alice", CONNS, bad);
        assert.equal(res.status, 400, bad);
        assert.match(res.body.errors[0].detail, /page\[(size|number)\]/, bad);
      }
    });

    it("each filter, repeated values as the contract says", async () => {
      const by = async (query: string) =>
        (await list("alice", CONNS, query)).body.data.map((d: { id: string }) => d.id);
      assert.deepEqual(new Set(await by("filter[integration]=HTTP")), new Set([c.status, c.bobs]));
      assert.equal(
        (await by("filter[integration]=AWS&filter[integration]=HTTP")).length,
        6,
        "integrations: any of them",
      );
      assert.deepEqual(new Set(await by("filter[tags]=env:prod")), new Set([c.awsProd, c.status, c.hidden]));
      assert.deepEqual(await by("filter[tags]=env:prod&filter[tags]=account_id:1"), [c.awsProd], "tags: all of them");
      assert.deepEqual(
        new Set(await by("filter[environment]=prod")),
        new Set([c.awsProd, c.status, c.hidden]),
        "environment: the env tag",
      );
      assert.deepEqual(
        new Set(await by(`filter[connection_ids]=${c.awsProd}&filter[connection_ids]=${c.status.toUpperCase()}`)),
        new Set([c.awsProd, c.status]),
        "ids: any of them, in any letter case",
      );
      assert.deepEqual(await by("filter[connection_ids]=not-a-uuid"), [], "an id that is no UUID matches nothing");
      assert.deepEqual(await by("filter[creator_ids]=bob"), [c.bobs]);
      assert.equal((await by("filter[creator_ids]=bob&filter[creator_ids]=alice")).length, 6);
      assert.deepEqual(
        new Set(await by("filter[search]=AWS")),
        new Set([c.awsProd, c.awsStaging, c.hidden]),
        "search: part of the name, any case",
      );
      assert.deepEqual(await by("filter[search]=STATUS%20A"), [c.status]);
      const sorted = await list("alice", CONNS, "sort=name");
      assert.deepEqual(names(sorted), [...names(sorted)].sort());
      const reversed = await list("alice", CONNS, "sort=-name");
      assert.deepEqual(names(reversed), [...names(sorted)].reverse());
      const newest = await list("alice", CONNS, "sort=-created_at");
      assert.deepEqual(ids(newest), [...ids(await list("alice", CONNS))].reverse());
      assert.deepEqual(ids(await list("alice", CONNS, "sort=-last_updated&sort=name")).length, 6);
      const badSort = await list("alice", CONNS, "sort=secrets");
      assert.equal(badSort.status, 400);
      assert.equal(badSort.body.errors[0].source.parameter, "sort");
    });

    it("bracketed names raw or percent-encoded, repeated either way", async () => {
      const raw = await list("alice", CONNS, "filter[integration]=AWS&filter[tags]=env:prod");
      const encoded = await list("alice", CONNS, "filter%5Bintegration%5D=AWS&filter%5Btags%5D=env%3Aprod");
      assert.equal(encoded.status, 200, JSON.stringify(encoded.body));
      assert.deepEqual(ids(encoded), ids(raw));
      assert.deepEqual(new Set(ids(raw)), new Set([c.awsProd, c.hidden]));
      const repeated = await list("alice", CONNS, "filter%5Bintegration%5D=AWS&filter%5Bintegration%5D=HTTP");
      assert.equal(repeated.body.data.length, 6);
      const paged = await list("alice", CONNS, "page%5Bsize%5D=2&page%5Bnumber%5D=1");
      assert.deepEqual(ids(paged), ids(await list("alice", CONNS)).slice(2, 4));
    });

    it("an unknown query key (the old filter[tag] too) is a 400 JSON:API error naming it", async () => {
      for (const key of ["filter[tag]", "filter[name]", "page[offset]", "filter%5Bnope%5D"]) {
        const res = await list("alice", CONNS, `${key}=x`);
        assert.equal(res.status, 400, key);
        assert.match(String(res.headers["content-type"]), /application\/vnd\.api\+json/);
        assert.equal(res.body.errors[0].status, "400");
        assert.match(res.body.errors[0].detail, /unknown query parameter/);
        assert.equal(res.body.errors[0].source.parameter, decodeURIComponent(key));
      }
    });
  });

  describe("GET /api/v2/actions/connections/groups (ListConnectionGroups)", () => {
    it("routed before {connection_id}: the list, with Datadog's item shape, meta, and the extensions header", async () => {
      const res = await list("alice", GROUPS);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.headers["x-connection-group-extensions"], "create, read, delete, members, resolve");
      const accounts = res.body.data.find((d: { id: string }) => d.id === g.accounts);
      assert.equal(accounts.type, "connection_group");
      const { created_at, last_updated_at, removed_members, ...attributes } = accounts.attributes;
      assert.ok(Date.parse(created_at) && Date.parse(last_updated_at));
      assert.deepEqual(removed_members, [], "the editor's extension attribute");
      assert.deepEqual(attributes, {
        name: "Accounts",
        description: "every AWS account",
        integration_type: "AWS",
        tag_keys: ["account_id"],
        connections: [c.awsProd, c.awsStaging, c.hidden],
        is_favorite: false,
      });
      assert.deepEqual(accounts.relationships, { created_by: { data: { id: "alice", type: "users" } } });
      assert.deepEqual(res.body.meta, {
        total: 4,
        total_filtered: 4,
        integration_counts: [
          { integration_type: "AWS", total_count: 3, filtered_count: 3 },
          { integration_type: "HTTP", total_count: 1, filtered_count: 1 },
        ],
      });
    });

    it("hidden groups and members are never listed nor counted", async () => {
      const res = await list("carol", GROUPS);
      assert.deepEqual(new Set(ids(res)), new Set([g.accounts, g.apis, g.onlyHidden]));
      assert.deepEqual(res.body.meta, {
        total: 3,
        total_filtered: 3,
        integration_counts: [
          { integration_type: "AWS", total_count: 2, filtered_count: 2 },
          { integration_type: "HTTP", total_count: 1, filtered_count: 1 },
        ],
      });
      const accounts = res.body.data.find((d: { id: string }) => d.id === g.accounts);
      assert.deepEqual(accounts.attributes.connections, [c.awsProd, c.awsStaging]);
      assert.deepEqual(res.body.data.find((d: { id: string }) => d.id === g.onlyHidden).attributes.connections, []);
      const byId = await list("carol", GROUPS, `filter[connection_group_ids]=${g.secret}`);
      assert.deepEqual([byId.body.data, byId.body.meta.total_filtered, byId.body.meta.total], [[], 0, 3]);
      // A hidden member's tags never select a group.
      const prod = await list("carol", GROUPS, "filter[environment]=prod");
      assert.deepEqual(new Set(ids(prod)), new Set([g.accounts, g.apis]));
      const prodAlice = await list("alice", GROUPS, "filter[environment]=prod");
      assert.deepEqual(new Set(ids(prodAlice)), new Set([g.accounts, g.apis, g.onlyHidden]));
    });

    it("each filter, paging, percent-encoded keys, unknown keys", async () => {
      const by = async (query: string) => new Set(ids(await list("alice", GROUPS, query)));
      assert.deepEqual(await by("filter[integration]=HTTP"), new Set([g.apis]));
      assert.equal((await by("filter[integration]=HTTP&filter[integration]=AWS")).size, 4);
      assert.deepEqual(
        await by(`filter%5Bconnection_group_ids%5D=${g.apis}&filter%5Bconnection_group_ids%5D=${g.secret}`),
        new Set([g.apis, g.secret]),
      );
      assert.equal((await by("filter[creator_id]=alice")).size, 4);
      assert.equal((await by("filter[creator_ids]=bob")).size, 0);
      assert.equal((await by("filter[creator_id]=bob&filter[creator_ids]=alice")).size, 4, "either names creators");
      assert.deepEqual(await by("filter[search]=ACCOUNT"), new Set([g.accounts]));
      const sorted = names(await list("alice", GROUPS, "sort=name"));
      assert.deepEqual(sorted, [...sorted].sort());
      assert.deepEqual(names(await list("alice", GROUPS, "sort=-name")), [...sorted].reverse());
      assert.equal((await list("alice", GROUPS, "sort=-last_updated_at")).status, 200);
      assert.equal((await list("alice", GROUPS, "sort=last_updated")).status, 400, "connections' spelling");

      const pages: string[] = [];
      for (let n = 0; n < 4; n++) pages.push(...ids(await list("alice", GROUPS, `page[size]=1&page[number]=${n}`)));
      assert.deepEqual(pages, ids(await list("alice", GROUPS)));
      const short = await list("alice", GROUPS, "page[size]=3&page[number]=1");
      assert.equal(short.body.data.length, 1);
      const past = await list("alice", GROUPS, "page[size]=3&page[number]=2");
      assert.deepEqual([past.body.data, past.body.meta.total_filtered], [[], 4]);

      for (const key of ["filter[tags]", "filter[connection_ids]", "filter[tag]"]) {
        const res = await list("alice", GROUPS, `${key}=x`);
        assert.equal(res.status, 400, key);
        assert.equal(res.body.errors[0].source.parameter, key);
      }
    });
  });

  describe("PATCH /api/v2/actions/connections/groups/{id} (UpdateConnectionGroup)", () => {
    const patch = (as: UserName, id: string, body: unknown) => b.request(as, "PATCH", `${GROUPS}/${id}`, body);
    const attrs = (attributes: Record<string, unknown>) => ({ data: { type: "connection_group", attributes } });

    it("Datadog's example body; every attribute optional; data.attributes may be left out", async () => {
      const id = await group({
        name: "patchable",
        integration_type: "AWS",
        tag_keys: ["env"],
        connections: [c.awsProd],
      });
      const example = await patch("alice", id, {
        data: {
          type: "connection_group",
          attributes: {
            connections: [],
            description: "An updated test connection group for AWS integrations",
            name: "My Connection Group Updated",
            tag_keys: ["account_id"],
          },
        },
      });
      assert.equal(example.status, 200, JSON.stringify(example.body));
      assert.equal(example.body.data.type, "connection_group");
      assert.deepEqual(
        [
          example.body.data.attributes.name,
          example.body.data.attributes.description,
          example.body.data.attributes.tag_keys,
        ],
        ["My Connection Group Updated", "An updated test connection group for AWS integrations", ["account_id"]],
      );
      assert.deepEqual(example.body.data.attributes.connections, []);
      const bare = await patch("alice", id, { data: { type: "connection_group" } });
      assert.equal(bare.status, 200, JSON.stringify(bare.body));
      assert.equal(bare.body.data.attributes.name, "My Connection Group Updated");
      const one = await patch("alice", id, attrs({ description: "" }));
      assert.deepEqual(
        [one.body.data.attributes.description, one.body.data.attributes.name],
        ["", "My Connection Group Updated"],
      );
      const members = await patch("alice", id, attrs({ connections: [c.awsProd, c.awsStaging] }));
      assert.deepEqual(members.body.data.attributes.connections, [c.awsProd, c.awsStaging]);
      assert.deepEqual(members.body.data.attributes.tag_keys, ["account_id"], "what is not given is kept");
    });

    it("policy_attributes: a string is accepted and kept, never returned; anything else is a 400", async () => {
      const id = await group({ name: "with policy attributes", integration_type: "AWS", tag_keys: ["env"] });
      const ok = await patch("alice", id, attrs({ policy_attributes: '{"mode":"strict"}', name: "pa" }));
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.ok(!JSON.stringify(ok.body).includes("policy_attributes"));
      assert.ok(!JSON.stringify((await list("alice", GROUPS)).body).includes("strict"));
      for (const value of [1, { mode: "strict" }, null, ["a"]]) {
        const res = await patch("alice", id, attrs({ policy_attributes: value }));
        assert.equal(res.status, 400, JSON.stringify(value));
        assert.equal(res.body.errors[0].source.pointer, "/data/attributes/policy_attributes");
      }
    });

    it("a wrong or missing data.type, an unknown attribute, a body without data: 400 JSON:API errors", async () => {
      for (const [body, pointer] of [
        [{ data: { type: "action_connection_group", attributes: { name: "x" } } }, "/data/type"],
        [{ data: { type: "action_connection", attributes: { name: "x" } } }, "/data/type"],
        [{ data: { attributes: { name: "x" } } }, "/data/type"],
        [attrs({ identifier_tags: ["env"] }), "/data/attributes/identifier_tags"],
        [attrs({ connection_ids: [] }), "/data/attributes/connection_ids"],
        [{ name: "x" }, ""],
      ] as [unknown, string][]) {
        const res = await patch("alice", g.apis, body);
        assert.equal(res.status, 400, JSON.stringify([body, res.body]));
        assert.equal(res.body.errors[0].status, "400");
        if (pointer) assert.equal(res.body.errors[0].source.pointer, pointer, JSON.stringify(body));
      }
      const wrong = await patch("alice", g.apis, { data: { type: "action_connection_group", attributes: {} } });
      assert.match(wrong.body.errors[0].detail, /data\.type must be "connection_group"/);
    });

    it("an unknown group is 404, a malformed id 400, a group the caller may not view 404", async () => {
      const unknown = await patch("alice", UNKNOWN_ID, attrs({ name: "x" }));
      assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
      assert.equal(unknown.body.errors[0].status, "404");
      assert.equal((await patch("alice", "groups", attrs({ name: "x" }))).status, 400);
      const hidden = await patch("carol", g.secret, attrs({ name: "x" }));
      assert.equal(hidden.status, 404);
      assert.equal(
        hidden.body.errors[0].detail,
        unknown.body.errors[0].detail.replace(UNKNOWN_ID, g.secret),
        "a hidden group answers as a missing one",
      );
    });

    it("the group rules hold on every PATCH, and a refused PATCH writes nothing", async () => {
      const id = await group({
        name: "rules",
        integration_type: "AWS",
        tag_keys: ["account_id"],
        connections: [c.awsProd, c.awsStaging],
      });
      const before = (await b.request("alice", "GET", `${GROUPS}/${id}`)).body.data;
      const refused: [Record<string, unknown>, number, RegExp][] = [
        [{ tag_keys: [] }, 400, /tag_keys must name at least one identifier tag key/],
        [{ tag_keys: ["a", "b", "c", "d"] }, 400, /tag_keys/],
        [{ tag_keys: ["env", "env"] }, 400, /listed twice/],
        [{ integration_type: "HTTP" }, 409, /./],
        [{ connections: [c.awsProd, c.status] }, 409, /./],
        [{ tag_keys: ["env"], connections: [c.awsProd, c.hidden] }, 409, /env:prod/],
        [{ tag_keys: ["region"] }, 409, /region/],
        [{ connections: [c.awsProd, c.awsProd] }, 400, /listed twice/],
        [{ connections: [UNKNOWN_ID] }, 404, /connections\[0\]/],
        [{ name: "" }, 400, /name/],
        [{ description: 7 }, 400, /description/],
      ];
      for (const [attributes, status, detail] of refused) {
        const res = await patch("alice", id, attrs(attributes));
        assert.equal(res.status, status, JSON.stringify([attributes, res.body]));
        assert.match(JSON.stringify(res.body.errors), detail, JSON.stringify(attributes));
      }
      assert.deepEqual((await b.request("alice", "GET", `${GROUPS}/${id}`)).body.data, before, "nothing written");
    });

    it("resolver permission on every added member; hidden members stay when the caller replaces the list", async () => {
      // Carol may edit `accounts` (no policy) but may only view `viewOnly`, and cannot see `hidden`.
      const denied = await patch("carol", g.accounts, attrs({ connections: [c.awsProd, c.awsStaging, c.viewOnly] }));
      assert.equal(denied.status, 403, JSON.stringify(denied.body));
      const hiddenNamed = await patch("carol", g.accounts, attrs({ connections: [c.awsProd, c.hidden] }));
      assert.equal(hiddenNamed.status, 404, "naming a hidden connection answers as naming a missing one");
      const replaced = await patch("carol", g.accounts, attrs({ connections: [c.awsProd] }));
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.deepEqual(replaced.body.data.attributes.connections, [c.awsProd]);
      const seenByAlice = await b.request("alice", "GET", `${GROUPS}/${g.accounts}`);
      assert.deepEqual(seenByAlice.body.data.attributes.connections, [c.awsProd, c.hidden]);
      const count = await list("carol", GROUPS, `filter[connection_group_ids]=${g.accounts}`);
      assert.deepEqual(count.body.data[0].attributes.connections, [c.awsProd]);
    });
  });
});
