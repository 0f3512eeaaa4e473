/**
 * Hidden group members (connections the caller may not view) are invisible on every group
 * route. Each row runs one request twice: on a group holding a hidden member, and on its twin
 * (same name, keys, policy and visible member, no hidden member), or with a hidden id and with
 * an id that does not exist. Both answers must be the same (status and JSON:API body, once the
 * two group ids or the two connection ids are written alike), nothing hidden may be echoed,
 * and a refused request must change nothing. Where the rules say a hidden member makes a write
 * fail, the 409 must say only "a member you cannot view".
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import {
  ApiResponse,
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  UserName,
  awsConnection,
  connectionBody,
  groupBody,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

/** A group write whose fit would depend on hidden members' values: refused whatever the values. */
const HIDDEN_DECIDE =
  /^the group has members you cannot view, and whether this change fits them would depend on their identifier values: /;

interface World {
  hidden: string;
  visible: string;
  /** The group holding `visible` and `hidden`; its twin holds `visible` only. */
  group: string;
  twin: string;
  missing: string;
  /** bob's connection whose env value is the hidden member's. */
  clash: string;
}

type Call = (w: World, g: string, id: string) => Promise<ApiResponse>;

interface Row {
  title: string;
  as?: UserName;
  /** The request, on the group with a hidden member (g = group, id = the hidden id) and on the twin (g = twin, id = a missing id). */
  call: Call;
  /** Override: the second run (default: on the twin with a missing id). */
  twinRun?: (w: World) => [string, string];
  status: number;
  /** The run on the group with the hidden member, when the rules let it differ from its twin. */
  hiddenStatus?: number;
  hiddenDetail?: RegExp;
  /** The request sends the hidden id: the answer may quote it back (as it would a missing one). */
  sendsId?: boolean;
  /** After the run, as alice (who sees everything): the group's member list. */
  membersAfter?: (w: World) => string[];
}

