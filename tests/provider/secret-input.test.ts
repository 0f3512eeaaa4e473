/** `generate --secrets env`: references with variable names derived from the connection, unique and valid. */
import { strict as assert } from "node:assert";
import { ENV_NAME } from "pulumi-workflow-connections-rules";
import { generateProgram } from "../../provider/codegen/program";
import { secretSource } from "../../provider/codegen/secret-input";

describe("generate --secrets env", () => {
  const connections = [
    {
      id: "00000000-0000-4000-8000-000000000001",
      name: "Jira (prod)",
      tags: [],
      integration: { type: "OpenAI", apiToken: "" },
    },
    {
      id: "00000000-0000-4000-8000-000000000002",
      name: "jira prod",
      tags: [],
      integration: { type: "OpenAI", apiToken: "" },
    },
    {
      id: "00000000-0000-4000-8000-000000000003",
      name: "1password",
      tags: [],
      integration: { type: "HTTP", baseUrl: "https://h.example.com", tokens: [{ name: "apiKey", value: "" }] },
    },
    {
      id: "00000000-0000-4000-8000-000000000004",
      name: "cf",
      tags: [],
      integration: {
        type: "Cloudflare",
        credentialType: "CloudflareGlobalAPIToken",
        authEmail: "ops@example.com",
        globalApiKey: "",
      },
    },
  ];

  it("writes a reference per secret, named after the connection and the field, with the exports to set", () => {
    const { program, secrets } = generateProgram(connections, "http://127.0.0.1:8080", [], "env");
    assert.deepEqual(
      secrets.map((s) => s.key),
      ["JIRA_PROD_API_TOKEN", "JIRA_PROD_2_API_TOKEN", "_1PASSWORD_TOKEN_API_KEY", "CF_GLOBAL_API_KEY"],
    );
    for (const s of secrets) assert.match(s.key, ENV_NAME);
    assert.match(program, /apiToken: \{ fromEnv: "JIRA_PROD_API_TOKEN", version: 1 \},/);
    assert.match(
      program,
      /tokens: \[\{ name: "apiKey", value: \{ fromEnv: "_1PASSWORD_TOKEN_API_KEY", version: 1 \} \}\]/,
    );
    assert.match(
      program,
      /^\/\/ {3}export CF_GLOBAL_API_KEY=… {3}# globalApiKey of connection 00000000-0000-4000-8000-000000000004 "cf" \("Cloudflare"\)$/m,
    );
    assert.doesNotMatch(program, /@pulumi\/pulumi|requireSecret/);
    // The default stays the stack config.
    assert.match(generateProgram(connections, "x").program, /config\.requireSecret\("jira-prod\.apiToken"\)/);
  });

  it("keeps names unique when two derive to the same one", () => {
    const how = secretSource("env");
    const a = how.claim("a-b", "cD");
    const b = how.claim("a-b-c", "d");
    assert.equal(a, "A_B_C_D");
    assert.equal(b, "A_B_C_D_2");
  });
});
