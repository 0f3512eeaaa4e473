/**
 * Uses every output of Connection and ConnectionGroup with its declared type. Type-checked
 * (tests/types/outputs.test.ts) and run through the real CLI in every phase
 * (tests/e2e/output-types.test.ts): each output is checked at run time against the same type
 * (./shapes.ts), so a value of another shape fails the preview or update.
 *
 * Config: `variant` ("first" | "second": the second adds a tag and removes a group member),
 * `adoptId` (adopt that connection as `adopted`), `token` (secret).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Connection,
  ConnectionGroup,
  IntegrationOutput,
  IntegrationType,
  ConnectionAccessOutput,
  ConnectionGroupAccessOutput,
} from "pulumi-workflow-connections";
import { absent, arr, bool, Check, expectShape, num, obj, oneOf, opt, rec, str } from "./shapes";

const config = new pulumi.Config();
const second = config.get("variant") === "second";
const adoptId = config.get("adoptId");

const aws = new Connection("aws", {
  name: "aws",
  integration: { type: "AWS", accountId: "111111111111", role: "workflows" },
  tags: second ? ["account_id:111111111111", "env:prod"] : ["account_id:111111111111"],
  access: { editor: ["role:admin"], resolver: ["team:platform"] },
});
const aws2 = new Connection("aws2", {
  name: "aws2",
  integration: { type: "AWS", accountId: "222222222222", role: "workflows" },
  tags: ["account_id:222222222222"],
});
const http = new Connection("http", {
  name: "http",
  integration: {
    type: "HTTP",
    baseUrl: "https://api.example.com",
    tokens: [{ name: "apiToken", value: config.requireSecret("token") }],
    headers: [{ name: "Authorization", value: "Bearer {{ apiToken }}" }],
  },
});
const group = new ConnectionGroup("accounts", {
  name: "accounts",
  integration: "AWS",
  identifierTags: ["account_id"],
  members: second ? [aws] : [aws, aws2],
  access: { editor: ["role:admin"] },
});
const adopted = adoptId
  ? new Connection("adopted", {
      adoptId,
      adoptDropsMissing: false,
      name: "adopted",
      integration: { type: "OpenAI", apiToken: config.requireSecret("token") },
      tags: ["team:ml"],
    })
  : undefined;

// The declared types, written out: assigning the outputs to these types is the type-level check.
const connectionOutputs = (c: Connection) => {
  const outputs: {
    name: pulumi.Output<string>;
    integration: pulumi.Output<IntegrationOutput>;
    integrationType: pulumi.Output<IntegrationType>;
    tags: pulumi.Output<string[]>;
    externalId: pulumi.Output<string | undefined>;
    principalId: pulumi.Output<string | undefined>;
    adoptId: pulumi.Output<string | undefined>;
    adoptDropsMissing: pulumi.Output<boolean | string[] | undefined>;
    secretRevisions: pulumi.Output<Record<string, number> | undefined>;
    access: pulumi.Output<ConnectionAccessOutput | undefined>;
  } = c;
  return outputs;
};
const groupOutputs: {
  name: pulumi.Output<string>;
  integration: pulumi.Output<IntegrationType>;
  identifierTags: pulumi.Output<string[]>;
  members: pulumi.Output<string[]>;
  memberNames: pulumi.Output<Record<string, string>>;
  access: pulumi.Output<ConnectionGroupAccessOutput | undefined>;
} = group;

const access: Check = obj({
  viewer: opt(arr(str)),
  resolver: opt(arr(str)),
  editor: opt(arr(str)),
  allowSelfLockout: opt(bool),
});
const nameValues = arr(obj({ name: str, value: str }));
const integrations: Record<string, Check> = {
  aws: obj({ type: str, accountId: str, role: str }),
  aws2: obj({ type: str, accountId: str, role: str }),
  http: obj({
    type: str,
    baseUrl: str,
    tokens: opt(nameValues),
    headers: opt(nameValues),
    urlParameters: opt(nameValues),
    body: opt(obj({ content: opt(str), contentType: opt(str) })),
  }),
  adopted: obj({ type: str, apiToken: str }),
};

function checkConnection(label: string, c: Connection) {
  const o = connectionOutputs(c);
  return {
    name: expectShape(`${label}.name`, o.name, str),
    integration: expectShape(`${label}.integration`, o.integration, integrations[label]),
    integrationType: expectShape(`${label}.integrationType`, o.integrationType, str),
    tags: expectShape(`${label}.tags`, o.tags, arr(str)),
    externalId: expectShape(`${label}.externalId`, o.externalId, opt(str)),
    principalId: expectShape(`${label}.principalId`, o.principalId, opt(str)),
    adoptId: expectShape(`${label}.adoptId`, o.adoptId, opt(str)),
    adoptDropsMissing: expectShape(`${label}.adoptDropsMissing`, o.adoptDropsMissing, opt(oneOf(bool, arr(str)))),
    secretRevisions: expectShape(`${label}.secretRevisions`, o.secretRevisions, opt(rec(num))),
    access: expectShape(`${label}.access`, o.access, opt(access)),
    // What a program does with them: these crash or export nothing when the type lies.
    tagCount: o.tags.apply((t) => t.length),
    fieldNames: o.integration.apply((i) => Object.keys(i).sort().join(",")),
  };
}

export const shapes = {
  aws: checkConnection("aws", aws),
  aws2: checkConnection("aws2", aws2),
  http: checkConnection("http", http),
  ...(adopted ? { adopted: checkConnection("adopted", adopted) } : {}),
  accounts: {
    name: expectShape("accounts.name", groupOutputs.name, str),
    integration: expectShape("accounts.integration", groupOutputs.integration, str),
    identifierTags: expectShape("accounts.identifierTags", groupOutputs.identifierTags, arr(str)),
    members: expectShape("accounts.members", groupOutputs.members, arr(str)),
    memberNames: expectShape("accounts.memberNames", groupOutputs.memberNames, rec(str)),
    access: expectShape("accounts.access", groupOutputs.access, oneOf(absent, access)),
    memberCount: groupOutputs.members.apply((m) => m.length),
    memberList: groupOutputs.members.apply((m) => m.map((id) => id.slice(0, 8)).join(",")),
  },
};