describe("backend: hidden group members are invisible on every group route", function () {
  this.timeout(180_000);
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  async function ok(
    as: UserName,
    method: "POST" | "PATCH",
    path: string,
    body: unknown,
    status = method === "POST" && !path.startsWith(POLICY) ? 201 : 200,
  ): Promise<any> {
    const res = await b.request(as, method, path, body);
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function world(): Promise<World> {
    const hidden = (
      await ok("alice", "POST", CONNS, awsConnection("HIDDEN-NAME", ["env:prod", "region:eu", "owner:HIDDEN-OWNER"]))
    ).data.id;
    await ok(
      "alice",
      "POST",
      `${POLICY}/connection:${hidden}`,
      policyBody(`connection:${hidden}`, [{ relation: "editor", principals: ["user:alice"] }]),
    );
    const visible = (await ok("bob", "POST", CONNS, awsConnection("visible", ["env:dev", "region:us", "team:core"])))
      .data.id;
    const make = async (members: string[]) => {
      const id = (
        await ok(
          "alice",
          "POST",
          GROUPS,
          groupBody({ name: "sec", integration_type: "AWS", tag_keys: ["env"], connections: members }),
        )
      ).data.id;
      await ok(
        "alice",
        "POST",
        `${POLICY}/connection-group:${id}`,
        policyBody(`connection-group:${id}`, [
          { relation: "editor", principals: ["user:alice", "user:bob"] },
          { relation: "viewer", principals: ["user:carol"] },
        ]),
      );
      return id;
    };
    const clash = (await ok("bob", "POST", CONNS, awsConnection("clash", ["env:prod"]))).data.id;
    return {
      hidden,
      visible,
      group: await make([visible, hidden]),
      twin: await make([visible]),
      missing: crypto.randomUUID(),
      clash,
    };
  }

  /** The body with the ids that differ between the two runs written alike, timestamps dropped. */
  function normalized(w: World, body: unknown): string {
    let text = JSON.stringify(body ?? "");
    for (const id of [w.group, w.twin]) text = text.split(id).join("<group>");
    for (const id of [w.hidden, w.missing]) text = text.split(id).join("<id>");
    return text.replace(/"(created_at|last_updated_at|removed_at)":"[^"]*"/g, '"$1":"<time>"');
  }

  const snapshot = async (w: World) =>
    JSON.stringify([
      (await b.request("alice", "GET", `${GROUPS}/${w.group}`)).body,
      (await b.request("alice", "GET", `${CONNS}/${w.hidden}`)).body,
      (await b.request("alice", "GET", `${GROUPS}?page[size]=100`)).body.meta,
      (await b.request("alice", "GET", `${CONNS}?page[size]=100`)).body.meta,
    ]);

  const addOne = (g: string, id: string) =>
    b.request("bob", "POST", `${GROUPS}/${g}/relationships/connections`, { data: [{ type: "action_connection", id }] });

  const rows: Row[] = [
    {
      title: "GET one: connections leaves the hidden member out",
      call: (_w, g) => b.request("bob", "GET", `${GROUPS}/${g}`),
      status: 200,
    },
    {
      title: "GET one as a viewer: the same, and no removed_members (editors only)",
      as: "carol",
      call: (_w, g) => b.request("carol", "GET", `${GROUPS}/${g}`),
      status: 200,
    },
    {
      title: "list: the group's entry is its twin's",
      call: async (_w, g) => {
        const res = await b.request("bob", "GET", `${GROUPS}?page[size]=100`);
        return { ...res, body: res.body.data.find((d: { id: string }) => d.id === g) };
      },
      status: 200,
    },
    {
      title: "resolve with the hidden member's values answers as values no member has",
      call: (_w, g) => b.request("bob", "GET", `${GROUPS}/${g}/resolve?identifiers[env]=prod`),
      status: 404,
    },
    {
      title: "resolve a visible member",
      call: (_w, g) => b.request("bob", "GET", `${GROUPS}/${g}/resolve?identifiers[env]=dev`),
      status: 200,
    },
    {
      title: "add the hidden connection (already a member) answers as adding one that does not exist",
      sendsId: true,
      call: (_w, g, id) => addOne(g, id),
      twinRun: (w) => [w.group, w.missing],
      status: 404,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "PATCH connections naming it answers as naming one that does not exist",
      sendsId: true,
      call: (w, g, id) => b.request("bob", "PATCH", `${GROUPS}/${g}`, groupBody({ connections: [w.visible, id] })),
      twinRun: (w) => [w.group, w.missing],
      status: 404,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "creating a group listing it answers as listing one that does not exist",
      sendsId: true,
      call: (w, _g, id) =>
        b.request(
          "bob",
          "POST",
          GROUPS,
          groupBody({
            name: "new",
            integration_type: "AWS",
            tag_keys: ["env"],
            connections: [w.visible, id],
          }),
        ),
      twinRun: (w) => [w.group, w.missing],
      status: 404,
    },
    {
      title: "removing it (relationships DELETE) answers as removing a non-member, and it stays",
      sendsId: true,
      call: (_w, g, id) =>
        b.request("bob", "DELETE", `${GROUPS}/${g}/relationships/connections`, {
          data: [{ type: "action_connection", id }],
        }),
      status: 200,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "PATCH connections without it: the visible list is replaced, the hidden member stays",
      call: (w, g) => b.request("bob", "PATCH", `${GROUPS}/${g}`, groupBody({ connections: [w.visible] })),
      status: 200,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "PATCH connections to []: the hidden member stays",
      call: (_w, g) => b.request("bob", "PATCH", `${GROUPS}/${g}`, groupBody({ connections: [] })),
      status: 200,
      membersAfter: (w) => [w.hidden],
    },
    {
      title: "rename",
      call: (_w, g) => b.request("bob", "PATCH", `${GROUPS}/${g}`, groupBody({ name: "renamed" })),
      status: 200,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "re-key to keys the hidden member fits: refused all the same (its values decide nothing)",
      call: (_w, g) => b.request("bob", "PATCH", `${GROUPS}/${g}`, groupBody({ tag_keys: ["region"] })),
      status: 200,
      hiddenStatus: 409,
      hiddenDetail: HIDDEN_DECIDE,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "re-key to a key the hidden member lacks: the same 409",
      call: (_w, g) => b.request("bob", "PATCH", `${GROUPS}/${g}`, groupBody({ tag_keys: ["team"] })),
      status: 200,
      hiddenStatus: 409,
      hiddenDetail: HIDDEN_DECIDE,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "adding a connection whose values clash with the hidden member: the same 409",
      call: (w, g) => addOne(g, w.clash),
      status: 200,
      hiddenStatus: 409,
      hiddenDetail: HIDDEN_DECIDE,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "a viewer's write is the same 403 on both",
      as: "carol",
      call: (_w, g) => b.request("carol", "PATCH", `${GROUPS}/${g}`, groupBody({ name: "carols" })),
      status: 403,
      membersAfter: (w) => [w.visible, w.hidden],
    },
    {
      title: "list as a viewer: the group's entry is its twin's",
      as: "carol",
      call: async (_w, g) => {
        const res = await b.request("carol", "GET", `${GROUPS}?page[size]=100`);
        return { ...res, body: res.body.data.find((d: { id: string }) => d.id === g) };
      },
      status: 200,
    },
    {
      title: "delete the group: 204, no count",
      call: (_w, g) => b.request("bob", "DELETE", `${GROUPS}/${g}`),
      status: 204,
    },
  ];

  for (const row of rows) {
    it(row.title, async () => {
      const w = await world();
      const [twinGroup, twinId] = row.twinRun?.(w) ?? [w.twin, w.missing];
      const refusedWithHidden = (row.hiddenStatus ?? row.status) >= 400;
      const before = await snapshot(w);
      const withHidden = await row.call(w, w.group, w.hidden);
      const text = JSON.stringify(withHidden.body ?? "");
      for (const secret of [...(row.sendsId ? [] : [w.hidden]), "HIDDEN-NAME", "HIDDEN-OWNER", "region:eu"])
        assert.ok(!text.includes(secret), `${row.title}: echoes ${secret}: ${text}`);
      if (refusedWithHidden)
        assert.equal(await snapshot(w), before, `${row.title}: a refused request must change nothing`);
      if (row.membersAfter)
        assert.deepEqual(
          (await b.request("alice", "GET", `${GROUPS}/${w.group}`)).body.data.attributes.connections,
          row.membersAfter(w),
        );

      const plain = await row.call(w, twinGroup, twinId);
      assert.equal(plain.status, row.status, `${row.title} (without a hidden member): ${JSON.stringify(plain.body)}`);
      if (row.hiddenStatus === undefined) {
        assert.equal(withHidden.status, row.status, `${row.title}: ${text}`);
        assert.equal(
          normalized(w, withHidden.body),
          normalized(w, plain.body),
          `${row.title}: the answer tells the hidden member apart`,
        );
      } else {
        assert.equal(withHidden.status, row.hiddenStatus, `${row.title}: ${text}`);
        assert.equal(withHidden.body.errors.length, 1, text);
        assert.match(withHidden.body.errors[0].detail, row.hiddenDetail!);
        assert.equal(withHidden.body.errors[0].source?.pointer, "/data/attributes");
      }
      if (row.as === "carol" && withHidden.status === 200)
        assert.equal((withHidden.body.data ?? withHidden.body).attributes.removed_members, undefined);
    });
  }

  it("connection routes that mention groups name only groups, never the hidden member", async () => {
    const w = await world();
    // bob may edit both groups. The twin he views whole: the rules decide, 409 naming it. The
    // group with the hidden member: its values decide nothing, so the change is made and the
    // member leaves that group, which the answer tells (nothing of the hidden member).
    const clash = await b.request(
      "bob",
      "PATCH",
      `${CONNS}/${w.visible}`,
      connectionBody({ tags: ["env:prod", "region:us", "team:core"] }),
    );
    assert.equal(clash.status, 200, JSON.stringify(clash.body));
    assert.deepEqual(clash.body.meta, { left_groups: [w.group], left_groups_you_cannot_view: false });
    assert.deepEqual((await b.request("alice", "GET", `${GROUPS}/${w.group}`)).body.data.attributes.connections, [
      w.hidden,
    ]);
    const twinClash = await b.request("bob", "PATCH", `${CONNS}/${w.visible}`, connectionBody({ tags: ["region:us"] }));
    assert.equal(twinClash.status, 409, JSON.stringify(twinClash.body));
    assert.match(twinClash.body.errors[0].detail, new RegExp(`member of group "sec" \\(${w.twin}\\)`));
    const del = await b.request("bob", "DELETE", `${CONNS}/${w.visible}`);
    assert.equal(del.status, 409);
    assert.equal(
      del.body.errors[0].detail,
      `connection "visible (${w.visible})" is still a member of group "sec" (${w.twin}); remove it from the group first`,
    );
    for (const res of [clash, twinClash, del]) assert.ok(!JSON.stringify(res.body).includes(w.hidden));
  });
});
