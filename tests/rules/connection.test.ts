/** Connections: every integration's required fields, HTTP and AWS specifics, unknown-awareness. */
import { strict as assert } from "node:assert";
import {
  CATALOG,
  connectionIssues,
  formatIssue,
  integrationFromWire,
  integrationToWire,
  RuleMode,
  STRICT,
  UNKNOWN,
  UNKNOWN_SENTINELS,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

/** A plausible value for a field, valid under the rules. */
function sample(integration: string, field: string): string {
  if (integration === "AWS" && field === "accountId") return "123456789012";
  if (integration === "AWS" && field === "role") return "workflows";
  return `${field}-value-1`;
}

function validIntegration(type: string, credentialType?: string): Record<string, unknown> {
  if (type === "HTTP")
    return { type, baseUrl: "https://api.example.com", tokens: [{ name: "token", value: "s3cret-token" }] };
  const def = CATALOG.find((d) => d.type === type)!;
  const cred = credentialType ? def.credentials.find((c) => c.type === credentialType)! : def.credentials[0];
  const spec: Record<string, unknown> = { type };
  if (credentialType) spec.credentialType = credentialType;
  for (const [field, f] of Object.entries(cred.fields)) if (f.required) spec[field] = sample(type, field);
  return spec;
}

const messages = (spec: unknown, mode?: RuleMode) => connectionIssues(spec, mode).map(formatIssue);
const preview = (spec: unknown) => messages(spec, PREVIEW);

describe("rules: connections", () => {
  describe("every integration and credential type", () => {
    for (const def of CATALOG) {
      for (const cred of def.credentials) {
        const credentialType = def.credentials.length > 1 ? cred.type : undefined;
        it(`${def.type}/${cred.type}: valid with its required fields, each missing one reported`, () => {
          const integration = validIntegration(def.type, credentialType);
          assert.deepEqual(messages({ name: "c", integration, tags: [] }), []);
          for (const [field, f] of Object.entries(cred.fields)) {
            if (!f.required) continue;
            const { [field]: _dropped, ...without } = integration;
            assert.deepEqual(messages({ name: "c", integration: without }), [`integration.${field} is required`]);
          }
          // The wire round trip keeps every field.
          const back = integrationFromWire(integrationToWire(integration as never), true);
          assert.deepEqual(back.issues, []);
          assert.deepEqual(
            back.spec,
            integration.credentialType || def.credentials.length === 1
              ? integration
              : { ...integration, credentialType: cred.type },
          );
        });
      }
    }
  });

  it("names an unsupported integration and lists the supported ones", () => {
    const [msg] = messages({ name: "c", integration: { type: "GitHub" } });
    assert.match(msg, /^integration\.type "GitHub" is not a supported integration; expected one of HTTP, AWS, /);
  });

  it("uses Datadog's spelling Gitlab", () => {
    assert.deepEqual(messages({ name: "c", integration: { type: "Gitlab", apiToken: "x" } }), []);
    assert.equal(messages({ name: "c", integration: { type: "GitLab", apiToken: "x" } }).length, 1);
  });

  it("reports unknown fields and a wrong credential type", () => {
    assert.deepEqual(messages({ name: "c", integration: { type: "OpenAI", apiToken: "x", apiKey: "y" } }), [
      'integration has unknown field "apiKey"',
    ]);
    assert.match(
      messages({ name: "c", integration: { type: "Cloudflare", credentialType: "Nope", apiToken: "x" } })[0],
      /credentialType "Nope" is not a credential type of Cloudflare; expected one of CloudflareAPIToken, CloudflareGlobalAPIToken/,
    );
  });

  it("AWS: account id exactly 12 digits, a role name", () => {
    assert.deepEqual(messages({ name: "c", integration: { type: "AWS", accountId: "12345678901", role: "r" } }), [
      'integration.accountId "12345678901": must be exactly 12 digits',
    ]);
    assert.deepEqual(
      messages({ name: "c", integration: { type: "AWS", accountId: "1234567890123", role: "r" } }).length,
      1,
    );
    assert.deepEqual(
      messages({ name: "c", integration: { type: "AWS", accountId: "123456789012", role: "" } }).length,
      1,
    );
    assert.deepEqual(
      messages({ name: "c", integration: { type: "AWS", accountId: "123456789012", role: "has space" } }).length,
      1,
    );
  });

  it("HTTP: absolute http(s) base URL, name patterns, no duplicate names, SECRET tokens", () => {
    const http = (extra: Record<string, unknown>) =>
      messages({ name: "c", integration: { type: "HTTP", baseUrl: "https://x.example", ...extra } });
    assert.deepEqual(http({}), []);
    assert.deepEqual(messages({ name: "c", integration: { type: "HTTP", baseUrl: "/relative" } }), [
      'integration.baseUrl "/relative": must be an absolute http(s) URL, e.g. https://api.example.com',
    ]);
    assert.equal(messages({ name: "c", integration: { type: "HTTP", baseUrl: "ftp://x.example" } }).length, 1);
    assert.deepEqual(http({ tokens: [{ name: "my_token", value: "v" }] }), [
      'integration.tokens[0].name "my_token": must start with a letter and contain only letters and digits',
    ]);
    assert.deepEqual(http({ headers: [{ name: "X-Api_Key", value: "v" }] }), []);
    assert.deepEqual(http({ headers: [{ name: "X Api", value: "v" }] }).length, 1);
    assert.deepEqual(http({ urlParameters: [{ name: "a-b", value: "v" }] }).length, 1);
    assert.deepEqual(
      http({
        tokens: [
          { name: "t", value: "a" },
          { name: "t", value: "b" },
        ],
      }),
      ['integration.tokens[1].name "t" is used twice; names must be unique'],
    );
    assert.deepEqual(http({ tokens: [{ name: "t", value: "a", type: "PLAIN" }] }).length, 1);
    assert.deepEqual(http({ body: { content: "{}", contentType: "application/json" } }), []);
  });

  it("tags: each invalid tag reported, duplicates reported, all at once", () => {
    assert.deepEqual(
      messages({
        name: "c",
        integration: { type: "OpenAI", apiToken: "x" },
        tags: ["env:staging:east", "env", "default:yes", "aws:default", "ok:1", "ok:1"],
      }),
      [
        `tags[0] "env:staging:east": exactly one ':' is allowed`,
        `tags[1] "env": must have the form key:value (no ':' found)`,
        `tags[2] "default:yes": 'default' is reserved and cannot be a tag key`,
        `tags[3] "aws:default": 'default' is reserved and cannot be a tag value`,
        `tags[5] "ok:1" is listed twice`,
      ],
    );
  });

  it("name: required, not blank, bounded", () => {
    assert.deepEqual(messages({ integration: { type: "OpenAI", apiToken: "x" } }), ["name is required"]);
    assert.deepEqual(messages({ name: "   ", integration: { type: "OpenAI", apiToken: "x" } }), [
      "name must not start or end with whitespace",
    ]);
    assert.deepEqual(messages({ name: "", integration: { type: "OpenAI", apiToken: "x" } }), [
      "name must not be empty",
    ]);
    assert.deepEqual(messages({ name: "n".repeat(201), integration: { type: "OpenAI", apiToken: "x" } }), [
      "name is longer than 200 characters",
    ]);
  });

  it("never puts a secret value in a message", () => {
    const secret = "sk-live-DO-NOT-PRINT-0123456789";
    const all = [
      ...messages({ name: "", integration: { type: "OpenAI", apiToken: secret, extra: 1 }, tags: ["bad"] }),
      ...messages({
        name: "c",
        integration: {
          type: "HTTP",
          baseUrl: "x",
          tokens: [
            { name: "1", value: secret },
            { name: "1", value: secret },
          ],
        },
      }),
      ...messages({
        name: "c",
        integration: { type: "ServiceNow", instance: "i", username: "u", password: secret, bogus: secret },
      }),
    ].join("\n");
    assert.ok(all.length > 0);
    assert.ok(!all.includes(secret), all);
  });

  describe("unknown values: skipped in PREVIEW mode only", () => {
    it("preview skips unknowns of every kind, whole objects and arrays included", () => {
      for (const u of UNKNOWN_SENTINELS) {
        assert.deepEqual(preview({ name: u, integration: u, tags: u }), [], u);
      }
      assert.deepEqual(preview({ name: "c", integration: { type: UNKNOWN, apiToken: 1 } }), []);
      assert.deepEqual(
        preview({
          name: "c",
          integration: {
            type: "HTTP",
            baseUrl: UNKNOWN,
            tokens: [
              { name: UNKNOWN, value: "a" },
              { name: UNKNOWN, value: "b" },
            ],
          },
        }),
        [],
      );
    });
    it("strict is the default: a sentinel is an ordinary string and breaks the rules it breaks", () => {
      const modes = [undefined, STRICT, "preview", Symbol("rules: preview (Pulumi's unknown values skipped)")] as (
        RuleMode | undefined
      )[];
      for (const mode of modes) {
        const aws = messages(
          { name: "c", integration: { type: "AWS", accountId: UNKNOWN, role: UNKNOWN }, tags: [UNKNOWN] },
          mode,
        );
        assert.deepEqual(
          aws,
          [
            `tags[0] "${UNKNOWN}": must have the form key:value (no ':' found)`,
            `integration.accountId "${UNKNOWN}": must be exactly 12 digits`,
          ],
          String(mode),
        );
        assert.deepEqual(
          messages(
            { name: "c", integration: { type: "HTTP", baseUrl: UNKNOWN, tokens: [{ name: UNKNOWN, value: "a" }] } },
            mode,
          ),
          [
            `integration.baseUrl "${UNKNOWN}": must be an absolute http(s) URL, e.g. https://api.example.com`,
            `integration.tokens[0].name "${UNKNOWN}": must start with a letter and contain only letters and digits`,
          ],
        );
        assert.match(messages({ name: "c", integration: UNKNOWN }, mode).join(), /integration must be an object/);
        assert.match(
          messages({ name: "c", integration: { type: UNKNOWN } }, mode).join(),
          /is not a supported integration/,
        );
      }
    });
    it("still checks everything known next to an unknown", () => {
      assert.deepEqual(
        preview({
          name: "c",
          integration: { type: "AWS", accountId: UNKNOWN, role: "bad role" },
          tags: [UNKNOWN, "env", UNKNOWN],
        }),
        [
          "tags[1] \"env\": must have the form key:value (no ':' found)",
          'integration.role "bad role": must be an IAM role name: 1 to 64 letters, digits or +=,.@_-',
        ],
      );
    });
  });
});

describe("rules: stored text is the checked text", () => {
  const base = (extra: Record<string, unknown>) => ({
    name: "c",
    integration: { type: "HTTP", baseUrl: "https://a.example" },
    ...extra,
  });
  const controls: [string, string][] = [
    ["CR", "\r"],
    ["LF", "\n"],
    ["TAB", "\t"],
    ["ESC", "\u001b"],
    ["BEL", "\u0007"],
    ["DEL", "\u007f"],
    ["C1 CSI", "\u009b"],
    ["RLO", "\u202e"],
    ["LRE", "\u202a"],
    ["RLI", "\u2067"],
    ["PDI", "\u2069"],
    ["RLM", "\u200f"],
    ["ALM", "\u061c"],
    ["line separator", "\u2028"],
    ["BOM", "\ufeff"],
    ["lone high surrogate", "\ud800"],
    ["lone low surrogate", "\udc00"],
  ];
  for (const [what, ch] of controls) {
    it(`${what} is refused in names and header values, naming the field and the code point`, () => {
      const hex = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      const name = messages(base({ name: `a${ch}b` }));
      assert.equal(name.length, 1, name.join());
      assert.match(name[0], new RegExp(`^name contains .*\\(${hex.replace("+", "\\+")}\\) at character 2`));
      assert.ok(!name[0].includes(ch), "the character itself is never echoed");
      const header = messages(
        base({
          integration: { type: "HTTP", baseUrl: "https://a.example", headers: [{ name: "X", value: `v${ch}` }] },
        }),
      );
      assert.match(header.join(), /^integration\.headers\[0\]\.value contains/);
    });
  }
  it("multi-line text (HTTP body, secrets such as PEM keys) may hold tab, LF and CR, nothing else", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nabc\r\n\tdef\n-----END PRIVATE KEY-----\n";
    assert.deepEqual(
      messages({ name: "c", integration: { type: "GCP", serviceAccountEmail: "a@b.iam", privateKey: pem } }),
      [],
    );
    assert.deepEqual(
      messages(
        base({ integration: { type: "HTTP", baseUrl: "https://a.example", body: { content: '{\n\t"a": 1\n}' } } }),
      ),
      [],
    );
    assert.match(
      messages({
        name: "c",
        integration: { type: "GCP", serviceAccountEmail: "a@b.iam", privateKey: "k\u001bk" },
      }).join(),
      /integration\.privateKey contains a control character \(U\+001B\)/,
    );
    assert.match(
      messages({ name: "c", integration: { type: "GCP", serviceAccountEmail: "a@\nb", privateKey: "k" } }).join(),
      /integration\.serviceAccountEmail contains a control character \(U\+000A\)/,
    );
  });
  it("a name is judged as stored: no trimming, the length limit counts every character", () => {
    assert.deepEqual(messages(base({ name: " ".repeat(5000) + "x" + " ".repeat(5000) })), [
      "name is longer than 200 characters",
      "name must not start or end with whitespace",
    ]);
    assert.deepEqual(messages(base({ name: " padded " })), ["name must not start or end with whitespace"]);
    assert.deepEqual(messages(base({ name: "   " })), ["name must not start or end with whitespace"]);
    assert.deepEqual(messages(base({ name: "inner  spaces and émoji 🚀 ok" })), []);
  });
  it("a value nested far too deep is reported, not a stack overflow", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 20_000; i++) deep = [deep];
    assert.match(
      messages({ name: "c", integration: { type: deep } }).join(),
      /integration\.type "\[…\]" is not a supported integration/,
    );
    assert.match(
      messages({ name: deep, integration: { type: "OpenAI", apiToken: "x" } }).join(),
      /name must be a string/,
    );
  });
  it("a base URL with whitespace or controls anywhere is refused (the URL parser would drop them)", () => {
    for (const url of [
      "https://a.example/\n",
      "https://a.exa\tmple",
      " https://a.example",
      "https://a.example/\u202e",
    ]) {
      assert.match(
        messages(base({ integration: { type: "HTTP", baseUrl: url } })).join(),
        /integration\.baseUrl .*must be an absolute http\(s\) URL/,
        JSON.stringify(url),
      );
    }
  });
});

