/**
 * ETag and If-Match on connections, groups and restriction policies: every read and write of
 * one resource carries a strong ETag that changes with every change; a stale If-Match is 412 in
 * Datadog's JSON:API error shape and changes nothing; `*` means "whatever is there"; 404 and 403
 * win over 412; of concurrent writes carrying the same If-Match exactly one wins.
 */
import assert from "node:assert/strict";
import {
  CONNS,
  GROUPS,
  POLICY,
  TestBackend,
  awsConnection,
  groupBody,
  httpConnection,
  policyBody,
  startTestBackend,
} from "../../tests/support/backend";

const STRONG = /^"[A-Za-z0-9_-]{27}"$/;

interface Kind {
  name: string;
  /** Creates one resource (as alice), returns the path of what is read and written. */
  make(b: TestBackend): Promise<string>;
  /** A write body that changes the resource; `n` makes each one different. */
  change(path: string, n: number): { method: "PATCH" | "POST"; body: unknown };
  /** The changed attribute, as read back. */
  read(body: any): unknown;
}

let seq = 0;
const newConnection = async (b: TestBackend, tags = ["env:etag"]) =>
  (await b.request("alice", "POST", CONNS, awsConnection(`etag-${seq++}`, tags))).body.data.id as string;

/**
 * A policy per `n` (16 apart from each other), naming only principals the backend knows (it
 * refuses others): alice edits, bob and carol get no relation or one of three, from `n`.
 */
function distinctBindings(n: number): { relation: string; principals: string[] }[] {
  const relations = [undefined, "viewer", "resolver", "editor"];
  const bindings = new Map<string, string[]>([["editor", ["user:alice"]]]);
  for (const [user, relation] of [
    ["user:bob", relations[n % 4]],
    ["user:carol", relations[Math.floor(n / 4) % 4]],
  ] as const)
    if (relation) bindings.set(relation, [...(bindings.get(relation) ?? []), user]);
  return [...bindings].map(([relation, principals]) => ({ relation, principals }));
}

const KINDS: Kind[] = [
  {
    name: "connection",
    make: async (b) => `${CONNS}/${await newConnection(b)}`,
    change: (_p, n) => ({
      method: "PATCH",
      body: { data: { type: "action_connection", attributes: { tags: [`env:v${n}`] } } },
    }),
    read: (body) => body.data.attributes.tags,
  },
  {
    name: "connection group",
    make: async (b) => {
      const res = await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: `g-${seq++}`, integration_type: "AWS", tag_keys: ["env"], connections: [] }),
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return `${GROUPS}/${res.body.data.id}`;
    },
    change: (_p, n) => ({
      method: "PATCH",
      body: { data: { type: "connection_group", attributes: { name: `renamed-${n}` } } },
    }),
    read: (body) => body.data.attributes.name,
  },
  {
    name: "restriction policy",
    make: async (b) => `${POLICY}/connection:${await newConnection(b)}`,
    change: (path, n) => ({
      method: "POST",
      body: policyBody(path.slice(POLICY.length + 1), distinctBindings(n)),
    }),
    read: (body) => body.data.attributes.bindings,
  },
];

function assert412(res: { status: number; body: any; headers: any }) {
  assert.equal(res.status, 412, JSON.stringify(res.body));
  assert.equal(res.body.errors.length, 1);
  assert.equal(res.body.errors[0].status, "412");
  assert.equal(res.body.errors[0].title, "Precondition Failed");
  assert.match(res.body.errors[0].detail, /has changed since the ETag in If-Match was issued/);
  assert.deepEqual(res.body.errors[0].source, { header: "If-Match" });
  assert.match(res.headers.etag, STRONG, "the 412 carries the current ETag");
}

