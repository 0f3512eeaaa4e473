// @ts-check
/**
 * Test double of the Datadog provider plugin, `pulumi-resource-datadog`, for the policy pack's
 * end-to-end tests: the real provider binary cannot be obtained here. It serves the real type
 * tokens and property names of @pulumi/datadog 5.11 (`ActionConnection`, `RestrictionPolicy`;
 * written from the npm package's types/input.d.ts, independently of the policy pack's own
 * table) so that a TypeScript program using the real @pulumi/datadog and a Pulumi YAML program
 * (type-checked against this schema) run through the real CLI. check/diff/create/update echo
 * the inputs; nothing is called. Each create is appended to $DATADOG_DOUBLE_LOG (one JSON line:
 * type, name, inputs) so tests can see exactly what was written.
 */
const fs = require("fs");
const crypto = require("crypto");
const provider = require("@pulumi/pulumi/provider");

const VERSION = "5.11.0";
const str = { type: "string" };

/** Integration block -> credential block -> its string fields (input.d.ts, ActionConnection*). */
const BLOCKS = {
  anthropic: { apiKey: ["apiToken"] },
  asana: { accessToken: ["accessToken"] },
  aws: { assumeRole: ["accountId", "externalId", "principalId", "role"] },
  azure: { tenant: ["appClientId", "clientSecret", "customScopes", "tenantId"] },
  circleCi: { apiKey: ["apiToken"] },
  clickup: { apiKey: ["apiToken"] },
  cloudflare: { apiToken: ["apiToken"], globalApiToken: ["authEmail", "globalApiKey"] },
  configCat: { sdkKey: ["apiPassword", "apiUsername", "sdkKey"] },
  datadog: { apiKey: ["apiKey", "appKey", "datacenter", "subdomain"] },
  fastly: { apiKey: ["apiKey"] },
  freshservice: { apiKey: ["apiKey", "domain"] },
  gcp: { serviceAccount: ["privateKey", "serviceAccountEmail"] },
  gemini: { apiKey: ["apiKey"] },
  gitlab: { apiKey: ["apiToken"] },
  greyNoise: { apiKey: ["apiKey"] },
  launchDarkly: { apiKey: ["apiToken"] },
  notion: { apiKey: ["apiToken"] },
  okta: { apiToken: ["apiToken", "domain"] },
  openai: { apiKey: ["apiToken"] },
  serviceNow: { basicAuth: ["instance", "password", "username"] },
  split: { apiKey: ["apiKey"] },
  statsig: { apiKey: ["apiKey"] },
  virusTotal: { apiKey: ["apiKey"] },
};

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const ref = (name) => ({ $ref: `#/types/datadog:index/${name}:${name}` });
const object = (properties) => ({ type: "object", properties });
const strings = (names) => Object.fromEntries(names.map((n) => [n, str]));

function schema() {
  const types = {};
  const connection = { name: str, tags: { type: "array", items: str } };
  for (const [block, credentials] of Object.entries(BLOCKS)) {
    const blockType = `ActionConnection${cap(block)}`;
    const props = {};
    for (const [credential, fields] of Object.entries(credentials)) {
      const credType = `${blockType}${cap(credential)}`;
      types[`datadog:index/${credType}:${credType}`] = object(strings(fields));
      props[credential] = ref(credType);
    }
    types[`datadog:index/${blockType}:${blockType}`] = object(props);
    connection[block] = ref(blockType);
  }
  // HTTP: ActionConnectionHttp { baseUrl, tokenAuth { body, headers, tokens, urlParameters } }.
  const list = (name) => ({ type: "array", items: ref(name) });
  types["datadog:index/ActionConnectionHttpTokenAuthBody:ActionConnectionHttpTokenAuthBody"] = object(
    strings(["content", "contentType"]),
  );
  types["datadog:index/ActionConnectionHttpTokenAuthHeader:ActionConnectionHttpTokenAuthHeader"] = object(
    strings(["name", "value"]),
  );
  types["datadog:index/ActionConnectionHttpTokenAuthToken:ActionConnectionHttpTokenAuthToken"] = object(
    strings(["name", "type", "value"]),
  );
  types["datadog:index/ActionConnectionHttpTokenAuthUrlParameter:ActionConnectionHttpTokenAuthUrlParameter"] = object(
    strings(["name", "value"]),
  );
  types["datadog:index/ActionConnectionHttpTokenAuth:ActionConnectionHttpTokenAuth"] = object({
    body: ref("ActionConnectionHttpTokenAuthBody"),
    headers: list("ActionConnectionHttpTokenAuthHeader"),
    tokens: list("ActionConnectionHttpTokenAuthToken"),
    urlParameters: list("ActionConnectionHttpTokenAuthUrlParameter"),
  });
  types["datadog:index/ActionConnectionHttp:ActionConnectionHttp"] = object({
    baseUrl: str,
    tokenAuth: ref("ActionConnectionHttpTokenAuth"),
  });
  connection.http = ref("ActionConnectionHttp");
  types["datadog:index/RestrictionPolicyBinding:RestrictionPolicyBinding"] = {
    type: "object",
    properties: { principals: { type: "array", items: str }, relation: str },
    required: ["principals", "relation"],
  };
  const policy = { resourceId: str, bindings: { type: "array", items: ref("RestrictionPolicyBinding") } };
  return JSON.stringify({
    name: "datadog",
    version: VERSION,
    resources: {
      "datadog:index/actionConnection:ActionConnection": {
        properties: connection,
        inputProperties: connection,
        requiredInputs: ["name"],
      },
      "datadog:index/restrictionPolicy:RestrictionPolicy": {
        properties: policy,
        inputProperties: policy,
        requiredInputs: ["resourceId"],
      },
    },
    types,
  });
}

function record(urn, inputs) {
  const file = process.env.DATADOG_DOUBLE_LOG;
  const [type, name] = urn.split("::").slice(-2);
  if (file) fs.appendFileSync(file, `${JSON.stringify({ type, name, inputs })}\n`);
}

/** @type {import("@pulumi/pulumi/provider").Provider} */
const double = {
  version: VERSION,
  getSchema: async () => schema(),
  check: async (_urn, _olds, news) => ({ inputs: news }),
  diff: async (_id, _urn, olds, news) => ({ changes: JSON.stringify(olds) !== JSON.stringify(news) }),
  create: async (urn, inputs) => {
    record(urn, inputs);
    return { id: crypto.randomUUID(), outs: inputs };
  },
  read: async (id, _urn, props) => ({ id, props }),
  update: async (_id, urn, _olds, news) => {
    record(urn, news);
    return { outs: news };
  },
  delete: async () => {},
};

provider.main(double, process.argv.slice(2));
