/**
 * The program `pulumi-workflow-connections generate` writes, from connections as the client
 * returns them (secrets blank): names, literals, secrets from config; the end-to-end run is
 * tests/e2e/generate.test.ts.
 */
import { strict as assert } from "node:assert";
import { generateProgram } from "../../provider/codegen/program";

describe("generate: the program for existing connections", () => {
  const connections = [
    {
      id: "id-1",
      name: "Cloudflare (prod)",
      tags: ["env:prod"],
      integration: {
        type: "Cloudflare",
        credentialType: "CloudflareGlobalAPIToken",
        authEmail: "ops@example.com",
        globalApiKey: "",
      },
    },
    {
      id: "id-2",
      name: "Cloudflare prod",
      tags: [],
      integration: { type: "Cloudflare", credentialType: "CloudflareAPIToken", apiToken: "" },
    },
    {
      id: "id-3",
      name: 'hooks "quoted"',
      tags: [],
      integration: {
        type: "HTTP",
        baseUrl: "https://h.example.com",
        body: { content: "{}", contentType: "application/json" },
        urlParameters: [{ name: "v", value: "2" }],
      },
    },
  ];

  it("unique resource names, string literals that stay literals, secrets from config with their commands", () => {
    const { program, secrets } = generateProgram(connections, "http://127.0.0.1:8080");
    assert.match(program, /new Connection\("cloudflare-prod", \{/);
    assert.match(program, /new Connection\("cloudflare-prod-2", \{/);
    assert.match(program, /name: "hooks \\"quoted\\"",/);
    assert.match(
      program,
      /credentialType: "CloudflareGlobalAPIToken",\n\s+authEmail: "ops@example.com",\n\s+globalApiKey: config\.requireSecret\("cloudflareProdGlobalApiKey"\),/,
    );
    assert.match(program, /apiToken: config\.requireSecret\("cloudflareProd2ApiToken"\)/);
    assert.match(program, /body: \{"content":"\{\}","contentType":"application\/json"\},/);
    assert.match(program, /urlParameters: \[\{ name: "v", value: "2" \}\],/);
    assert.deepEqual(
      secrets.map((s) => s.key),
      ["cloudflareProdGlobalApiKey", "cloudflareProd2ApiToken"],
    );
    for (const s of secrets) assert.ok(program.includes(`//   pulumi config set --secret ${s.key}   # ${s.what}`));
  });

  it("no secrets: no config, no pulumi import", () => {
    const { program, secrets } = generateProgram([connections[2]], "x");
    assert.deepEqual(secrets, []);
    assert.doesNotMatch(program, /pulumi\.Config|@pulumi\/pulumi/);
  });
});