describe("backend: ETag and If-Match", function () {
  this.timeout(120_000);
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  for (const kind of KINDS) {
    describe(kind.name, () => {
      it("reads and writes carry a strong ETag; a write changes it; a read after a write returns the write's", async () => {
        const path = await kind.make(b);
        const first = await b.request("alice", "GET", path);
        assert.equal(first.status, 200);
        assert.match(first.headers.etag, STRONG);
        assert.equal(
          (await b.request("alice", "GET", path)).headers.etag,
          first.headers.etag,
          "stable while nothing changes",
        );
        const { method, body } = kind.change(path, 1);
        const written = await b.request("alice", method, path, body, { headers: { "If-Match": first.headers.etag } });
        assert.equal(written.status, 200, JSON.stringify(written.body));
        assert.match(written.headers.etag, STRONG);
        assert.notEqual(written.headers.etag, first.headers.etag);
        assert.equal((await b.request("alice", "GET", path)).headers.etag, written.headers.etag);
      });

      it("a stale If-Match is 412 and changes nothing; W/ never matches; * and a list holding the current one do", async () => {
        const path = await kind.make(b);
        const stale = (await b.request("alice", "GET", path)).headers.etag;
        const { method, body } = kind.change(path, 2);
        assert.equal((await b.request("alice", method, path, body)).status, 200, "no If-Match: written as before");
        const before = await b.request("alice", "GET", path);
        for (const header of [stale, `W/${before.headers.etag}`, '"nope"', `${stale}, "other"`]) {
          const res = await b.request("alice", method, path, kind.change(path, 3).body, {
            headers: { "If-Match": header },
          });
          assert412(res);
          assert.equal(res.headers.etag, before.headers.etag);
          const after = await b.request("alice", "GET", path);
          assert.deepEqual(kind.read(after.body), kind.read(before.body), `${header}: nothing changed`);
        }
        for (const [n, header] of [
          [4, "*"],
          [5, `"x", ${"PLACEHOLDER"}`],
        ] as const) {
          const current = (await b.request("alice", "GET", path)).headers.etag;
          const res = await b.request("alice", method, path, kind.change(path, n).body, {
            headers: { "If-Match": header.replace("PLACEHOLDER", current) },
          });
          assert.equal(res.status, 200, `${header}: ${JSON.stringify(res.body)}`);
          assert.deepEqual(kind.read(res.body), kind.read((await b.request("alice", "GET", path)).body));
        }
      });

      it("a malformed If-Match is 400 naming the header, not echoing it", async () => {
        const path = await kind.make(b);
        for (const header of ["abc", '"a"b', "W/abc", '"a",,zzz-MARKER']) {
          const res = await b.request("alice", kind.change(path, 6).method, path, kind.change(path, 6).body, {
            headers: { "If-Match": header },
          });
          assert.equal(res.status, 400, header);
          assert.deepEqual(res.body.errors[0].source, { header: "If-Match" });
          assert.ok(!JSON.stringify(res.body).includes("MARKER"));
        }
      });

      it("of 8 concurrent writes with the same If-Match, exactly one wins and its change is the one stored", async () => {
        const path = await kind.make(b);
        const etag = (await b.request("alice", "GET", path)).headers.etag;
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => {
            const { method, body } = kind.change(path, 100 + i);
            return b.request("alice", method, path, body, { headers: { "If-Match": etag } });
          }),
        );
        const winners = results.filter((r) => r.status === 200);
        assert.equal(winners.length, 1, results.map((r) => r.status).join());
        for (const r of results) if (r.status !== 200) assert412(r);
        const stored = await b.request("alice", "GET", path);
        assert.deepEqual(kind.read(stored.body), kind.read(winners[0].body));
        assert.equal(stored.headers.etag, winners[0].headers.etag);
      });

      it("DELETE honours If-Match: stale is 412 and the resource stays; current deletes", async () => {
        const path = await kind.make(b);
        const stale = (await b.request("alice", "GET", path)).headers.etag;
        const { method, body } = kind.change(path, 7);
        await b.request("alice", method, path, body);
        assert412(await b.request("alice", "DELETE", path, undefined, { headers: { "If-Match": stale } }));
        const now = await b.request("alice", "GET", path);
        assert.deepEqual(kind.read(now.body), kind.read((await b.request("alice", "GET", path)).body));
        assert.equal(
          (await b.request("alice", "DELETE", path, undefined, { headers: { "If-Match": now.headers.etag } })).status,
          204,
        );
      });

      it("404 and 403 win over 412: If-Match tells nothing to who may not view or edit", async () => {
        const path = await kind.make(b);
        const id = path
          .split("/")
          .pop()!
          .replace(/^connection(-group)?:/, "");
        const policyPath =
          kind.name === "restriction policy"
            ? path
            : `${POLICY}/${kind.name === "connection" ? "connection" : "connection-group"}:${id}`;
        // carol: nothing; bob: viewer only.
        const p = await b.request(
          "alice",
          "POST",
          policyPath,
          policyBody(policyPath.slice(POLICY.length + 1), [
            { relation: "editor", principals: ["user:alice"] },
            { relation: "viewer", principals: ["user:bob"] },
          ]),
        );
        assert.equal(p.status, 200, JSON.stringify(p.body));
        const { method, body } = kind.change(path, 8);
        for (const header of ['"stale"', "*"]) {
          assert.equal((await b.request("carol", method, path, body, { headers: { "If-Match": header } })).status, 404);
          assert.equal(
            (await b.request("carol", "DELETE", path, undefined, { headers: { "If-Match": header } })).status,
            404,
          );
          assert.equal((await b.request("bob", method, path, body, { headers: { "If-Match": header } })).status, 403);
        }
        const missing = path.replace(/[0-9a-f]{8}-/, "00000000-");
        assert.equal(
          (await b.request("alice", method, missing, kind.change(missing, 9).body, { headers: { "If-Match": "*" } }))
            .status,
          404,
        );
      });
    });
  }

  it("a connection change that only touches a secret (returned blank) still changes the ETag, even within one millisecond", async () => {
    const id = (await b.request("alice", "POST", CONNS, httpConnection("secret-only"))).body.data.id;
    let etag = (await b.request("alice", "GET", `${CONNS}/${id}`)).headers.etag;
    for (let i = 0; i < 5; i++) {
      const res = await b.request(
        "alice",
        "PATCH",
        `${CONNS}/${id}`,
        {
          data: {
            type: "action_connection",
            attributes: {
              integration: {
                type: "HTTP",
                credentials: {
                  type: "HTTPTokenAuth",
                  tokens: [{ name: "apiToken", type: "SECRET", value: `rotated-${i}` }],
                },
              },
            },
          },
        },
        { headers: { "If-Match": etag } },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.notEqual(res.headers.etag, etag);
      etag = res.headers.etag;
    }
  });

  it("adding and removing a member through the relationship endpoint honours If-Match and moves the group's ETag", async () => {
    const conn = await newConnection(b, ["env:rel"]);
    const group = (
      await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: "rel", integration_type: "AWS", tag_keys: ["env"], connections: [] }),
      )
    ).body.data.id;
    const path = `${GROUPS}/${group}/relationships/connections`;
    const body = { data: [{ type: "action_connection", id: conn }] };
    const etag = (await b.request("alice", "GET", `${GROUPS}/${group}`)).headers.etag;
    const added = await b.request("alice", "POST", path, body, { headers: { "If-Match": etag } });
    assert.equal(added.status, 200);
    assert.notEqual(added.headers.etag, etag);
    assert412(await b.request("alice", "DELETE", path, body, { headers: { "If-Match": etag } }));
    assert.deepEqual((await b.request("alice", "GET", `${GROUPS}/${group}`)).body.data.attributes.connections, [conn]);
    assert.equal(
      (await b.request("alice", "DELETE", path, body, { headers: { "If-Match": added.headers.etag } })).status,
      200,
    );
  });

  it("a group viewer who may not view a member gets an ETag that If-Match accepts (the ETag is of the view they get)", async () => {
    const hidden = await newConnection(b, ["env:hidden"]);
    const policy = await b.request(
      "alice",
      "POST",
      `${POLICY}/connection:${hidden}`,
      policyBody(`connection:${hidden}`, [{ relation: "editor", principals: ["user:alice"] }]),
    );
    assert.equal(policy.status, 200);
    const group = (
      await b.request(
        "alice",
        "POST",
        GROUPS,
        groupBody({ name: "with-hidden", integration_type: "AWS", tag_keys: ["env"], connections: [hidden] }),
      )
    ).body.data.id;
    const read = await b.request("bob", "GET", `${GROUPS}/${group}`);
    assert.equal(read.status, 200);
    const renamed = await b.request(
      "bob",
      "PATCH",
      `${GROUPS}/${group}`,
      { data: { type: "connection_group", attributes: { name: "renamed-by-bob" } } },
      { headers: { "If-Match": read.headers.etag } },
    );
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal((await b.request("bob", "GET", `${GROUPS}/${group}`)).headers.etag, renamed.headers.etag);
  });

  it("lists carry no ETag (a collection is not one resource)", async () => {
    assert.equal((await b.request("alice", "GET", CONNS)).headers.etag, undefined);
    assert.equal((await b.request("alice", "GET", GROUPS)).headers.etag, undefined);
  });
});

