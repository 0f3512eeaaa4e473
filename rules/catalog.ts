/**
 * Every integration a connection can use, with its credential types and fields, as Datadog's
 * v2 Action Connections API defines them (datadog-api-client-typescript's openapi.yaml,
 * `ActionConnectionIntegration`). This table is the single source for: field names on both
 * sides (camelCase in programs, snake_case on the wire), which fields are required, and which
 * are secret (write-only on the backend, secret outputs in Pulumi).
 *
 * HTTP and AWS have richer shapes and get their own schemas in integrations.ts; they are listed
 * here too so the type list and the secret list stay complete.
 */

export interface FieldDef {
  /** Name on the wire, inside `credentials`. */
  wire: string;
  required: boolean;
  secret: boolean;
  /** A host or URL (e.g. Okta's domain): user information (`user:pw@`) is refused in it (url.ts). */
  url?: boolean;
}

export interface CredentialDef {
  /** The wire `credentials.type`. */
  type: string;
  fields: Record<string, FieldDef>;
}

export interface IntegrationDef {
  type: string;
  /** The first is the default when a program does not say `credentialType`. */
  credentials: CredentialDef[];
}

const req = (wire: string, secret = false): FieldDef => ({ wire, required: true, secret });
const opt = (wire: string, secret = false): FieldDef => ({ wire, required: false, secret });
const SECRET = true;
/** A required field naming a host. */
const host = (wire: string, required = true): FieldDef => ({ wire, required, secret: false, url: true });

/** One credential type whose single field is a secret token. */
function tokenOnly(integration: string, credentialType: string, camel: string, wire: string): IntegrationDef {
  return { type: integration, credentials: [{ type: credentialType, fields: { [camel]: req(wire, SECRET) } }] };
}

export const CATALOG: readonly IntegrationDef[] = [
  // HTTP's token values are secret; see integrations.ts for its shape.
  { type: "HTTP", credentials: [{ type: "HTTPTokenAuth", fields: {} }] },
  {
    type: "AWS",
    credentials: [{ type: "AWSAssumeRole", fields: { accountId: req("account_id"), role: req("role") } }],
  },
  tokenOnly("Anthropic", "AnthropicAPIKey", "apiToken", "api_token"),
  tokenOnly("Asana", "AsanaAccessToken", "accessToken", "access_token"),
  {
    type: "Azure",
    credentials: [
      {
        type: "AzureTenant",
        fields: {
          tenantId: req("tenant_id"),
          appClientId: req("app_client_id"),
          clientSecret: req("client_secret", SECRET),
          customScopes: opt("custom_scopes"),
        },
      },
    ],
  },
  tokenOnly("CircleCI", "CircleCIAPIKey", "apiToken", "api_token"),
  tokenOnly("Clickup", "ClickupAPIKey", "apiToken", "api_token"),
  {
    type: "Cloudflare",
    credentials: [
      { type: "CloudflareAPIToken", fields: { apiToken: req("api_token", SECRET) } },
      {
        type: "CloudflareGlobalAPIToken",
        fields: { authEmail: req("auth_email"), globalApiKey: req("global_api_key", SECRET) },
      },
    ],
  },
  {
    type: "ConfigCat",
    credentials: [
      {
        type: "ConfigCatSDKKey",
        fields: {
          sdkKey: req("sdk_key", SECRET),
          apiUsername: req("api_username"),
          apiPassword: req("api_password", SECRET),
        },
      },
    ],
  },
  {
    type: "Datadog",
    credentials: [
      {
        type: "DatadogAPIKey",
        fields: {
          datacenter: req("datacenter"),
          apiKey: req("api_key", SECRET),
          appKey: req("app_key", SECRET),
          subdomain: host("subdomain", false),
        },
      },
    ],
  },
  tokenOnly("Fastly", "FastlyAPIKey", "apiKey", "api_key"),
  {
    type: "Freshservice",
    credentials: [{ type: "FreshserviceAPIKey", fields: { domain: host("domain"), apiKey: req("api_key", SECRET) } }],
  },
  {
    type: "GCP",
    credentials: [
      {
        type: "GCPServiceAccount",
        fields: { serviceAccountEmail: req("service_account_email"), privateKey: req("private_key", SECRET) },
      },
    ],
  },
  tokenOnly("Gemini", "GeminiAPIKey", "apiKey", "api_key"),
  // Datadog spells it "Gitlab" on the wire ("GitLab", the product's own spelling, is refused by the API).
  tokenOnly("Gitlab", "GitlabAPIKey", "apiToken", "api_token"),
  tokenOnly("GreyNoise", "GreyNoiseAPIKey", "apiKey", "api_key"),
  tokenOnly("LaunchDarkly", "LaunchDarklyAPIKey", "apiToken", "api_token"),
  tokenOnly("Notion", "NotionAPIKey", "apiToken", "api_token"),
  {
    type: "Okta",
    credentials: [{ type: "OktaAPIToken", fields: { domain: host("domain"), apiToken: req("api_token", SECRET) } }],
  },
  tokenOnly("OpenAI", "OpenAIAPIKey", "apiToken", "api_token"),
  {
    type: "ServiceNow",
    credentials: [
      {
        type: "ServiceNowBasicAuth",
        fields: { instance: host("instance"), username: req("username"), password: req("password", SECRET) },
      },
    ],
  },
  tokenOnly("Split", "SplitAPIKey", "apiKey", "api_key"),
  tokenOnly("Statsig", "StatsigAPIKey", "apiKey", "api_key"),
  tokenOnly("VirusTotal", "VirusTotalAPIKey", "apiKey", "api_key"),
];

export const INTEGRATION_TYPES: readonly string[] = CATALOG.map((d) => d.type);

export function integrationDef(type: string): IntegrationDef | undefined {
  return CATALOG.find((d) => d.type === type);
}

/** The credential a program means: the one it names, else the integration's first. */
export function credentialDef(def: IntegrationDef, credentialType: unknown): CredentialDef | undefined {
  if (credentialType === undefined) return def.credentials[0];
  return def.credentials.find((c) => c.type === credentialType);
}
