/**
 * Access as code, end to end: `access` on Connection and ConnectionGroup through the
 * real Pulumi CLI against the real local backend, checked by what other users of the backend
 * can really do. Users (tests/support/backend.ts): alice (role admin, team platform) runs
 * Pulumi; bob (role dev, team payments); carol (nothing).
 */
import { strict as assert } from "node:assert";
import { CONNS, GROUPS, POLICY, UserName, awsConnection, policyBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { PulumiWorkspace } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;

/** A program of one AWS connection and a group holding it, each with the given access (source text). */
function program(connectionAccess: string | undefined, groupAccess: string | undefined): string {
  const access = (a: string | undefined) => (a === undefined ? "" : `, access: ${a}`);
  return `${IMPORTS}
const conn = new Connection("payments-aws", { name: "payments-aws", integration: { type: "AWS", accountId: "111111111111", role: "workflows" }, tags: ["env:prod"]${access(connectionAccess)} });
const group = new ConnectionGroup("payments", { name: "payments", integration: "AWS", identifierTags: ["env"], members: [conn]${access(groupAccess)} });
export const connectionId = conn.id;
export const groupId = group.id;
`;
}

describe("e2e: access as code", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const as = (user: UserName, method: "GET" | "POST" | "PATCH" | "DELETE", path: string, body?: unknown) =>
    e2e.backend.request(user, method, path, body);
  const bindings = async (resource: string) => {
    const res = await as("alice", "GET", `${POLICY}/${resource}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data.attributes.bindings;
  };
  const outputs = async (ws: PulumiWorkspace) => JSON.parse((await ws.must(["stack", "output", "--json"])).stdout);
  /** Everything alice can see plus its policies: the witness that nothing was written. */
  async function snapshot(only?: "groups"): Promise<string> {
    const c = await as("alice", "GET", `${CONNS}?page[size]=100`);
    const g = await as("alice", "GET", GROUPS);
    if (only === "groups") return JSON.stringify(g.body.data);
    const policies = await Promise.all([
      ...c.body.data.map((x: { id: string }) => bindings(`connection:${x.id}`)),
      ...g.body.data.map((x: { id: string }) => bindings(`connection-group:${x.id}`)),
    ]);
    return JSON.stringify([c.body.data, g.body.data, policies]);
  }

  it("written with the resources; bob (team payments) may resolve, carol may not; order is no change; drift shows on refresh; access: {} opens; removed from the program is left; destroy removes", async () => {
    const ws = e2e.workspace("access-lifecycle");
    ws.writeProgram({
      "index.ts": program(
        `{ resolver: ["team:payments"], editor: ["role:admin", "user:alice"] }`,
        `{ viewer: ["user:carol", "team:payments"], editor: ["role:admin"] }`,
      ),
    });
    await ws.init();
    await ws.must(["up", "--yes", "--skip-preview"]);
    const { connectionId, groupId } = await outputs(ws);
    const conn = `connection:${connectionId}`,
      group = `connection-group:${groupId}`;

    assert.deepEqual(await bindings(conn), [
      { relation: "resolver", principals: ["team:payments"] },
      { relation: "editor", principals: ["role:admin", "user:alice"] },
    ]);
    assert.deepEqual(await bindings(group), [
      { relation: "viewer", principals: ["team:payments", "user:carol"] },
      { relation: "editor", principals: ["role:admin"] },
    ]);
    // bob, through his team: resolves the group to the connection, may not change either.
    const resolved = await as("bob", "GET", `${GROUPS}/${groupId}/resolve?identifiers[env]=prod`);
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.data.id, connectionId);
    assert.equal(
      (
        await as("bob", "PATCH", `${CONNS}/${connectionId}`, {
          data: { type: "action_connection", attributes: { name: "bob" } },
        })
      ).status,
      403,
    );
    assert.equal((await as("bob", "DELETE", `${GROUPS}/${groupId}`)).status, 403);
    // carol may see the group but is bound to nothing on the connection: it does not exist for
    // her, not even as a member of the group, and its values resolve to nothing.
    assert.equal((await as("carol", "GET", `${CONNS}/${connectionId}`)).status, 404);
    const carolsGroup = await as("carol", "GET", `${GROUPS}/${groupId}`);
    assert.equal(carolsGroup.status, 200);
    assert.deepEqual(carolsGroup.body.data.attributes.connections, []);
    const denied = await as("carol", "GET", `${GROUPS}/${groupId}/resolve?identifiers[env]=prod`);
    assert.equal(denied.status, 404);
    assert.match(denied.body.errors[0].detail, /^no member of group "payments" \([0-9a-f-]{36}\) has env:prod$/);
    assert.ok(!JSON.stringify(denied.body).includes(connectionId));
    const state = ws.resourcesOf("Connection")[0];
    assert.deepEqual(state.outputs!.access, { resolver: ["team:payments"], editor: ["role:admin", "user:alice"] });

    // The same policy written in another order (relations and principals): no change.
    ws.writeProgram({
      "index.ts": program(
        `{ editor: ["user:alice", "role:admin"], resolver: ["team:payments"], viewer: [] }`,
        `{ editor: ["role:admin"], viewer: ["team:payments", "user:carol"] }`,
      ),
    });
    const reordered = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(reordered.code, 0, reordered.output);

    // Someone grants carol by hand: refresh sees it, the next up puts the declared policy back.
    const byHand = [
      { relation: "viewer", principals: ["user:carol"] },
      { relation: "resolver", principals: ["team:payments"] },
      { relation: "editor", principals: ["role:admin", "user:alice"] },
    ];
    assert.equal((await as("alice", "POST", `${POLICY}/${conn}`, policyBody(conn, byHand))).status, 200);
    assert.equal((await as("carol", "GET", `${CONNS}/${connectionId}`)).status, 200);
    const groupByHand = [
      { relation: "editor", principals: ["role:admin", "user:bob"] },
      { relation: "viewer", principals: ["team:payments", "user:carol"] },
    ];
    assert.equal((await as("alice", "POST", `${POLICY}/${group}`, policyBody(group, groupByHand))).status, 200);
    const drift = await ws.run(["refresh", "--preview-only", "--expect-no-changes"]);
    assert.notEqual(drift.code, 0, `refresh must report the drift:\n${drift.output}`);
    await ws.must(["refresh", "--yes", "--skip-preview"]);
    assert.deepEqual(ws.resourcesOf("Connection")[0].outputs!.access, {
      viewer: ["user:carol"],
      resolver: ["team:payments"],
      editor: ["role:admin", "user:alice"],
    });
    assert.deepEqual(ws.resourcesOf("ConnectionGroup")[0].outputs!.access, {
      viewer: ["team:payments", "user:carol"],
      editor: ["role:admin", "user:bob"],
    });
    const pending = await ws.run(["preview", "--expect-no-changes"]);
    assert.notEqual(pending.code, 0, `the program differs from the refreshed policy:\n${pending.output}`);
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.equal((await as("carol", "GET", `${CONNS}/${connectionId}`)).status, 404, "carol's grant is gone again");
    assert.deepEqual(
      await bindings(group),
      [
        { relation: "viewer", principals: ["team:payments", "user:carol"] },
        { relation: "editor", principals: ["role:admin"] },
      ],
      "bob's grant is gone again",
    );
    assert.equal((await outputs(ws)).connectionId, connectionId, "updated in place");
    const converged = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(converged.code, 0, converged.output);

    // access: {} on the group: no restriction (no policy left); access removed from the
    // connection: Pulumi stops managing it and the policy stays as it is.
    ws.writeProgram({ "index.ts": program(undefined, `{}`) });
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(await bindings(group), []);
    assert.equal((await as("carol", "GET", `${GROUPS}/${groupId}`)).status, 200);
    assert.deepEqual(await bindings(conn), [
      { relation: "resolver", principals: ["team:payments"] },
      { relation: "editor", principals: ["role:admin", "user:alice"] },
    ]);
    assert.equal(ws.resourcesOf("Connection")[0].outputs!.access, undefined);
    const settled = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(settled.code, 0, settled.output);

    await ws.must(["destroy", "--yes", "--skip-preview"]);
    assert.equal((await as("alice", "GET", `${CONNS}/${connectionId}`)).status, 404);
    assert.equal((await as("alice", "GET", `${POLICY}/${conn}`)).status, 404, "the policy went with the connection");
    assert.equal((await as("alice", "GET", `${POLICY}/${group}`)).status, 404);
  });

  describe("mistakes fail at preview, naming the resource, the property and the rule, and write nothing", () => {
    // `group`: the failing resource is the group, so `up` has already created the (valid)
    // connection before the engine reaches it, as Pulumi does; the group is never written.
    const cases: { name: string; program: string; expect: RegExp[]; group?: true }[] = [
      {
        name: "principal format and a principal twice",
        program: program(
          `{ resolver: ["team payments", "squad:x", "role:"], editor: ["role:admin", "role:admin"] }`,
          undefined,
        ),
        expect: [
          /Connection resource 'payments-aws' has a problem: access\.resolver\[0\] "team payments": a principal is type:id/,
          /access\.resolver\[1\] "squad:x": a principal is type:id with type user, role, team, org/,
          /access\.resolver\[2\] "role:": the id after "role:" must be/,
          /access\.editor\[1\] "role:admin" is listed twice \(also editor\[0\]\)/,
        ],
      },
      {
        name: "a relation the resource type does not have (groups: viewer, editor)",
        group: true,
        program: program(undefined, `{ resolver: ["team:payments"], editor: ["role:admin"] } as any`),
        expect: [
          /ConnectionGroup resource 'payments' has a problem: access\.resolver "resolver" is not a relation of connection groups \(viewer, editor\)/,
        ],
      },
      {
        name: "a relation connections do not have",
        program: program(`{ runner: ["team:payments"], editor: ["role:admin"] } as any`, undefined),
        expect: [/access\.runner "runner" is not a relation of connections \(viewer, resolver, editor\)/],
      },
      {
        name: "self-lockout: the key's user would keep only resolver",
        program: program(`{ resolver: ["user:alice"], editor: ["role:dev"] }`, undefined),
        expect: [
          /access would leave the application key's user "alice" only resolver on the connection, so Pulumi could no longer change or delete it; add one of "user:alice", "role:admin", "team:platform", "org:test-org" to access\.editor, or set access\.allowSelfLockout: true/,
        ],
      },
      {
        name: "self-lockout on a group: no access at all",
        group: true,
        program: program(undefined, `{ editor: ["team:payments"] }`),
        expect: [
          /ConnectionGroup resource 'payments' has a problem: access would leave the application key's user "alice" no access on the connection group/,
        ],
      },
      {
        name: "a member the key's user could not resolve under its declared access",
        group: true,
        program: program(`{ viewer: ["user:alice"], editor: ["role:dev"], allowSelfLockout: true }`, undefined),
        expect: [
          /ConnectionGroup resource 'payments' has a problem: members\[0\] "payments-aws": under the access this program declares for it, the application key's user "alice" has only viewer, not resolver, so adding it to the group would fail with 403 Forbidden/,
        ],
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const before = await snapshot();
        const ws = e2e.workspace("access-invalid");
        ws.writeProgram({ "index.ts": c.program });
        await ws.init();
        const result = await ws.run(["preview"]);
        assert.notEqual(result.code, 0, `preview should fail:\n${result.output}`);
        for (const re of c.expect) assert.match(result.output, re);
        assert.equal(await snapshot(), before, "preview wrote nothing");
        const groupsBefore = await snapshot("groups");
        const up = await ws.run(["up", "--yes", "--skip-preview"]);
        assert.notEqual(up.code, 0, `up should fail too:\n${up.output}`);
        for (const re of c.expect) assert.match(up.output, re);
        if (c.group) assert.equal(await snapshot("groups"), groupsBefore, "the group was not written");
        else assert.equal(await snapshot(), before, "nothing was written");
      });
    }
  });

  it("allowSelfLockout: true writes a policy that leaves the key's user only resolver, and the backend then refuses it changes", async () => {
    const ws = e2e.workspace("access-lockout");
    ws.writeProgram({
      "index.ts": program(`{ resolver: ["user:alice"], editor: ["user:bob"], allowSelfLockout: true }`, undefined),
    });
    await ws.init();
    await ws.must(["up", "--yes", "--skip-preview"]);
    const { connectionId } = await outputs(ws);
    assert.deepEqual(await bindings(`connection:${connectionId}`), [
      { relation: "resolver", principals: ["user:alice"] },
      { relation: "editor", principals: ["user:bob"] },
    ]);
    assert.equal(
      (
        await as("alice", "PATCH", `${CONNS}/${connectionId}`, {
          data: { type: "action_connection", attributes: { name: "x" } },
        })
      ).status,
      403,
    );
    const again = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(again.code, 0, again.output);
    // bob, the editor, removes what alice no longer can; destroy then finds it gone.
    assert.equal((await as("bob", "DELETE", `${GROUPS}/${(await outputs(ws)).groupId}`)).status, 204);
    assert.equal((await as("bob", "DELETE", `${CONNS}/${connectionId}`)).status, 204);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });

  it("undeclared access leaves an adopted connection's policy untouched", async () => {
    const created = await as("alice", "POST", CONNS, awsConnection("adopt-me", ["env:adopted"]));
    const id = created.body.data.id;
    const policy = [
      { relation: "resolver", principals: ["role:dev"] },
      { relation: "editor", principals: ["user:alice"] },
    ];
    assert.equal(
      (await as("alice", "POST", `${POLICY}/connection:${id}`, policyBody(`connection:${id}`, policy))).status,
      200,
    );
    const ws = e2e.workspace("access-adopt");
    ws.writeProgram({
      "index.ts": `${IMPORTS}new Connection("adopted", { name: "adopted", adoptId: "${id}", integration: { type: "AWS", accountId: "222222222222", role: "workflows" }, tags: ["env:adopted"] });\n`,
    });
    await ws.init();
    await ws.must(["up", "--yes", "--skip-preview"]);
    assert.equal(
      (await as("alice", "GET", `${CONNS}/${id}`)).body.data.attributes.integration.credentials.account_id,
      "222222222222",
    );
    assert.deepEqual(await bindings(`connection:${id}`), policy);
    await ws.must(["refresh", "--yes", "--skip-preview"]);
    assert.deepEqual(await bindings(`connection:${id}`), policy);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });

  it("examples/access: the team resolves, the role edits, others see nothing; no changes on a second preview", async () => {
    // The committed stack file carries its passphrase salt: this is the passphrase it goes with.
    const ws = e2e.workspace("connections-access", { env: { PULUMI_CONFIG_PASSPHRASE: "examples" } });
    ws.writeProgram({});
    ws.copyExample("examples/access", ["index.ts", "Pulumi.dev.yaml"]);
    await ws.init();
    const preview = await ws.run(["preview"]);
    assert.equal(preview.code, 0, preview.output);
    await ws.must(["up", "--yes", "--skip-preview"]);
    const { connectionIds, groupId } = await outputs(ws);
    const eu = await as("bob", "GET", `${GROUPS}/${groupId}/resolve?identifiers[region]=eu-west-1`);
    assert.equal(eu.status, 200, JSON.stringify(eu.body));
    assert.equal(eu.body.data.id, connectionIds[0]);
    assert.equal(
      (
        await as("bob", "PATCH", `${CONNS}/${connectionIds[0]}`, {
          data: { type: "action_connection", attributes: { name: "x" } },
        })
      ).status,
      403,
    );
    assert.equal((await as("carol", "GET", `${GROUPS}/${groupId}`)).status, 404);
    assert.equal((await as("carol", "GET", `${CONNS}/${connectionIds[1]}`)).status, 404);
    const again = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(again.code, 0, again.output);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });
});
