/**
 * Plain HTTP through the real CLI: a preview against `http://` to a host that is not loopback is
 * refused before anything is sent (default target from the environment or the stack config, and
 * an explicit `ConnectionsTarget`), `http://` to a Datadog host is refused even with the opt-in,
 * loopback works, and the opt-in works with a warning.
 *
 * The non-loopback host is this machine's own non-internal address when it has one, behind a
 * relay that counts every TCP connection and forwards it to the test backend: so "nothing was
 * sent" is observed, not assumed. Without such an address, 192.0.2.1 (TEST-NET, never routed)
 * stands in and only the refusal is checked.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { useBackendAndWorkspaces } from "../support/e2e";
import { REPO } from "../support/pulumi";

const IMPORTS = `import * as pulumi from "@pulumi/pulumi";\nimport { Connection, ConnectionsTarget } from "pulumi-workflow-connections";\nconst config = new pulumi.Config();\n`;
const OPENAI = (extra = "") =>
  `new Connection("ai", { name: "ai", integration: { type: "OpenAI", apiToken: config.requireSecret("token") }${extra} });\n`;

interface Relay {
  url: string;
  connections: number;
  close(): Promise<void>;
}

function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === "IPv4") return a.address;
  return undefined;
}

/** A TCP relay on `host` to `to` (host:port), counting connections. */
async function startRelay(host: string, to: URL): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const relay: Relay = { url: "", connections: 0, close: async () => undefined };
  const server = net.createServer((client) => {
    relay.connections++;
    const upstream = net.connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  relay.url = `http://${host}:${(server.address() as net.AddressInfo).port}`;
  relay.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return relay;
}

describe("e2e: plain HTTP carries keys in clear text, so it is refused unless loopback or opted in", function () {
  this.timeout(900_000);
  const e2e = useBackendAndWorkspaces();
  const host = nonLoopbackAddress();
  let relay: Relay | undefined;
  const remoteUrl = () => relay?.url ?? "http://192.0.2.1:8080";
  const nothingSent = (what: string) => {
    if (relay) assert.equal(relay.connections, 0, `${what}: no connection reached the non-loopback host`);
  };
  before(async () => {
    if (host) relay = await startRelay(host, new URL(e2e.backend.url));
  });
  after(async () => {
    await relay?.close();
  });

  it("the default target (CONNECTIONS_API_URL, then connections:apiUrl) is refused before any request, naming the setting and the opt-in", async () => {
    const ws = e2e.workspace("plain-http-default", { env: { CONNECTIONS_API_URL: remoteUrl() } });
    ws.writeProgram({ "index.ts": IMPORTS + OPENAI() });
    await ws.init({ token: { secret: "tok-value-1" } });
    const fromEnv = await ws.run(["preview"]);
    assert.notEqual(fromEnv.code, 0, fromEnv.output);
    assert.match(
      fromEnv.output,
      /CONNECTIONS_API_URL http:\/\/\S+ is plain HTTP to a host that is not loopback: every request would send the API and application keys in clear text\. Use https, or, for a network you trust, opt in with CONNECTIONS_ALLOW_INSECURE_HTTP=1/,
    );
    nothingSent("env");

    await ws.must(["config", "set", "connections:apiUrl", remoteUrl()]);
    const fromConfig = await ws.run(["preview"]);
    assert.notEqual(fromConfig.code, 0, fromConfig.output);
    assert.match(
      fromConfig.output,
      /connections:apiUrl http:\/\/\S+ is plain HTTP to a host that is not loopback.*opt in with `pulumi config set connections:allowInsecureHttp true`/s,
    );
    nothingSent("config");
  });

  it("an explicit ConnectionsTarget is refused under the resource; http:// to a Datadog host is refused even with the opt-in", async () => {
    const ws = e2e.workspace("plain-http-target");
    const program = (args: string) =>
      IMPORTS +
      `const lab = new ConnectionsTarget("lab", { ${args}, apiKey: config.requireSecret("k"), appKey: config.requireSecret("a") });\n` +
      OPENAI(", target: lab");
    ws.writeProgram({ "index.ts": program(`apiUrl: ${JSON.stringify(remoteUrl())}`) });
    await ws.init({
      token: { secret: "tok-value-2" },
      k: { secret: e2e.backend.apiKey },
      a: { secret: e2e.backend.appKey("alice") },
    });
    const refused = await ws.run(["preview"]);
    assert.notEqual(refused.code, 0, refused.output);
    assert.match(
      refused.output,
      /Connection resource 'ai' has a problem: target ConnectionsTarget "lab": the apiUrl of ConnectionsTarget "lab" http:\/\/\S+ is plain HTTP to a host that is not loopback.*opt in with allowInsecureHttp: true on ConnectionsTarget "lab"/s,
    );
    nothingSent("explicit target");

    ws.writeProgram({ "index.ts": program(`apiUrl: "http://api.datadoghq.eu", allowInsecureHttp: true`) });
    const datadog = await ws.run(["preview"]);
    assert.notEqual(datadog.code, 0, datadog.output);
    assert.match(
      datadog.output,
      /http:\/\/api\.datadoghq\.eu is plain HTTP to a Datadog host: Datadog's API is HTTPS only .*use https:\/\/api\.datadoghq\.eu, or site "datadoghq\.eu"/s,
    );
  });

  it("the generate command refuses the same way before any request, and works with the opt-in", async () => {
    const run = (args: string[], env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number; output: string }>((resolve) =>
        execFile(
          "node",
          [path.join(REPO, "dist/provider/cli/main.js"), "generate", ...args],
          {
            env: { ...process.env, DD_API_KEY: e2e.backend.apiKey, DD_APP_KEY: e2e.backend.appKey("alice"), ...env },
            timeout: 120_000,
          },
          (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: unknown }).code) || 1 : 0, output: `${stdout}\n${stderr}` }),
        ),
      );
    const refused = await run(["--all", "--api-url", remoteUrl()], { CONNECTIONS_ALLOW_INSECURE_HTTP: "" });
    assert.notEqual(refused.code, 0, refused.output);
    assert.match(
      refused.output,
      /is plain HTTP to a host that is not loopback: every request would send the API and application keys in clear text/,
    );
    nothingSent("generate");
    const datadog = await run(["--all", "--api-url", "http://api.datadoghq.com"], {
      CONNECTIONS_ALLOW_INSECURE_HTTP: "1",
    });
    assert.notEqual(datadog.code, 0, datadog.output);
    assert.match(datadog.output, /Datadog's API is HTTPS only/);
    if (!relay) return;
    const allowed = await run(["--all", "--api-url", relay.url], { CONNECTIONS_ALLOW_INSECURE_HTTP: "1" });
    assert.doesNotMatch(allowed.output, /plain HTTP to a host that is not loopback: every request/, allowed.output);
    assert.ok(relay.connections > 0, "the opted-in command reached the target");
  });

  it("loopback needs no opt-in and gets no warning", async () => {
    const ws = e2e.workspace("plain-http-loopback");
    ws.writeProgram({ "index.ts": IMPORTS + OPENAI() });
    await ws.init({ token: { secret: "tok-value-3" } });
    const preview = await ws.must(["preview"]);
    assert.match(preview.output, /\+ 2 to create/);
    assert.doesNotMatch(preview.output, /plain HTTP/);
  });

  it("the opt-in (environment or ConnectionsTarget) works and preview warns once per target", async function () {
    if (!relay) this.skip(); // nothing non-loopback to reach on this machine
    const before = relay!.connections;
    const ws = e2e.workspace("plain-http-opt-in", {
      env: { CONNECTIONS_API_URL: relay!.url, CONNECTIONS_ALLOW_INSECURE_HTTP: "1" },
    });
    ws.writeProgram({
      "index.ts":
        IMPORTS +
        OPENAI() +
        `new Connection("ai2", { name: "ai2", integration: { type: "OpenAI", apiToken: config.requireSecret("token") } });\n`,
    });
    await ws.init({ token: { secret: "tok-value-4" } });
    const preview = await ws.must(["preview"]);
    assert.match(preview.output, /\+ 3 to create/);
    // The CLI prints a diagnostic in its progress and again under "Diagnostics:": count it there.
    const diagnostics = preview.output.slice(preview.output.indexOf("Diagnostics:"));
    const warnings = diagnostics.match(/uses plain HTTP to a host that is not loopback \(allowInsecureHttp\)/g) ?? [];
    assert.equal(warnings.length, 1, `one warning for the one target:\n${preview.output}`);
    assert.match(preview.output, /the API and application keys travel in clear text on every request/);
    assert.ok(relay!.connections > before, "the opted-in preview did reach the target");

    const explicit = e2e.workspace("plain-http-opt-in-target");
    explicit.writeProgram({
      "index.ts":
        IMPORTS +
        `const lab = new ConnectionsTarget("lab", { apiUrl: ${JSON.stringify(relay!.url)}, allowInsecureHttp: true, apiKey: config.requireSecret("k"), appKey: config.requireSecret("a") });\n` +
        OPENAI(", target: lab"),
    });
    await explicit.init({
      token: { secret: "tok-value-5" },
      k: { secret: e2e.backend.apiKey },
      a: { secret: e2e.backend.appKey("alice") },
    });
    const up = await explicit.must(["up", "--yes"]);
    assert.match(up.output, /ConnectionsTarget "lab" \(http:\/\/\S+\) uses plain HTTP to a host that is not loopback/);
    assert.equal(explicit.resourcesOf("Connection").length, 1);
  });
});
