/**
 * The benchmarked program, in two flavours of the same shape: N connections (AWS, each with its
 * own `account_id:<12 digits>` tag) and N/10 connection groups of 10 members each, told apart by
 * the `account_id` identifier tag.
 *
 * - "ours": this package's Connection and ConnectionGroup (shim provider -> runtime -> client ->
 *   local backend).
 * - "floor": the engine floor. Two resource classes with the same inputs (the integration
 *   wrapped in pulumi.secret and re-marked secret on output, the group's members and
 *   memberFacts), backed by a trivial dynamic provider: no check, no diff, no network; create
 *   returns an id and echoes the inputs. Whatever the floor costs, any dynamic provider costs.
 * Every group declares `access` (the bench key's own org, role and user), so "ours" runs the
 * target checks at preview (key verification, the key's user, principal lookups) and writes
 * each group's policy on up; the floor carries the same input.
 *
 * `BENCH_SECRETS` gives the connections a secret (OpenAI connections instead of AWS, the groups
 * of OpenAI too): "value" an API token per connection (stored encrypted in the state), "reference"
 * `{ fromEnv: "BENCH_OPENAI_TOKEN", version: 1 }` (the state keeps the reference only; run.ts sets
 * the variable), to compare the state each costs.
 */

/** The connections' integration (program source, with `account` in scope) and the groups' integration type. */
function integrationOf(secrets = process.env.BENCH_SECRETS ?? ""): { source: string; type: string } {
  if (secrets === "value")
    return { source: '{ type: "OpenAI", apiToken: `sk-bench-${account}-value-0123456789abcdef` }', type: "OpenAI" };
  if (secrets === "reference")
    return { source: '{ type: "OpenAI", apiToken: { fromEnv: "BENCH_OPENAI_TOKEN", version: 1 } }', type: "OpenAI" };
  if (secrets !== "") throw new Error(`BENCH_SECRETS=${JSON.stringify(secrets)}: expected "value" or "reference"`);
  return { source: '{ type: "AWS", accountId: account, role: "workflows" }', type: "AWS" };
}

function shape(n: number, conn: string, group: string): string {
  const integration = integrationOf();
  return `
const N = ${n};
const GROUP_ACCESS = { viewer: ["org:bench-org"], editor: ["role:admin", "user:bench"] };
for (let g = 0; g < N / 10; g++) {
  const members = [];
  for (let j = 0; j < 10; j++) {
    const i = g * 10 + j;
    const account = String(100000000000 + i);
    members.push(new ${conn}(\`c\${i}\`, {
      name: \`bench-\${i}\`,
      integration: ${integration.source},
      tags: [\`account_id:\${account}\`, "team:bench"],
    }));
  }
  // Access on every group: preview then asks the target who the key's user is and looks each
  // principal up (once per target, for all groups), as a program with access does.
  new ${group}(\`g\${g}\`, { name: \`bench-group-\${g}\`, integration: "${integration.type}", identifierTags: ["account_id"], members, access: GROUP_ACCESS });
}
`;
}

export function oursProgram(n: number): string {
  return `import { Connection, ConnectionGroup } from "pulumi-workflow-connections";\n${shape(n, "Connection", "ConnectionGroup")}`;
}

export function floorProgram(n: number): string {
  return `import * as pulumi from "@pulumi/pulumi";

let counter = 0;
// One provider object per resource type (the serialized closure is cached per object).
const connectionProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: \`floor-\${Date.now().toString(36)}-\${(counter++).toString(36)}-\${Math.random().toString(36).slice(2, 8)}\`, outs: inputs };
  },
};
const groupProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: \`floor-group-\${Date.now().toString(36)}-\${(counter++).toString(36)}-\${Math.random().toString(36).slice(2, 8)}\`, outs: inputs };
  },
};

interface ConnArgs { name: pulumi.Input<string>; integration: pulumi.Input<any>; tags?: pulumi.Input<pulumi.Input<string>[]> }
class FloorConnection extends pulumi.dynamic.Resource {
  readonly declared: { label: string; integration: pulumi.Input<string>; tags: any };
  constructor(name: string, args: ConnArgs) {
    super(connectionProvider, name, {
      name: args.name,
      integration: pulumi.secret(args.integration),
      tags: args.tags ?? [],
      adoptId: undefined,
      integrationType: undefined,
      externalId: undefined,
      principalId: undefined,
    }, { additionalSecretOutputs: ["integration"] }, "bench", "FloorConnection");
    this.declared = { label: name, integration: pulumi.output(args.integration).apply((i: any) => i.type), tags: args.tags ?? [] };
  }
}

class FloorGroup extends pulumi.dynamic.Resource {
  constructor(name: string, args: { name: pulumi.Input<string>; integration: pulumi.Input<string>; identifierTags: pulumi.Input<pulumi.Input<string>[]>; members: FloorConnection[]; access: unknown }) {
    super(groupProvider, name, {
      name: args.name,
      integration: args.integration,
      identifierTags: args.identifierTags,
      members: args.members.map((m) => m.id),
      memberFacts: args.members.map((m) => ({ label: m.declared.label, integration: m.declared.integration, tags: m.declared.tags })),
      access: args.access,
    }, {}, "bench", "FloorGroup");
  }
}
${shape(n, "FloorConnection", "FloorGroup")}`;
}
