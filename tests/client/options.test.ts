/** Options, environment fallback, sites. */
import assert from "node:assert/strict";
import { ConnectionsClient, DATADOG_SITES, apiUrlTarget, resolveClientOptions, siteTarget } from "../../client";

const keys = { apiKey: "a".repeat(32), appKey: "b".repeat(40) };

describe("client options and sites", () => {
  it("maps every supported site to https://api.<site>", () => {
    for (const site of DATADOG_SITES)
      assert.deepEqual(siteTarget(site), { baseUrl: `https://api.${site}`, site, isDatadog: true });
    assert.equal(DATADOG_SITES.length, 7);
    assert.equal(siteTarget(" https://app.datadoghq.EU/ ").baseUrl, "https://api.datadoghq.eu");
  });

  it("rejects the government sites with a clear message", () => {
    for (const site of ["ddog-gov.com", "us2.ddog-gov.com"]) {
      assert.throws(
        () => siteTarget(site),
        new RegExp(
          `^Error: Workflow Automation is not available on the Datadog site ${site.replace(/\./g, "\\.")} \\(government\\);`,
        ),
      );
      assert.throws(() => resolveClientOptions({ ...keys, site }, {}), /not available .*government/);
      assert.throws(() => resolveClientOptions(keys, { DD_SITE: site }), /not available .*government/);
      assert.throws(() => apiUrlTarget(`https://api.${site}`), /government/);
    }
  });

  it("rejects an unknown site, listing the valid ones", () => {
    assert.throws(
      () => siteTarget("datadoghq.org"),
      (err: Error) => {
        assert.match(err.message, /Unknown Datadog site "datadoghq.org"/);
        for (const site of DATADOG_SITES) assert.ok(err.message.includes(site));
        return true;
      },
    );
  });

  it("an explicit apiUrl must be absolute http(s), without credentials", () => {
    assert.equal(apiUrlTarget("http://127.0.0.1:8080/").baseUrl, "http://127.0.0.1:8080");
    assert.equal(apiUrlTarget("https://proxy.example.com/dd/").baseUrl, "https://proxy.example.com/dd");
    assert.equal(apiUrlTarget("http://127.0.0.1:8080").isDatadog, false);
    assert.deepEqual(apiUrlTarget("https://api.us5.datadoghq.com"), {
      baseUrl: "https://api.us5.datadoghq.com",
      site: "us5.datadoghq.com",
      isDatadog: true,
    });
    assert.throws(() => apiUrlTarget("api.datadoghq.com"), /not an absolute URL/);
    assert.throws(() => apiUrlTarget("/api"), /not an absolute URL/);
    assert.throws(() => apiUrlTarget("ftp://example.com"), /http or https/);
    assert.throws(() => apiUrlTarget("https://user:pw@example.com"), /credentials/);
  });

  it("defaults: datadoghq.com, 30 s timeout, 4 retries", () => {
    const r = resolveClientOptions(keys, {});
    assert.equal(r.target.baseUrl, "https://api.datadoghq.com");
    assert.equal(r.timeoutMs, 30_000);
    assert.equal(r.maxRetries, 4);
    assert.match(r.userAgent, /pulumi-workflow-connections/);
  });

  it("falls back to the environment", () => {
    const r = resolveClientOptions({}, { DD_API_KEY: "k1k1k1", DD_APP_KEY: "a1a1a1", DD_SITE: "datadoghq.eu" });
    assert.equal(r.apiKey, "k1k1k1");
    assert.equal(r.appKey, "a1a1a1");
    assert.equal(r.target.baseUrl, "https://api.datadoghq.eu");
    assert.equal(resolveClientOptions({}, { DD_API_KEY: "k", DD_APPLICATION_KEY: "app2" }).appKey, "app2");
    assert.equal(
      resolveClientOptions({}, { DD_API_KEY: "k", DD_APP_KEY: "app1", DD_APPLICATION_KEY: "app2" }).appKey,
      "app1",
    );
    const local = resolveClientOptions(
      {},
      { DD_API_KEY: "k", DD_APP_KEY: "a", DD_SITE: "datadoghq.eu", CONNECTIONS_API_URL: "http://127.0.0.1:9000" },
    );
    assert.deepEqual(local.target, { baseUrl: "http://127.0.0.1:9000", isDatadog: false });
  });

  it("explicit options win over the environment", () => {
    const env = {
      DD_API_KEY: "envkey",
      DD_APP_KEY: "envapp",
      DD_SITE: "datadoghq.eu",
      CONNECTIONS_API_URL: "http://127.0.0.1:9000",
    };
    const r = resolveClientOptions(
      { apiKey: "optkey", appKey: "optapp", site: "us3.datadoghq.com", timeoutMs: 5, maxRetries: 0 },
      env,
    );
    assert.equal(r.apiKey, "optkey");
    assert.equal(r.appKey, "optapp");
    assert.equal(r.target.baseUrl, "https://api.us3.datadoghq.com");
    assert.equal(r.timeoutMs, 5);
    assert.equal(r.maxRetries, 0);
    assert.equal(
      resolveClientOptions({ apiUrl: "http://localhost:1234", site: "datadoghq.eu" }, env).target.baseUrl,
      "http://localhost:1234",
      "apiUrl wins over site",
    );
  });

  it("missing keys: a clear error naming the options and env vars", () => {
    assert.throws(
      () => resolveClientOptions({}, {}),
      (err: Error) => {
        assert.match(err.message, /`apiKey`.*DD_API_KEY/);
        assert.match(err.message, /`appKey`.*DD_APP_KEY.*DD_APPLICATION_KEY/);
        return true;
      },
    );
    assert.throws(() => resolveClientOptions({ apiKey: "   " }, { DD_APP_KEY: "x" }), /DD_API_KEY/);
  });

  it("rejects nonsense numbers", () => {
    assert.throws(() => resolveClientOptions({ ...keys, timeoutMs: 0 }, {}), /timeoutMs/);
    assert.throws(() => resolveClientOptions({ ...keys, maxRetries: -1 }, {}), /maxRetries/);
  });

  it("the client exposes its base URL", () => {
    const c = new ConnectionsClient({ ...keys, site: "ap1.datadoghq.com" }, {});
    assert.equal(c.baseUrl, "https://api.ap1.datadoghq.com");
    assert.equal(c.target.isDatadog, true);
    c.close();
  });
});
