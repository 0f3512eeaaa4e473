/**
 * Create-with-access end to end: through the real Pulumi CLI against the real local backend, a
 * connection and a group declared with `access` are created with their policy in one step, so a
 * user the policy leaves out, listing and trying to re-policy whatever appears all through
 * `pulumi up`, never sees either. Users (tests/support/backend.ts): alice runs Pulumi; bob watches.
 */
import { strict as assert } from "node:assert";
import { CONNS, GROUPS, POLICY, UserName, policyBody } from "../support/backend";
import { useBackendAndWorkspaces } from "../support/e2e";
import { PulumiWorkspace } from "../support/pulumi";

const PROGRAM = `import { Connection, ConnectionGroup } from "pulumi-workflow-connections";
const conn = new Connection("payments-aws", { name: "payments-aws", integration: { type: "AWS", accountId: "111111111111", role: "workflows" }, tags: ["env:prod"], access: { editor: ["user:alice"] } });
const group = new ConnectionGroup("payments", { name: "payments", integration: "AWS", identifierTags: ["env"], members: [conn], access: { editor: ["user:alice"] } });
export const connectionId = conn.id;
export const groupId = group.id;
`;

describe("e2e: create with access", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const as = (user: UserName, method: "GET" | "POST", path: string, body?: unknown) =>
    e2e.backend.request(user, method, path, body);
  const bindings = async (resource: string) =>
    (await as("alice", "GET", `${POLICY}/${resource}`)).body.data.attributes.bindings;
  const outputs = async (ws: PulumiWorkspace) => JSON.parse((await ws.must(["stack", "output", "--json"])).stdout);

  it("created with access in one step: a user the policy leaves out, watching throughout `pulumi up`, never sees the connection or the group", async () => {
    const ws = e2e.workspace("access-atomic");
    ws.writeProgram({ "index.ts": PROGRAM });
    await ws.init();
    let watching = true;
    let looks = 0;
    const seen: string[] = [];
    const earlier = new Set<string>();
    for (const route of [CONNS, GROUPS])
      for (const d of (await as("bob", "GET", `${route}?page[size]=100`)).body.data as { id: string }[])
        earlier.add(d.id);
    // bob lists both kinds over and over and tries to take whatever new appears.
    const watcher = (async () => {
      while (watching) {
        looks++;
        for (const [route, kind] of [
          [CONNS, "connection"],
          [GROUPS, "connection-group"],
        ] as const) {
          for (const d of (await as("bob", "GET", `${route}?page[size]=100`)).body.data as { id: string }[]) {
            if (earlier.has(d.id)) continue;
            seen.push(d.id);
            await as(
              "bob",
              "POST",
              `${POLICY}/${kind}:${d.id}`,
              policyBody(`${kind}:${d.id}`, [{ relation: "editor", principals: ["user:bob"] }]),
            );
          }
        }
      }
    })();
    try {
      await ws.must(["up", "--yes", "--skip-preview"]);
    } finally {
      watching = false;
      await watcher;
    }
    const { connectionId, groupId } = await outputs(ws);
    assert.ok(looks > 1, "bob watched while the resources were created");
    assert.ok(
      !seen.includes(connectionId) && !seen.includes(groupId),
      "bob saw a resource whose policy leaves him out",
    );
    assert.deepEqual(await bindings(`connection:${connectionId}`), [
      { relation: "editor", principals: ["user:alice"] },
    ]);
    assert.deepEqual(await bindings(`connection-group:${groupId}`), [
      { relation: "editor", principals: ["user:alice"] },
    ]);
    assert.equal((await as("bob", "GET", `${CONNS}/${connectionId}`)).status, 404);
    await ws.must(["destroy", "--yes", "--skip-preview"]);
  });
});
