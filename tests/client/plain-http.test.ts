/**
 * Plain HTTP carries both keys in clear text: refused to any Datadog host, allowed to loopback,
 * and elsewhere only with the explicit opt-in, in every place a target is resolved (the client's
 * options, the provider's default target from stack config or environment, an explicit target).
 */
import assert from "node:assert/strict";
import { apiUrlTarget, isLoopbackHost, resolveClientOptions } from "../../client";
import { configureFrom, resolveTarget } from "../../provider/runtime/settings";

const keys = { apiKey: "a".repeat(32), appKey: "b".repeat(40) };

describe("plain HTTP targets", () => {
  const datadogHosts = [
    "http://api.datadoghq.com",
    "http://API.DATADOGHQ.COM/",
    "http://api.datadoghq.eu",
    "http://api.us3.datadoghq.com:80",
    "http://api.ap2.datadoghq.com/prefix",
    "http://app.datadoghq.com",
    "http://datadoghq.com",
    "http://api.datadoghq.com.",
    "http://anything.us5.datadoghq.com",
    "http://api.ddog-gov.com",
  ];
  for (const url of datadogHosts)
    it(`refuses ${url} even with the opt-in, naming the setting and the fix`, () => {
      for (const allowInsecureHttp of [false, true])
        assert.throws(
          () => apiUrlTarget(url, { allowInsecureHttp }),
          (err: Error) =>
            /^apiUrl http:\/\/\S+ is plain HTTP to a Datadog host: Datadog's API is HTTPS only .*use https:\/\//.test(
              err.message,
            ) || /government/.test(err.message),
        );
    });

  it("says which site to use instead for an api.<site> URL", () => {
    assert.throws(
      () => apiUrlTarget("http://api.datadoghq.eu"),
      /use https:\/\/api\.datadoghq\.eu, or site "datadoghq\.eu"/,
    );
  });

  const loopback = [
    "http://127.0.0.1:8080",
    "http://127.1.2.3",
    "http://localhost:1",
    "http://LOCALHOST.",
    "http://[::1]:9",
    "http://[::ffff:127.0.0.1]:9",
  ];
  for (const url of loopback)
    it(`allows ${url} (loopback) without the opt-in and without a warning flag`, () => {
      const t = apiUrlTarget(url);
      assert.equal(t.isDatadog, false);
      assert.equal(t.plainHttp, undefined);
    });

  const elsewhere = [
    "http://192.0.2.1",
    "http://10.0.0.1:8080/dd",
    "http://0.0.0.0",
    "http://128.0.0.1",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
    "http://[::2]",
    "http://backend.internal",
  ];
  for (const url of elsewhere)
    it(`refuses ${url} without the opt-in, allows it with it (flagged)`, () => {
      assert.throws(
        () => apiUrlTarget(url),
        /^Error: apiUrl http:\/\/\S+ is plain HTTP to a host that is not loopback: every request would send the API and application keys in clear text\. Use https, or, for a network you trust, opt in with allowInsecureHttp: true$/,
      );
      assert.equal(apiUrlTarget(url, { allowInsecureHttp: true }).plainHttp, true);
      assert.equal(apiUrlTarget(url.replace("http:", "https:")).plainHttp, undefined);
    });

  it("isLoopbackHost is exactly 127.0.0.0/8, ::1 and localhost", () => {
    for (const h of ["127.0.0.1", "127.255.255.255", "localhost", "[::1]"]) assert.ok(isLoopbackHost(h), h);
    for (const h of ["128.0.0.1", "126.0.0.1", "localhost.evil", "[::]", "example.com", "0.0.0.0"])
      assert.ok(!isLoopbackHost(h), h);
  });

  it("the client: the option or CONNECTIONS_ALLOW_INSECURE_HTTP opts in, naming the setting it read", () => {
    assert.throws(() => resolveClientOptions({ ...keys, apiUrl: "http://192.0.2.1" }, {}), /^Error: apiUrl http:/);
    assert.throws(
      () => resolveClientOptions(keys, { CONNECTIONS_API_URL: "http://192.0.2.1" }),
      /^Error: CONNECTIONS_API_URL http:\/\/192\.0\.2\.1 is plain HTTP .* opt in with CONNECTIONS_ALLOW_INSECURE_HTTP=1$/,
    );
    assert.equal(
      resolveClientOptions({ ...keys, apiUrl: "http://192.0.2.1", allowInsecureHttp: true }, {}).target.plainHttp,
      true,
    );
    for (const flag of ["1", "true", "TRUE"])
      assert.equal(
        resolveClientOptions(keys, { CONNECTIONS_API_URL: "http://192.0.2.1", CONNECTIONS_ALLOW_INSECURE_HTTP: flag })
          .target.plainHttp,
        true,
      );
    for (const flag of ["0", "false", ""])
      assert.throws(() =>
        resolveClientOptions(keys, { CONNECTIONS_API_URL: "http://192.0.2.1", CONNECTIONS_ALLOW_INSECURE_HTTP: flag }),
      );
    assert.throws(
      () =>
        resolveClientOptions(keys, {
          CONNECTIONS_API_URL: "http://192.0.2.1",
          CONNECTIONS_ALLOW_INSECURE_HTTP: "yes please",
        }),
      /CONNECTIONS_ALLOW_INSECURE_HTTP must be true or false/,
    );
    // An explicit option false wins over the environment.
    assert.throws(() =>
      resolveClientOptions(
        { ...keys, apiUrl: "http://192.0.2.1", allowInsecureHttp: false },
        { CONNECTIONS_ALLOW_INSECURE_HTTP: "1" },
      ),
    );
    // The opt-in never reaches a Datadog host.
    assert.throws(
      () =>
        resolveClientOptions(keys, {
          CONNECTIONS_API_URL: "http://api.datadoghq.com",
          CONNECTIONS_ALLOW_INSECURE_HTTP: "1",
        }),
      /^Error: CONNECTIONS_API_URL http:\/\/api\.datadoghq\.com is plain HTTP to a Datadog host/,
    );
  });

  describe("the provider's targets", () => {
    const saved = { ...process.env };
    const config = (values: Record<string, string>) => configureFrom({ get: (k: string) => values[k] } as never);
    beforeEach(() => {
      for (const k of ["CONNECTIONS_API_URL", "CONNECTIONS_ALLOW_INSECURE_HTTP", "DD_SITE"]) delete process.env[k];
    });
    afterEach(() => {
      process.env = { ...saved };
      config({});
    });

    it("the default target from stack config names connections:apiUrl and connections:allowInsecureHttp", () => {
      config({ "connections:apiUrl": "http://192.0.2.1:8080" });
      assert.throws(
        () => resolveTarget(undefined),
        /^Error: connections:apiUrl http:\/\/192\.0\.2\.1:8080 is plain HTTP .* opt in with `pulumi config set connections:allowInsecureHttp true` \(or CONNECTIONS_ALLOW_INSECURE_HTTP=1\)$/,
      );
      config({ "connections:apiUrl": "http://192.0.2.1:8080", "connections:allowInsecureHttp": "true" });
      assert.equal(resolveTarget(undefined).plainHttp, true);
      config({ "connections:apiUrl": "http://192.0.2.1:8080", "connections:allowInsecureHttp": "maybe" });
      assert.throws(() => resolveTarget(undefined), /connections:allowInsecureHttp must be true or false/);
      config({ "connections:apiUrl": "http://api.datadoghq.com", "connections:allowInsecureHttp": "true" });
      assert.throws(
        () => resolveTarget(undefined),
        /^Error: connections:apiUrl http:\/\/api\.datadoghq\.com is plain HTTP to a Datadog host/,
      );
    });

    it("the default target from the environment names CONNECTIONS_API_URL", () => {
      config({});
      process.env.CONNECTIONS_API_URL = "http://192.0.2.1";
      assert.throws(() => resolveTarget(undefined), /^Error: CONNECTIONS_API_URL http:\/\/192\.0\.2\.1 is plain HTTP/);
      process.env.CONNECTIONS_ALLOW_INSECURE_HTTP = "1";
      assert.equal(resolveTarget(undefined).plainHttp, true);
    });

    it("an explicit target names its own property and ignores the environment's opt-in", () => {
      process.env.CONNECTIONS_ALLOW_INSECURE_HTTP = "1";
      const t = { name: "lab", apiUrl: "http://192.0.2.1", apiKey: keys.apiKey, appKey: keys.appKey };
      assert.throws(
        () => resolveTarget(t),
        /^Error: the apiUrl of ConnectionsTarget "lab" http:\/\/192\.0\.2\.1 is plain HTTP .* opt in with allowInsecureHttp: true on ConnectionsTarget "lab"$/,
      );
      assert.equal(resolveTarget({ ...t, allowInsecureHttp: true }).plainHttp, true);
      assert.throws(
        () => resolveTarget({ ...t, apiUrl: "http://api.datadoghq.eu", allowInsecureHttp: true }),
        /Datadog's API is HTTPS only/,
      );
    });
  });
});
