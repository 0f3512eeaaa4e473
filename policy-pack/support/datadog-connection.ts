/**
 * `ActionConnection` of @pulumi/datadog (5.11) in the rules' terms. The bridged SDK nests each
 * integration as a block named after it, holding one block per credential type, e.g.
 * `aws: { assumeRole: { accountId, role } }` or `cloudflare: { globalApiToken: { authEmail,
 * globalApiKey } }`; HTTP is `http: { baseUrl, tokenAuth: { tokens, headers, urlParameters,
 * body } }`. The leaf field names are the rules' catalog names (rules/catalog.ts), so a
 * connection maps onto the rules' `{ type, credentialType, ...fields }` by renaming the two
 * outer levels, and every issue's path maps back to the property the program wrote.
 */
import { isUnknown, IntegrationSpec, RuleIssue } from "pulumi-workflow-connections-rules";
import { isPlainObject, Props, withoutNulls } from "./values";

interface Block {
  /** The integration's block on the resource. */
  block: string;
  /** The rules' integration type. */
  type: string;
  /** Credential block -> the rules' credential type. Empty for HTTP, which has no such level. */
  credentials: Record<string, string>;
}

const one = (block: string, type: string, credential: string, credentialType: string): Block => ({
  block,
  type,
  credentials: { [credential]: credentialType },
});

/** Property names from @pulumi/datadog 5.11's ActionConnectionArgs and types/input.d.ts. */
export const DATADOG_BLOCKS: readonly Block[] = [
  one("anthropic", "Anthropic", "apiKey", "AnthropicAPIKey"),
  one("asana", "Asana", "accessToken", "AsanaAccessToken"),
  one("aws", "AWS", "assumeRole", "AWSAssumeRole"),
  one("azure", "Azure", "tenant", "AzureTenant"),
  one("circleCi", "CircleCI", "apiKey", "CircleCIAPIKey"),
  one("clickup", "Clickup", "apiKey", "ClickupAPIKey"),
  {
    block: "cloudflare",
    type: "Cloudflare",
    credentials: { apiToken: "CloudflareAPIToken", globalApiToken: "CloudflareGlobalAPIToken" },
  },
  one("configCat", "ConfigCat", "sdkKey", "ConfigCatSDKKey"),
  one("datadog", "Datadog", "apiKey", "DatadogAPIKey"),
  one("fastly", "Fastly", "apiKey", "FastlyAPIKey"),
  one("freshservice", "Freshservice", "apiKey", "FreshserviceAPIKey"),
  one("gcp", "GCP", "serviceAccount", "GCPServiceAccount"),
  one("gemini", "Gemini", "apiKey", "GeminiAPIKey"),
  one("gitlab", "Gitlab", "apiKey", "GitlabAPIKey"),
  one("greyNoise", "GreyNoise", "apiKey", "GreyNoiseAPIKey"),
  { block: "http", type: "HTTP", credentials: {} },
  one("launchDarkly", "LaunchDarkly", "apiKey", "LaunchDarklyAPIKey"),
  one("notion", "Notion", "apiKey", "NotionAPIKey"),
  one("okta", "Okta", "apiToken", "OktaAPIToken"),
  one("openai", "OpenAI", "apiKey", "OpenAIAPIKey"),
  one("serviceNow", "ServiceNow", "basicAuth", "ServiceNowBasicAuth"),
  one("split", "Split", "apiKey", "SplitAPIKey"),
  one("statsig", "Statsig", "apiKey", "StatsigAPIKey"),
  one("virusTotal", "VirusTotal", "apiKey", "VirusTotalAPIKey"),
];

/** Computed by Datadog (outputs the SDK also lists as inputs): not the program's to get right. */
const COMPUTED: Record<string, readonly string[]> = { AWS: ["externalId", "principalId"] };

/** HTTP fields that sit in `tokenAuth` on the resource and at the top of the rules' spec. */
const HTTP_TOKEN_AUTH = ["tokens", "headers", "urlParameters", "body"];

/** The connection in the rules' terms, or why it cannot be read as one. */
export type Translated =
  | { kind: "spec"; spec: IntegrationSpec; toResourcePath: (path: (string | number)[]) => (string | number)[] }
  | { kind: "unknown" }
  | { kind: "issues"; issues: RuleIssue[] };

const present = (props: Props, key: string) => props[key] !== undefined && props[key] !== null;

/**
 * Every field of ActionConnection is a string in the provider's schema, and the bridged
 * provider turns a number or boolean it is given into one (a YAML config value such as
 * 333333333333 arrives as a number). Judge what it would store, not the program's literal type.
 */
export function asProviderStrings(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(asProviderStrings);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asProviderStrings(v)]));
  return value;
}

/** The integration the connection declares (the one block that is set, known or not), else undefined. */
export function declaredType(props: Props): string | undefined {
  const set = DATADOG_BLOCKS.filter((b) => present(props, b.block));
  return set.length === 1 ? set[0].type : undefined;
}

export function translate(props: Props): Translated {
  const set = DATADOG_BLOCKS.filter((b) => present(props, b.block));
  if (set.length !== 1) {
    const message =
      set.length === 0
        ? `needs exactly one integration block (one of ${DATADOG_BLOCKS.map((b) => b.block).join(", ")})`
        : `sets ${set.map((b) => b.block).join(" and ")}; a connection has exactly one integration block`;
    return { kind: "issues", issues: [{ path: [], message }] };
  }
  const def = set[0];
  const value = props[def.block];
  if (isUnknown(value)) return { kind: "unknown" };
  if (!isPlainObject(value)) return { kind: "issues", issues: [{ path: [def.block], message: "must be an object" }] };
  const outer = withoutNulls(asProviderStrings(value) as Props);

  if (def.type === "HTTP") {
    const auth = outer.tokenAuth;
    if (isUnknown(auth)) return { kind: "unknown" };
    const { tokenAuth: _auth, ...top } = outer;
    const inner = isPlainObject(auth) ? withoutNulls(auth) : {};
    const spec: IntegrationSpec = { ...top, ...inner, type: "HTTP" };
    const toResourcePath = (path: (string | number)[]) =>
      HTTP_TOKEN_AUTH.includes(String(path[0]))
        ? ["http", "tokenAuth", ...path]
        : path[0] === "type"
          ? ["http"]
          : ["http", ...path];
    return { kind: "spec", spec, toResourcePath };
  }

  const credentialBlocks = Object.keys(def.credentials).filter((c) => present(outer, c));
  if (credentialBlocks.length !== 1) {
    const names = Object.keys(def.credentials);
    const message =
      credentialBlocks.length === 0
        ? `needs ${names.length === 1 ? `its ${names[0]} block` : `one of ${names.join(", ")}`}`
        : `sets ${credentialBlocks.join(" and ")}; set exactly one`;
    return { kind: "issues", issues: [{ path: [def.block], message }] };
  }
  const credential = credentialBlocks[0];
  const fields = outer[credential];
  if (isUnknown(fields)) return { kind: "unknown" };
  if (!isPlainObject(fields))
    return { kind: "issues", issues: [{ path: [def.block, credential], message: "must be an object" }] };
  const given = withoutNulls(fields);
  for (const computed of COMPUTED[def.type] ?? []) delete given[computed];
  const spec: IntegrationSpec = { ...given, type: def.type, credentialType: def.credentials[credential] };
  const toResourcePath = (path: (string | number)[]) =>
    path[0] === "type" || path[0] === "credentialType" ? [def.block, credential] : [def.block, credential, ...path];
  return { kind: "spec", spec, toResourcePath };
}
