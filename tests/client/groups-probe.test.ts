/** Groups.probe: does a target have a connection-groups API at all? One read-only request. */
import assert from "node:assert/strict";
import { ConnectionsClient, ForbiddenError, UnsupportedError } from "../../client";
import { ScriptedServer } from "./scripted-server";
import { KEYS, rejection, testClient } from "./helpers";

describe("client: groups API probe", () => {
  let server: ScriptedServer | undefined;
  let client: ConnectionsClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
    server = client = undefined;
  });

  it("a 404 on the list route, even as a JSON:API error (a proxy in front of Datadog), means no groups API", async () => {
    for (const body of [{ errors: ["Not found"] }, "Not Found", { errors: [{ title: "Not Found" }] }]) {
      server = await ScriptedServer.start([{ status: 404, body }]);
      client = testClient(server.url);
      const err = await rejection(client.groups.probe());
      assert.ok(err instanceof UnsupportedError, String(err));
      assert.equal(err.status, 404);
      assert.deepEqual(server.requests.map((r) => [r.method, r.path]), [["GET", "/api/v2/actions/connection_groups"]]);
      assert.match(server.requests[0].url, /page%5Bsize%5D=1|page\[size\]=1/);
      client.close();
      await server.close();
    }
    server = client = undefined;
  });

  it("a listing answers: the API is there; other failures are reported as they are", async () => {
    server = await ScriptedServer.start([{ status: 200, body: { data: [] } }, { status: 403, body: { errors: [{ detail: "no" }] } }]);
    client = testClient(server.url);
    await client.groups.probe();
    assert.ok((await rejection(client.groups.probe())) instanceof ForbiddenError);
  });

  it("a Datadog site has none, and is not asked", async () => {
    client = new ConnectionsClient({ site: "datadoghq.eu", ...KEYS }, {});
    assert.ok((await rejection(client.groups.probe())) instanceof UnsupportedError);
  });
});
