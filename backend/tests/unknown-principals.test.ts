/**
 * A restriction policy may name only principals that exist (the keys file's users, the roles and
 * teams some user holds, the org): one naming a principal nobody holds binds nobody, and with
 * `allow_self_lockout` an editor nobody holds would leave a resource nobody (role:admin
 * included) can see or delete. Each row sends one policy on every route that writes one (create
 * a connection or a group with `meta.restriction_policy`, `POST /restriction_policy/{id}`):
 * an unknown principal is a 400 naming it and its place, and nothing is created or changed.
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
 */
import assert from "node:assert/strict";
import { GROUP_ATTRIBUTES } from "pulumi-workflow-connections-rules";
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

type Bindings = { relation: string; principals: string[] }[];

interface Route {
  name: string;
  /** Write `bindings` (with allow_self_lockout); the pointer prefix its problems use. */
  write(b: TestBackend, bindings: Bindings): Promise<{ status: number; body: any }>;
  at: string;
  /** What the route could have changed, to compare before and after. */
  state(b: TestBackend): Promise<unknown>;
}

const ids = async (b: TestBackend, path: string) =>
  ((await b.request("alice", "GET", `${path}?page[size]=100`)).body.data as { id: string }[]).map((r) => r.id).sort();

let target = "";
const ROUTES: Route[] = [
  {
    name: "create a connection with meta.restriction_policy",
    write: (b, bindings) =>
      b.request("alice", "POST", CONNS, {
        ...awsConnection("with-policy", ["env:x"]),
        meta: { restriction_policy: { bindings, allow_self_lockout: true } },
      }),
    at: "/meta/restriction_policy",
    state: (b) => ids(b, CONNS),
  },
  {
    name: "create a group with meta.restriction_policy",
    write: (b, bindings) =>
      b.request("alice", "POST", GROUPS, {
        ...groupBody({
          [GROUP_ATTRIBUTES.name]: "with-policy",
          [GROUP_ATTRIBUTES.integration]: "AWS",
          [GROUP_ATTRIBUTES.identifierTags]: ["env"],
        }),
        meta: { restriction_policy: { bindings, allow_self_lockout: true } },
      }),
    at: "/meta/restriction_policy",
    state: (b) => ids(b, GROUPS),
  },
  {
    name: "POST /restriction_policy/{id}",
    write: (b, bindings) =>
      b.request(
        "alice",
        "POST",
        `${POLICY}/connection:${target}?allow_self_lockout=true`,
        policyBody(`connection:${target}`, bindings),
      ),
    at: "/data/attributes",
    state: async (b) => (await b.request("alice", "GET", `${POLICY}/connection:${target}`)).body,
  },
];

/** Each principal, as the only editor next to alice as viewer (so a known one leaves her a way back). */
const PRINCIPALS: { principal: string; known: boolean }[] = [
  { principal: "user:bob", known: true },
  { principal: "role:dev", known: true },
  { principal: "team:payments", known: true },
  { principal: "org:test-org", known: true },
  { principal: "user:nobody", known: false },
  { principal: "user:Alice", known: false },
  { principal: "role:root", known: false },
  { principal: "team:paymnets", known: false },
  { principal: "org:another-org", known: false },
];

describe("backend: a restriction policy names only principals that exist", function () {
  this.timeout(180_000);
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  for (const route of ROUTES) {
    for (const { principal, known } of PRINCIPALS) {
      it(`${route.name}: editor ${principal} -> ${known ? "accepted" : "400 naming it, nothing written"}`, async () => {
        // A fresh target for the policy route: no policy yet, alice its editor.
        target = (await b.request("alice", "POST", CONNS, awsConnection("target", ["env:t"]))).body.data.id;
        const before = await route.state(b);
        const bindings = [
          { relation: "viewer", principals: ["user:alice"] },
          { relation: "editor", principals: [principal] },
        ];
        const res = await route.write(b, bindings);
        if (known) return assert.ok([200, 201].includes(res.status), JSON.stringify(res.body));
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.errors.length, 1);
        const [error] = res.body.errors;
        assert.ok(error.detail.includes(`"${principal}"`), error.detail);
        assert.match(error.detail, /binds nobody/);
        assert.equal(error.source.pointer, `${route.at}/bindings/1/principals/0`);
        assert.deepEqual(await route.state(b), before, "nothing written");
      });
    }
  }

  it("every unknown principal of a policy is named, each at its place", async () => {
    target = (await b.request("alice", "POST", CONNS, awsConnection("target", ["env:t"]))).body.data.id;
    const res = await ROUTES[2].write(b, [
      { relation: "viewer", principals: ["user:alice", "team:ghosts"] },
      { relation: "editor", principals: ["user:alice", "role:root"] },
    ]);
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.errors.map((e: any) => e.source.pointer),
      ["/data/attributes/bindings/0/principals/1", "/data/attributes/bindings/1/principals/1"],
    );
  });
});