describe("rules: PATCH merging on the wire", () => {
  const { mergeIntegrationPatch, integrationFromWire: read } =
    require("pulumi-workflow-connections-rules") as typeof import("pulumi-workflow-connections-rules");
  const http = {
    type: "HTTP",
    base_url: "https://a.example",
    credentials: {
      type: "HTTPTokenAuth",
      tokens: [
        { name: "a", type: "SECRET", value: "sa" },
        { name: "b", type: "SECRET", value: "sb" },
      ],
      headers: [{ name: "H", value: "1" }],
    },
  };

  it("upserts by name, removes `deleted: true` entries, keeps what the patch leaves out", () => {
    const merged = mergeIntegrationPatch(http, {
      type: "HTTP",
      credentials: {
        type: "HTTPTokenAuth",
        tokens: [
          { name: "a", deleted: true },
          { name: "c", type: "SECRET", value: "sc" },
        ],
      },
    }) as typeof http;
    assert.deepEqual(
      merged.credentials.tokens.map((t) => t.name),
      ["b", "c"],
    );
    assert.deepEqual(merged.credentials.headers, http.credentials.headers);
    assert.equal(merged.base_url, "https://a.example");
  });
  it("another credential type replaces the credentials whole (Cloudflare's two)", () => {
    const stored = { type: "Cloudflare", credentials: { type: "CloudflareAPIToken", api_token: "t" } };
    const merged = mergeIntegrationPatch(stored, {
      type: "Cloudflare",
      credentials: { type: "CloudflareGlobalAPIToken", auth_email: "e@x", global_api_key: "k" },
    });
    assert.deepEqual(read(merged, true).issues, []);
  });
  it("another integration type replaces the integration whole", () => {
    const next = { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: "x" } };
    assert.deepEqual(mergeIntegrationPatch(http, next), next);
  });
  it("a `deleted` that is not a boolean is reported, not ignored", () => {
    const merged = mergeIntegrationPatch(http, {
      type: "HTTP",
      credentials: { type: "HTTPTokenAuth", headers: [{ name: "H", deleted: "yes" }] },
    });
    assert.deepEqual(
      read(merged, true).issues.map((i) => i.message),
      ["must be true or false (and is only allowed in an update)"],
    );
  });
});

