/**
 * The provider's access decisions: what counts as a change (order never does), and the preview
 * checks that need to know the key's user, when the target cannot tell (faults the local
 * backend never produces, so a scripted server answers).
 */
import { strict as assert } from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { check, create, diff } from "../../provider/runtime/connection-provider";
import { check as checkGroup, diff as diffGroup } from "../../provider/runtime/group-provider";
import { configureFrom } from "../../provider/runtime/settings";
import { createConnectionWithAccess } from "../../provider/runtime/access-control";
import type { ConnectionsClient } from "../../client";
import { GROUP_EXTENSIONS, GROUP_EXTENSIONS_HEADER, UNKNOWN } from "pulumi-workflow-connections-rules";
import { KEYS, testClient } from "../client/helpers";
import { ScriptedServer, Step, connectionDoc } from "../client/scripted-server";

/** The local backend's group list names its extensions in this header. */
const LOCAL_GROUP_EXTENSIONS = { [GROUP_EXTENSIONS_HEADER]: GROUP_EXTENSIONS.join(", ") };
const aws = { type: "AWS", accountId: "123456789012", role: "r" };
const base = { name: "n", tags: ["env:a"], integration: aws, integrationType: "AWS" };
const group = { name: "g", integration: "AWS", identifierTags: ["env"], members: [] as string[] };

const config = (values: Record<string, string>) =>
  ({ get: (k: string) => values[k] }) as unknown as pulumi.dynamic.Config;
const reasons = (r: pulumi.dynamic.CheckResult) => (r.failures ?? []).map((f) => f.reason);

