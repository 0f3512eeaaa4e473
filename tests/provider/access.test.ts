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
import { UNKNOWN } from "pulumi-workflow-connections-rules";
import { KEYS } from "../client/helpers";
import { ScriptedServer, Step, connectionDoc } from "../client/scripted-server";

const aws = { type: "AWS", accountId: "123456789012", role: "r" };
const base = { name: "n", tags: ["env:a"], integration: aws, integrationType: "AWS" };
const group = { name: "g", integration: "AWS", identifierTags: ["env"], members: [] as string[] };

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] }) as unknown as pulumi.dynamic.Config;
const reasons = (r: pulumi.dynamic.CheckResult) => (r.failures ?? []).map((f) => f.reason);

describe("provider runtime: access", () => {
  describe("diff", () => {
    const olds = { ...base, access: { resolver: ["team:a", "team:b"], editor: ["role:admin"] } };
    it("the same policy in another order, or with empty lists, is no change; the flag alone is none either", async () => {
      for (const access of [{ editor: ["role:admin"], resolver: ["team:b", "team:a"] }, { viewer: [], resolver: ["team:a", "team:b"], editor: ["role:admin"], allowSelfLockout: true }]) {
        assert.equal((await diff("id", olds, { ...base, access })).changes, false, JSON.stringify(access));
      }
      assert.equal((await diffGroup("id", { ...group, access: { viewer: ["team:a"], editor: ["role:x"] } }, { ...group, access: { editor: ["role:x"], viewer: ["team:a"] } })).changes, false);
    });
    it("another principal, or declaring it for the first time, is an update in place", async () => {
      const pairs: [typeof olds | typeof base, typeof olds][] = [[olds, { ...base, access: { resolver: ["team:a"], editor: ["role:admin"] } }], [base, { ...base, access: {} as typeof olds.access }]];
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
      assert.equal((await diff("id", olds, { ...base, access: { resolver: [UNKNOWN], editor: ["role:admin"] } })).changes, true);
    });
  });

  describe("check when the target cannot tell who the key's user is", () => {
    let server: ScriptedServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });
    const forbidden: Step = { status: 403, body: { errors: [{ title: "Forbidden", detail: "key not allowed" }] } };
    const me: Step = { status: 200, body: { data: { type: "users", id: "u1", relationships: { org: { data: { type: "orgs", id: "o1" } }, roles: { data: [{ type: "roles", id: "r1" }] } } } } };
    async function target(script: Step[]) {
      server = await ScriptedServer.start(script);
      configureFrom(config({ "connections:apiUrl": server.url, "connections:apiKey": KEYS.apiKey, "connections:appKey": KEYS.appKey }));
    }

    it("no current user: preview fails saying why, and allowSelfLockout: true skips the check", async () => {
      await target([forbidden]);
      const failed = reasons(await check({}, { ...base, access: { editor: ["role:r1"] } }));
      assert.equal(failed.length, 1);
      assert.match(failed[0], /^access cannot tell whether this policy leaves the application key's user editor of the connection \(GET \/api\/v2\/current_user failed: .*403.*\); give the key the permission to read its user, or set access\.allowSelfLockout: true/);
      // A second resource that needs the answer again: the failed lookup is not repeated.
      assert.equal(reasons(await check({}, { ...base, access: { editor: ["role:r2"] } })).length, 1);
      assert.equal(server!.requests.length, 1, "asked once, not again for the second resource");
      assert.deepEqual(reasons(await check({}, { ...base, access: { editor: ["role:r1"], allowSelfLockout: true } })), []);
    });

    it("teams unreadable: editor through role or org still passes; editor only through a team cannot be told", async () => {
      await target([me, forbidden]);
      assert.deepEqual(reasons(await check({}, { ...base, access: { editor: ["role:r1"], resolver: ["team:t"] } })), []);
      assert.deepEqual(reasons(await check({}, { ...base, access: { editor: ["org:o1"] } })), []);
      const failed = reasons(await checkGroup({}, { ...group, access: { editor: ["team:t"] } }));
      assert.equal(failed.length, 1);
      assert.match(failed[0], /cannot tell whether this policy leaves the application key's user editor of the connection group \(GET \/api\/v2\/users\/u1\/memberships failed/);
    });

    it("a group member the key's user may only view under its declared access; nothing asked for members without access", async () => {
      // The group's check first asks whether the target has a groups API (once per client).
      await target([{ status: 200, body: { data: [] } }, me, { status: 200, body: { data: [] } }]);
      const memberFacts = [{ label: "a", integration: "AWS", tags: ["env:a"], access: { viewer: ["user:u1"], editor: ["role:other"], allowSelfLockout: true } }, { label: "b", integration: "AWS", tags: ["env:b"] }];
      const failed = reasons(await checkGroup({}, { ...group, members: [UNKNOWN, UNKNOWN], memberFacts }));
      assert.equal(failed.length, 1);
      assert.match(failed[0], /^members\[0\] "a": under the access this program declares for it, the application key's user "u1" has only viewer, not resolver/);
    });

    it("on a Datadog site, user/role/team ids must be UUIDs (checked before anything is asked)", async () => {
      configureFrom(config({ "connections:site": "datadoghq.eu", "connections:apiKey": KEYS.apiKey, "connections:appKey": KEYS.appKey }));
      assert.deepEqual(reasons(await check({}, { ...base, access: { resolver: ["team:payments"], editor: ["role:3f9c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59"] } })), ['access.resolver[0] "team:payments": Datadog team ids are UUIDs']);
    });
  });

  describe("create", () => {
    let server: ScriptedServer | undefined;
    after(async () => server?.close());
    it("a policy the target refuses deletes the new connection again: nothing left outside the state", async () => {
      const id = "11111111-2222-4333-8444-555555555555";
      server = await ScriptedServer.start([
        { status: 201, body: connectionDoc(id, { name: "n", tags: ["env:a"], integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } } }) },
        { status: 400, body: { errors: [{ title: "Bad Request", detail: "principal unknown to this org" }] } },
        { status: 204 },
      ]);
      configureFrom(config({ "connections:apiUrl": server.url, "connections:apiKey": KEYS.apiKey, "connections:appKey": KEYS.appKey }));
      const err = await create({ name: "n", tags: ["env:a"], integration: aws as never, access: { editor: ["role:r1"] } }).then(() => undefined, (e: Error) => e);
      assert.ok(err, "create must fail");
      assert.match(err.message, /creating connection "n" failed: the connection was created but its access policy could not be written \(.*principal unknown to this org.*\); it was deleted again, so nothing was left behind/);
      assert.deepEqual(server.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`), [
        "POST /api/v2/actions/connections",
        `POST /api/v2/restriction_policy/connection:${id}`,
        `DELETE /api/v2/actions/connections/${id}`,
      ]);
    });
  });
});
