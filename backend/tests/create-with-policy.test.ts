/**
 * Create-with-policy (`meta.restriction_policy` on POST of a connection or group): the resource
 * and its policy are written in one transaction. Checked: the shape and rules (a table of bad
 * policies, each a 400 with its pointer and nothing created), what a created resource looks like
 * to each user, and the race it closes: another user who keeps listing and re-policying
 * whatever appears never sees, let alone takes over, a resource created this way (many rounds),
 * while the same attacker does take over one created by Datadog's two-step create.
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
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
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

const ROUNDS = 30;

type Kind = "connection" | "connection-group";
const route = (kind: Kind) => (kind === "connection" ? CONNS : GROUPS);
const body = (kind: Kind, name: string, tag = "suite:cwp") =>
  kind === "connection" ? awsConnection(name, [tag]) : groupBody({ name, integration_type: "AWS", tag_keys: ["env"] });
const withPolicy = (b: unknown, meta: unknown) => ({ ...(b as object), meta });

describe("backend: create with policy (meta.restriction_policy), one transaction", function () {
  this.timeout(300_000);
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  const totals = async () =>
    Promise.all(
      (["alice", "bob", "carol"] as UserName[]).flatMap((u) =>
        [CONNS, GROUPS].map(async (r) => (await b.request(u, "GET", `${r}?page[size]=1`)).body.meta.total_filtered),
      ),
    );

  describe("a policy that breaks a rule is a 400 with its pointer, and nothing is created", () => {
    const editor = { relation: "editor", principals: ["user:alice"] };
    const rows: { title: string; kinds?: Kind[]; meta: unknown; pointer: string; detail: RegExp }[] = [
      {
        title: "meta is not an object",
        meta: "restriction_policy",
        pointer: "/meta",
        detail: /^meta must be an object/,
      },
      {
        title: "an unknown field in meta",
        meta: { restriction_policies: {} },
        pointer: "/meta/restriction_policies",
        detail: /^meta has unknown field "restriction_policies"/,
      },
      {
        title: "restriction_policy is not an object",
        meta: { restriction_policy: [editor] },
        pointer: "/meta/restriction_policy",
        detail: /must be an object/,
      },
      {
        title: "an unknown field in the policy (camelCase flag)",
        meta: { restriction_policy: { bindings: [editor], allowSelfLockout: true } },
        pointer: "/meta/restriction_policy/allowSelfLockout",
        detail: /unknown field "allowSelfLockout"/,
      },
      {
        title: "no bindings",
        meta: { restriction_policy: {} },
        pointer: "/meta/restriction_policy/bindings",
        detail: /bindings must be a list/,
      },
      {
        title: "an unknown relation",
        meta: { restriction_policy: { bindings: [{ relation: "owner", principals: ["user:alice"] }] } },
        pointer: "/meta/restriction_policy/bindings/0/relation",
        detail: /"owner" is not a relation of/,
      },
      {
        title: "resolver on a group",
        kinds: ["connection-group"],
        meta: { restriction_policy: { bindings: [editor, { relation: "resolver", principals: ["user:bob"] }] } },
        pointer: "/meta/restriction_policy/bindings/1/relation",
        detail: /"resolver" is not a relation of connection groups/,
      },
      {
        title: "a malformed principal",
        meta: { restriction_policy: { bindings: [{ relation: "editor", principals: ["user:alice", "group:x"] }] } },
        pointer: "/meta/restriction_policy/bindings/0/principals/1",
        detail: /a principal is type:id/,
      },
      {
        title: "an empty principal list",
        meta: { restriction_policy: { bindings: [editor, { relation: "viewer", principals: [] }] } },
        pointer: "/meta/restriction_policy/bindings/1/principals",
        detail: /must name at least one principal/,
      },
      {
        title: "a relation twice",
        meta: { restriction_policy: { bindings: [editor, { relation: "editor", principals: ["user:bob"] }] } },
        pointer: "/meta/restriction_policy/bindings/1/relation",
        detail: /repeats relation "editor"/,
      },
      {
        title: "allow_self_lockout not a boolean",
        meta: { restriction_policy: { bindings: [editor], allow_self_lockout: "true" } },
        pointer: "/meta/restriction_policy/allow_self_lockout",
        detail: /must be true or false/,
      },
      {
        title: "a policy that locks the creator out, without allow_self_lockout",
        meta: {
          restriction_policy: {
            bindings: [
              { relation: "viewer", principals: ["user:alice"] },
              { relation: "editor", principals: ["user:bob"] },
            ],
          },
        },
        pointer: "/meta/restriction_policy/bindings",
        detail: /would leave user "alice" only viewer on the new .*meta\.restriction_policy\.allow_self_lockout: true/,
      },
    ];
    for (const row of rows) {
      for (const kind of row.kinds ?? (["connection", "connection-group"] as Kind[])) {
        it(`${kind}: ${row.title}`, async () => {
          const before = await totals();
          const res = await b.request("alice", "POST", route(kind), withPolicy(body(kind, "refused"), row.meta));
          assert.equal(res.status, 400, JSON.stringify(res.body));
          assert.equal(res.body.errors[0].status, "400");
          assert.equal(res.body.errors[0].source.pointer, row.pointer);
          assert.match(res.body.errors[0].detail, row.detail);
          assert.deepEqual(await totals(), before);
        });
      }
    }
    it("a bad resource with a good policy: 400 for the resource, no policy row left behind", async () => {
      const before = await totals();
      const res = await b.request(
        "alice",
        "POST",
        CONNS,
        withPolicy(awsConnection("", []), { restriction_policy: { bindings: [editor] } }),
      );
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].source.pointer, "/data/attributes/name");
      assert.deepEqual(await totals(), before);
    });
  });

  describe("what each user sees of a resource created with a policy", () => {
    for (const kind of ["connection", "connection-group"] as Kind[]) {
      it(`${kind}: the 201 echoes the policy; the creator edits, a named viewer reads, everyone else gets 404 and no list entry`, async () => {
        const bindings = [
          { relation: "viewer", principals: ["user:bob"] },
          { relation: "editor", principals: ["user:alice"] },
        ];
        const res = await b.request(
          "alice",
          "POST",
          route(kind),
          withPolicy(body(kind, `seen-${kind}`, "suite:seen"), { restriction_policy: { bindings } }),
        );
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.deepEqual(res.body.meta, { restriction_policy: { bindings } });
        const id = res.body.data.id;
        assert.deepEqual(
          (await b.request("alice", "GET", `${POLICY}/${kind}:${id}`)).body.data.attributes.bindings,
          bindings,
        );
        assert.equal((await b.request("bob", "GET", `${route(kind)}/${id}`)).status, 200);
        assert.equal(
          (
            await b.request("bob", "PATCH", `${route(kind)}/${id}`, {
              data: { type: res.body.data.type, attributes: { name: "bobs" } },
            })
          ).status,
          403,
        );
        assert.equal((await b.request("carol", "GET", `${route(kind)}/${id}`)).status, 404);
        const carolList = await b.request("carol", "GET", `${route(kind)}?page[size]=100`);
        assert.ok(!carolList.body.data.some((d: { id: string }) => d.id === id));
        assert.equal(
          (
            await b.request(
              "carol",
              "POST",
              `${POLICY}/${kind}:${id}`,
              policyBody(`${kind}:${id}`, [{ relation: "editor", principals: ["user:carol"] }]),
            )
          ).status,
          404,
        );
      });
    }

    it("allow_self_lockout: the creator may end up viewer only", async () => {
      const bindings = [
        { relation: "viewer", principals: ["user:alice"] },
        { relation: "editor", principals: ["user:bob"] },
      ];
      const res = await b.request(
        "alice",
        "POST",
        CONNS,
        withPolicy(awsConnection("handed-over", []), { restriction_policy: { bindings, allow_self_lockout: true } }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.data.attributes.acting_user_can_resolve, false);
      assert.equal((await b.request("alice", "DELETE", `${CONNS}/${res.body.data.id}`)).status, 403);
      assert.equal((await b.request("bob", "DELETE", `${CONNS}/${res.body.data.id}`)).status, 204);
    });

    it("empty bindings: no restriction, as with no meta at all", async () => {
      const res = await b.request(
        "alice",
        "POST",
        CONNS,
        withPolicy(awsConnection("open", []), { restriction_policy: { bindings: [] } }),
      );
      assert.equal(res.status, 201);
      assert.deepEqual(res.body.meta, { restriction_policy: { bindings: [] } });
      assert.equal((await b.request("carol", "GET", `${CONNS}/${res.body.data.id}`)).status, 200);
    });
  });

  describe("the take-over race", () => {
    /** bob, over and over: list what he can see and give himself, alone, every one of alice's new resources. */
    function attacker(kind: Kind, prefix: string) {
      const tag = `suite:${prefix}`;
      let stop = false;
      const seen = new Set<string>();
      const taken = new Set<string>();
      let lists = 0;
      const done = (async () => {
        while (!stop) {
          lists++;
          const query = kind === "connection" ? `filter[tags]=${tag}&page[size]=100` : "page[size]=100";
          const list = await b.request("bob", "GET", `${route(kind)}?${query}`);
          for (const d of list.body.data as {
            id: string;
            attributes: { created_by: { id: string }; name: string };
          }[]) {
            if (d.attributes.created_by.id !== "alice" || !d.attributes.name.startsWith(prefix)) continue;
            seen.add(d.id);
            const res = await b.request(
              "bob",
              "POST",
              `${POLICY}/${kind}:${d.id}`,
              policyBody(`${kind}:${d.id}`, [{ relation: "editor", principals: ["user:bob"] }]),
            );
            if (res.status === 200) taken.add(d.id);
          }
        }
      })();
      return { seen, taken, lists: () => lists, stop: async () => ((stop = true), await done) };
    }
    const mine = [{ relation: "editor", principals: ["user:alice"] }];

    for (const kind of ["connection", "connection-group"] as Kind[]) {
      it(`${kind}: ${ROUNDS} rounds of create-with-policy against a concurrent attacker: never seen, never taken`, async () => {
        const prefix = `race-${kind}`;
        const bob = attacker(kind, prefix);
        const ids: string[] = [];
        try {
          for (let round = 0; round < ROUNDS; round++) {
            // Each create overlaps the attacker's loop: the next one starts once bob has listed again.
            const lists = bob.lists();
            while (bob.lists() === lists) await new Promise((r) => setTimeout(r, 1));
            const created = await b.request(
              "alice",
              "POST",
              route(kind),
              withPolicy(body(kind, `${prefix}-${round}`, `suite:${prefix}`), {
                restriction_policy: { bindings: mine },
              }),
            );
            assert.equal(created.status, 201, JSON.stringify(created.body));
            ids.push(created.body.data.id);
          }
        } finally {
          await bob.stop();
        }
        assert.ok(bob.lists() >= ROUNDS, `the attacker ran alongside the creates (${bob.lists()} lists)`);
        assert.deepEqual([...bob.seen], [], "bob saw a resource created with a policy that leaves him out");
        assert.deepEqual([...bob.taken], []);
        for (const id of ids) {
          assert.deepEqual(
            (await b.request("alice", "GET", `${POLICY}/${kind}:${id}`)).body.data.attributes.bindings,
            mine,
          );
          assert.equal((await b.request("bob", "GET", `${route(kind)}/${id}`)).status, 404);
        }
      });

      it(`${kind}: the same attacker takes over one created in two steps (Datadog's API), which is why the provider reads the policy back there`, async () => {
        const prefix = `twostep-${kind}`;
        const created = await b.request("alice", "POST", route(kind), body(kind, `${prefix}-0`, `suite:${prefix}`));
        const id = created.body.data.id;
        const bob = attacker(kind, prefix);
        while (!bob.taken.has(id)) await new Promise((r) => setTimeout(r, 5));
        await bob.stop();
        const late = await b.request("alice", "POST", `${POLICY}/${kind}:${id}`, policyBody(`${kind}:${id}`, mine));
        assert.equal(late.status, 404, "alice's own policy write now fails: the resource is bob's");
      });
    }
  });
});