/** The key's user, as `GET /api/v2/current_user` answers: user u1, org o1, role r1. */
const me: Step = {
  status: 200,
  body: {
    data: {
      type: "users",
      id: "u1",
      relationships: { org: { data: { type: "orgs", id: "o1" } }, roles: { data: [{ type: "roles", id: "r1" }] } },
    },
  },
};
describe("provider runtime: access", () => {
  describe("diff", () => {
    const olds = { ...base, access: { resolver: ["team:a", "team:b"], editor: ["role:admin"] } };
    it("the same policy in another order, or with empty lists, is no change; the flag alone is none either", async () => {
      for (const access of [
        { editor: ["role:admin"], resolver: ["team:b", "team:a"] },
        { viewer: [], resolver: ["team:a", "team:b"], editor: ["role:admin"], allowSelfLockout: true },
      ]) {
        assert.equal((await diff("id", olds, { ...base, access })).changes, false, JSON.stringify(access));
      }
      assert.equal(
        (
          await diffGroup(
            "id",
            { ...group, access: { viewer: ["team:a"], editor: ["role:x"] } },
            { ...group, access: { editor: ["role:x"], viewer: ["team:a"] } },
          )
        ).changes,
        false,
      );
    });
    it("another principal, or declaring it for the first time, is an update in place", async () => {
      const pairs: [typeof olds | typeof base, typeof olds][] = [
        [olds, { ...base, access: { resolver: ["team:a"], editor: ["role:admin"] } }],
        [base, { ...base, access: {} as typeof olds.access }],
      ];
      for (const [from, to] of pairs) {
        const d = await diff("id", from, to);
        assert.equal(d.changes, true);
        assert.deepEqual(d.replaces, []);
      }
    });
    it("undeclared on both sides is no change; removed from the program is a (state-only) change; unknown is a change", async () => {
      assert.equal((await diff("id", base, base)).changes, false);
      assert.equal((await diff("id", olds, base)).changes, true);
      assert.equal((await diff("id", olds, { ...base, access: UNKNOWN as never })).changes, true);
      assert.equal(
        (await diff("id", olds, { ...base, access: { resolver: [UNKNOWN], editor: ["role:admin"] } })).changes,
        true,
      );
    });
  });

  describe("check when the target cannot tell who the key's user is", () => {
    let server: ScriptedServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });
    const forbidden: Step = { status: 403, body: { errors: [{ title: "Forbidden", detail: "key not allowed" }] } };
    async function target(script: Step[]) {
      server = await ScriptedServer.start(script);
      configureFrom(
        config({
          "connections:apiUrl": server.url,
          "connections:apiKey": KEYS.apiKey,
          "connections:appKey": KEYS.appKey,
        }),
      );
    }

    it("no current user: preview fails saying why, and allowSelfLockout: true skips the check", async () => {
      await target([forbidden]);
      const failed = reasons(await check({}, { ...base, access: { editor: ["role:r1"] } }));
      assert.equal(failed.length, 1);
      assert.match(
        failed[0],
        /^access cannot tell whether this policy leaves the application key's user editor of the connection \(GET \/api\/v2\/current_user failed: .*403.*\); give the key the permission to read its user, or set access\.allowSelfLockout: true/,
      );
      // A second resource that needs the answer again: the failed lookup is not repeated.
      assert.equal(reasons(await check({}, { ...base, access: { editor: ["role:r2"] } })).length, 1);
      assert.equal(server!.requests.length, 1, "asked once, not again for the second resource");
      assert.deepEqual(
        reasons(await check({}, { ...base, access: { editor: ["role:r1"], allowSelfLockout: true } })),
        [],
      );
    });

    it("teams unreadable: editor through role or org still passes; editor only through a team cannot be told", async () => {
      await target([me, forbidden]);
      assert.deepEqual(
        reasons(await check({}, { ...base, access: { editor: ["role:r1"], resolver: ["team:t"] } })),
        [],
      );
      assert.deepEqual(reasons(await check({}, { ...base, access: { editor: ["org:o1"] } })), []);
      const failed = reasons(await checkGroup({}, { ...group, access: { editor: ["team:t"] } }));
      assert.equal(failed.length, 1);
      assert.match(
        failed[0],
        /cannot tell whether this policy leaves the application key's user editor of the connection group \(GET \/api\/v2\/users\/u1\/memberships failed/,
      );
    });

    it("a group member the key's user may only view under its declared access; nothing asked for members without access", async () => {
      // The group's check first asks what the target can do with groups (once per client).
      await target([
        { status: 200, headers: LOCAL_GROUP_EXTENSIONS, body: { data: [] } },
        me,
        { status: 200, body: { data: [] } },
      ]);
      const memberFacts = [
        {
          label: "a",
          integration: "AWS",
          tags: ["env:a"],
          access: { viewer: ["user:u1"], editor: ["role:other"], allowSelfLockout: true },
        },
        { label: "b", integration: "AWS", tags: ["env:b"] },
      ];
      const failed = reasons(await checkGroup({}, { ...group, members: [UNKNOWN, UNKNOWN], memberFacts }));
      assert.equal(failed.length, 1);
      assert.match(
        failed[0],
        /^members\[0\] "a": under the access this program declares for it, the application key's user "u1" has only viewer, not resolver/,
      );
    });

    it("on a Datadog site, user/role/team ids must be UUIDs (checked before anything is asked)", async () => {
      configureFrom(
        config({
          "connections:site": "datadoghq.eu",
          "connections:apiKey": KEYS.apiKey,
          "connections:appKey": KEYS.appKey,
        }),
      );
      assert.deepEqual(
        reasons(
          await check(
            {},
            { ...base, access: { resolver: ["team:payments"], editor: ["role:3f9c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59"] } },
          ),
        ),
        ['access.resolver[0] "team:payments": Datadog team ids are UUIDs'],
      );
    });
  });

  describe("create on a target without create-with-policy (Datadog's API: create, policy write, read-back)", () => {
    // A Datadog site cannot be pointed at a local server: a client for the scripted server that
    // says it is one stands in for it (the gap between the two writes is a fault the local
    // backend, which creates both at once, never has).
    let server: ScriptedServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });
    const id = "11111111-2222-4333-8444-555555555555";
    const created: Step = {
      status: 201,
      body: connectionDoc(id, {
        name: "n",
        tags: ["env:a"],
        integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
      }),
    };
    const policyDoc = (bindings: unknown[]): Step => ({
      status: 200,
      body: { data: { type: "restriction_policy", id: `connection:${id}`, attributes: { bindings } } },
    });
    const mine = [{ relation: "editor", principals: ["role:r1"] }];
    async function datadogLike(script: Step[]) {
      server = await ScriptedServer.start(script);
      configureFrom(
        config({
          "connections:apiUrl": server.url,
          "connections:apiKey": KEYS.apiKey,
          "connections:appKey": KEYS.appKey,
        }),
      );
      const client = testClient(server.url);
      Object.assign(client, { target: { ...client.target, isDatadog: true } });
      return client;
    }
    const attempt = (client: ConnectionsClient) =>
      createConnectionWithAccess(
        { name: "n", tags: ["env:a"], integration: aws as never },
        { editor: ["role:r1"] },
        client,
      ).then(
        () => undefined,
        (e: Error) => e,
      );
    const sent = () => server!.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`);

    const cases: { title: string; script: Step[]; error: RegExp | undefined; requests: string[] }[] = [
      {
        title: "written and read back the same: done, nothing deleted",
        script: [created, policyDoc(mine), policyDoc(mine)],
        error: undefined,
        requests: [
          "POST /api/v2/actions/connections",
          `POST /api/v2/restriction_policy/connection:${id}`,
          `GET /api/v2/restriction_policy/connection:${id}`,
        ],
      },
      {
        title:
          "the policy write is refused (another user took the connection over): stops naming the id, does not delete what it no longer controls",
        script: [
          created,
          { status: 404, body: { errors: [{ title: "Not Found", detail: "connection not found" }] } },
          { status: 404, body: { errors: [{ title: "Not Found", detail: "connection not found" }] } },
        ],
        error: new RegExp(
          `the connection was created \\(id ${id}\\) but is not under the declared access: writing its access policy failed .*another user may have changed its access in between; it was NOT deleted: the application key's user is no longer its editor`,
        ),
        requests: [
          "POST /api/v2/actions/connections",
          `POST /api/v2/restriction_policy/connection:${id}`,
          `GET /api/v2/restriction_policy/connection:${id}`,
        ],
      },
      {
        title: "the policy read back is someone else's: stops, not deleted",
        script: [
          created,
          policyDoc(mine),
          policyDoc([{ relation: "editor", principals: ["user:intruder"] }]),
          policyDoc([{ relation: "editor", principals: ["user:intruder"] }]),
          me,
          { status: 200, body: { data: [] } },
        ],
        error:
          /but is not under the declared access: the access policy read back differs from the declared one .*; it was NOT deleted/,
        requests: [
          "POST /api/v2/actions/connections",
          `POST /api/v2/restriction_policy/connection:${id}`,
          `GET /api/v2/restriction_policy/connection:${id}`,
          `GET /api/v2/restriction_policy/connection:${id}`,
          "GET /api/v2/current_user",
          "GET /api/v2/users/u1/memberships",
        ],
      },
      {
        title: "a policy the target refuses (400) on a connection still open to the key's user: deleted again",
        script: [
          created,
          { status: 400, body: { errors: [{ title: "Bad Request", detail: "principal unknown to this org" }] } },
          policyDoc([]),
          me,
          { status: 200, body: { data: [] } },
          { status: 204 },
        ],
        error:
          /but is not under the declared access: writing its access policy failed \(.*principal unknown to this org.*\).*; it was deleted again, so nothing is left behind/,
        requests: [
          "POST /api/v2/actions/connections",
          `POST /api/v2/restriction_policy/connection:${id}`,
          `GET /api/v2/restriction_policy/connection:${id}`,
          "GET /api/v2/current_user",
          "GET /api/v2/users/u1/memberships",
          `DELETE /api/v2/actions/connections/${id}`,
        ],
      },
    ];
    for (const c of cases) {
      it(c.title, async () => {
        const err = await attempt(await datadogLike(c.script));
        if (c.error) {
          assert.ok(err, "create must fail");
          assert.match(err.message, c.error);
        } else {
          assert.equal(err, undefined);
        }
        assert.deepEqual(sent(), c.requests);
      });
    }
  });

  describe("create on a target with create-with-policy", () => {
    let server: ScriptedServer | undefined;
    afterEach(async () => server?.close());
    it("one request carrying meta.restriction_policy; a server that stores another policy is caught", async () => {
      const id = "11111111-2222-4333-8444-555555555555";
      const doc = connectionDoc(id, {
        name: "n",
        tags: ["env:a"],
        integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
      }) as Record<string, unknown>;
      server = await ScriptedServer.start([
        {
          status: 201,
          body: {
            ...doc,
            meta: { restriction_policy: { bindings: [{ relation: "editor", principals: ["role:r1"] }] } },
          },
        },
        {
          status: 201,
          body: {
            ...doc,
            meta: { restriction_policy: { bindings: [{ relation: "editor", principals: ["org:o1"] }] } },
          },
        },
        { status: 404, body: { errors: [{ title: "Not Found", detail: "gone" }] } },
      ]);
      configureFrom(
        config({
          "connections:apiUrl": server.url,
          "connections:apiKey": KEYS.apiKey,
          "connections:appKey": KEYS.appKey,
        }),
      );
      const ok = await create({
        name: "n",
        tags: ["env:a"],
        integration: aws as never,
        access: { editor: ["role:r1"] },
      });
      assert.equal(ok.id, id);
      assert.deepEqual(server.requests[0].json, {
        data: {
          type: "action_connection",
          attributes: {
            name: "n",
            integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
            tags: ["env:a"],
          },
        },
        meta: { restriction_policy: { bindings: [{ relation: "editor", principals: ["role:r1"] }] } },
      });
      const err = await create({
        name: "n",
        tags: ["env:a"],
        integration: aws as never,
        access: { editor: ["role:r1"] },
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.match(
        err!.message,
        new RegExp(
          `creating connection "n" failed: the connection was created \\(id ${id}\\) but is not under the declared access: the target stored another policy than the declared one; it was NOT deleted`,
        ),
      );
    });
  });
});
