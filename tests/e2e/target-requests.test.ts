/**
 * How many requests the target checks cost: through a counting proxy in front of the local
 * backend, a preview (and an up) of many resources verifies the keys with one request per
 * target and key, fetches the key's user once, and looks each principal up once, never once
 * per resource; the target's connections are listed once (to warn before duplicating one);
 * a preview writes nothing.
 */
import { strict as assert } from "node:assert";
import { useBackendAndWorkspaces } from "../support/e2e";
import { startProxy, Proxy, ProxiedRequest } from "../support/proxy";
import { CONNS, GROUPS } from "../support/backend";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n`;
const N = 25;

/** N connections (with access, or without), and a group of them all. */
function program(withAccess: boolean): string {
  const access = withAccess ? `, access: { resolver: ["team:payments"], editor: ["role:admin", "user:alice"] }` : "";
  return (
    IMPORTS +
    `
const members: Connection[] = [];
for (let i = 0; i < ${N}; i++) {
  members.push(new Connection("c" + i, { name: "c" + i, integration: { type: "OpenAI", apiToken: "tok-" + i }, tags: ["n:" + i]${access} }));
}
new ConnectionGroup("all", { name: "all", integration: "OpenAI", identifierTags: ["n"], members${withAccess ? `, access: { viewer: ["team:payments"], editor: ["role:admin"] }` : ""} });
`
  );
}

const count = (requests: ProxiedRequest[], method: string, path: string | RegExp) =>
  requests.filter((r) => r.method === method && (typeof path === "string" ? r.path === path : path.test(r.path)))
    .length;
const writes = (requests: ProxiedRequest[]) => requests.filter((r) => r.method !== "GET").length;

describe("e2e: target checks cost one request per target and key", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  let proxy: Proxy;
  before(async () => {
    proxy = await startProxy(e2e.backend.url);
  });
  after(async () => {
    await proxy?.close();
  });

  for (const withAccess of [true, false]) {
    it(`preview and up of ${N} connections and a group ${withAccess ? "with" : "without"} access: the keys are verified once, each principal looked up once`, async () => {
      const ws = e2e.workspace(`requests-${withAccess ? "access" : "plain"}`, {
        env: { CONNECTIONS_API_URL: proxy.url },
      });
      ws.writeProgram({ "index.ts": program(withAccess) });
      await ws.init();

      proxy.requests.length = 0;
      await ws.must(["preview"]);
      const preview = [...proxy.requests];
      assert.equal(count(preview, "GET", "/api/v1/validate"), 1, JSON.stringify(preview));
      assert.equal(count(preview, "GET", "/api/v2/current_user"), 1, JSON.stringify(preview));
      assert.equal(writes(preview), 0, "a preview writes nothing");
      if (withAccess) {
        for (const p of ["/api/v2/team/payments", "/api/v2/roles/admin", "/api/v2/users/alice"])
          assert.equal(count(preview, "GET", p), 1, `${p}: ${JSON.stringify(preview)}`);
        assert.equal(count(preview, "GET", /\/memberships$/), 1);
      }
      // The live world: the target's connections, listed once (one page: it holds none yet), to
      // warn before duplicating one; none read one by one.
      assert.equal(count(preview, "GET", CONNS), 1, JSON.stringify(preview));
      assert.equal(
        count(preview, "GET", /^\/api\/v2\/actions\/connections\/(?!groups$)[^/]+$/),
        0,
        JSON.stringify(preview),
      );
      // What the target can do with groups: learned once by each process that asks (the program's
      // preflight and the provider), never per resource.
      const groupAsks = preview.filter((r) => r.path.startsWith(GROUPS)).length;
      assert.ok(groupAsks >= 1 && groupAsks <= 2, JSON.stringify(preview));
      const principals = withAccess ? 3 : 0;
      assert.equal(
        preview.length,
        3 + principals + 1 + groupAsks,
        `keys (validate, current_user, memberships), principals, one list page, the group capabilities; not ${N}: ${JSON.stringify(preview)}`,
      );

      proxy.requests.length = 0;
      await ws.must(["up", "--yes", "--skip-preview"]);
      const up = [...proxy.requests];
      assert.equal(count(up, "GET", "/api/v1/validate"), 1, JSON.stringify(up));
      assert.equal(count(up, "GET", "/api/v2/current_user"), 1, JSON.stringify(up));
      assert.equal(count(up, "POST", "/api/v2/actions/connections"), N);

      proxy.requests.length = 0;
      await ws.must(["preview", "--expect-no-changes"]);
      assert.equal(writes(proxy.requests), 0);
      assert.ok(count(proxy.requests, "GET", "/api/v1/validate") <= 1);
      assert.equal(count(proxy.requests, "GET", CONNS), 0, "nothing to create: no list to compare with");
      await ws.must(["destroy", "--yes", "--skip-preview"]);
    });
  }
});