describe("rules: a removed optional value, sent and read back", () => {
  const rules = require("pulumi-workflow-connections-rules") as typeof import("pulumi-workflow-connections-rules");
  const azure = { type: "Azure", tenantId: "t", appClientId: "a", clientSecret: "s", customScopes: "x" };

  it("the optional fields come from the schemas: HTTP's lists and body, the catalog's optional fields", () => {
    assert.deepEqual(rules.optionalFields("HTTP").sort(), ["body", "headers", "tokens", "urlParameters"]);
    assert.deepEqual(rules.optionalFields("Azure"), ["customScopes"]);
    assert.deepEqual(rules.optionalFields("OpenAI"), []);
  });
  it("a PATCH sends null for an optional field the program no longer declares, and the merge removes it", () => {
    const { customScopes: _gone, ...without } = azure;
    const patch = rules.integrationPatch(azure, without)!;
    assert.equal((patch.credentials as Record<string, unknown>).custom_scopes, null);
    const merged = rules.mergeIntegrationPatch(rules.integrationToWire(azure), patch) as {
      credentials: Record<string, unknown>;
    };
    assert.ok(!("custom_scopes" in merged.credentials));
    assert.deepEqual(rules.integrationFromWire(merged, true).issues, []);
    const http = { type: "HTTP", baseUrl: "https://a.example", body: { content: "{}" } };
    const httpPatch = rules.integrationPatch(http, { type: "HTTP", baseUrl: "https://a.example" })!;
    assert.equal((httpPatch.credentials as Record<string, unknown>).body, null);
  });
  it("empty optional values read back as the program declares them; values that are not empty stay", () => {
    const read = { type: "HTTP", baseUrl: "https://a.example", urlParameters: [], headers: [], body: { content: "" } };
    assert.deepEqual(rules.withEmptyOptionalsAsDeclared(read, { type: "HTTP", baseUrl: "https://a.example" }), {
      type: "HTTP",
      baseUrl: "https://a.example",
    });
    assert.deepEqual(
      rules.withEmptyOptionalsAsDeclared(read, { type: "HTTP", baseUrl: "https://a.example", headers: [] }),
      { type: "HTTP", baseUrl: "https://a.example", headers: [] },
    );
    const drifted = { ...read, urlParameters: [{ name: "p", value: "v" }] };
    assert.deepEqual(
      rules.withEmptyOptionalsAsDeclared(drifted, { type: "HTTP", baseUrl: "https://a.example" }).urlParameters,
      [{ name: "p", value: "v" }],
    );
    assert.deepEqual(
      rules.withEmptyOptionalsAsDeclared({ ...azure, customScopes: "" }, { ...azure, customScopes: undefined }),
      { type: "Azure", tenantId: "t", appClientId: "a", clientSecret: "s" },
    );
  });
});