describe("backend: If-None-Match", function () {
  this.timeout(120_000);
  let b: TestBackend;
  before(async () => (b = await startTestBackend()));
  after(async () => b?.close());

  for (const kind of KINDS) {
    // Each row: a write on a resource that exists, with an If-None-Match value (a function of
    // the current ETag); a list holding the current version or `*` is 412 and writes nothing.
    const rows: { header: (current: string) => string; status: number }[] = [
      { header: () => "*", status: 412 },
      { header: (current) => current, status: 412 },
      { header: (current) => `W/${current}`, status: 412 }, // weak comparison: the same version
      { header: (current) => `"other", ${current}`, status: 412 },
      { header: () => '"other"', status: 0 }, // not the current version: the write happens
      { header: () => "not-a-tag-MARKER", status: 400 },
    ];
    for (const method of ["write", "DELETE"] as const) {
      for (const row of rows) {
        it(`${kind.name} ${method} with If-None-Match: ${row.header('"<current>"')} -> ${row.status || "written"}`, async () => {
          const path = await kind.make(b);
          const before = await b.request("alice", "GET", path);
          const change = kind.change(path, 1);
          const [verb, body] = method === "write" ? [change.method, change.body] : (["DELETE", undefined] as const);
          const res = await b.request("alice", verb, path, body, {
            headers: { "If-None-Match": row.header(before.headers.etag) },
          });
          const after = await b.request("alice", "GET", path);
          if (!row.status) {
            assert.equal(res.status, method === "write" ? 200 : 204, JSON.stringify(res.body));
            return;
          }
          assert.equal(res.status, row.status, JSON.stringify(res.body));
          assert.deepEqual(res.body.errors[0].source, { header: "If-None-Match" });
          assert.ok(!JSON.stringify(res.body).includes("MARKER"));
          if (row.status === 412) assert.equal(res.headers.etag, before.headers.etag);
          assert.equal(after.status, 200, "nothing deleted");
          assert.equal(after.headers.etag, before.headers.etag, "nothing written");
        });
      }
    }

    it(`${kind.name}: GET with If-None-Match of the current version is 304 without a body; another version 200`, async () => {
      const path = await kind.make(b);
      const { etag } = (await b.request("alice", "GET", path)).headers;
      const same = await b.request("alice", "GET", path, undefined, { headers: { "If-None-Match": `"x", ${etag}` } });
      assert.equal(same.status, 304);
      assert.equal(same.headers.etag, etag);
      assert.equal(same.body, "");
      const other = await b.request("alice", "GET", path, undefined, { headers: { "If-None-Match": '"x"' } });
      assert.equal(other.status, 200);
    });

    it(`${kind.name}: 404 and 403 come before If-None-Match's 412`, async () => {
      const path = await kind.make(b);
      const missing = path.replace(/[0-9a-f]{8}-/, "00000000-");
      const { method, body } = kind.change(missing, 2);
      const res = await b.request("alice", method, missing, body, { headers: { "If-None-Match": "*" } });
      assert.equal(res.status, 404, JSON.stringify(res.body));
    });
  }

  it("a create with If-None-Match: * is made: the new resource, with its new id, did not exist", async () => {
    const res = await b.request("alice", "POST", CONNS, awsConnection("inm-create", ["env:inm"]), {
      headers: { "If-None-Match": "*" },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
});
