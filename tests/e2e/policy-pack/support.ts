/**
 * Running the policy pack's example programs (examples/policy-pack) through the real CLI with
 * the pack: each in a throwaway workspace, with the Datadog test-double plugin on PATH (only
 * here) logging every create, and, for the YAML program, the YAML language host.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CliResult, PulumiWorkspace, REPO } from "../../support/pulumi";

export const PACK = path.join(REPO, "policy-pack");
export const PACK_CONFIG = path.join(REPO, "examples/policy-pack/policy-config.json");
const DOUBLE = path.join(__dirname, "datadog-double");

let yamlBin: string | undefined;
function yamlHostDir(): string {
  yamlBin ??= execFileSync("bash", [path.join(REPO, "scripts/ensure-pulumi-yaml.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  return yamlBin;
}

/** The four mistakes, as stack config of the example programs (their defaults are correct). */
export const MISTAKES: Record<string, string> = {
  prodEnvTag: "env:staging:east",
  sandboxAccountId: "33333333333",
  stagingAccountTag: "account_id:111111111111",
  groupRelation: "resolver",
};

/**
 * What the pack says about each, and under which resource. Of two members a workflow cannot
 * tell apart, the one registered second is reported (at `up` the first is valid on its own):
 * TypeScript registers aws-prod first, YAML may not, so `pair` gives the message either way.
 */
export const EXPECTED: { resource: string; policy: string; message: string; pair?: [string, string] }[] = [
  {
    resource: "datadog:index/actionConnection:ActionConnection: aws-prod",
    policy: "identifier-tags",
    message: `ActionConnection "aws-prod": tags[0] "env:staging:east": exactly one ':' is allowed`,
  },
  {
    resource: "datadog:index/actionConnection:ActionConnection: aws-sandbox",
    policy: "connection-fields",
    message: `ActionConnection "aws-sandbox": aws.assumeRole.accountId "33333333333": must be exactly 12 digits`,
  },
  { resource: "", policy: "declared-groups", message: "", pair: ["aws-prod", "aws-staging"] },
  {
    resource: "datadog:index/restrictionPolicy:RestrictionPolicy: group-access",
    policy: "connection-access",
    message: `RestrictionPolicy "group-access": bindings[0].relation "resolver" is not a relation of connection groups (viewer, editor)`,
  },
];

/** The clash message as reported under the second of the pair. */
export function clash(first: string, second: string): { resource: string; message: string } {
  return {
    resource: `datadog:index/actionConnection:ActionConnection: ${second}`,
    message: `ActionConnection "${second}": connection group "aws-accounts": "${first}" and "${second}" both have account_id:111111111111; each member needs a unique combination of identifier values`,
  };
}

export type Language = "typescript" | "yaml";

export class DatadogProgram {
  readonly ws: PulumiWorkspace;
  readonly createdLog: string;

  constructor(readonly language: Language) {
    const project = language === "yaml" ? "connections-policy-datadog-yaml" : "connections-policy-datadog-ts";
    this.ws = new PulumiWorkspace(project, "dev");
    this.createdLog = path.join(this.ws.root, "datadog-creates.jsonl");
    const extraPath = [DOUBLE, ...(language === "yaml" ? [yamlHostDir()] : [])];
    this.ws.env.PATH = [
      this.ws.env.PATH!.split(path.delimiter)[0],
      ...extraPath,
      ...this.ws.env.PATH!.split(path.delimiter).slice(1),
    ].join(path.delimiter);
    this.ws.env.DATADOG_DOUBLE_LOG = this.createdLog;
    const dir = language === "yaml" ? "examples/policy-pack/datadog-yaml" : "examples/policy-pack/datadog-ts";
    for (const f of fs.readdirSync(path.join(REPO, dir)))
      fs.copyFileSync(path.join(REPO, dir, f), path.join(this.ws.programDir, f));
  }

  async init(config: Record<string, string>): Promise<void> {
    await this.ws.init(config);
  }

  withPack(command: "preview" | "up", packConfig = PACK_CONFIG): Promise<CliResult> {
    return this.ws.run([
      command,
      ...(command === "up" ? ["--yes", "--skip-preview"] : []),
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      packConfig,
    ]);
  }

  /** The example's pack configuration with some policies' enforcement levels changed. */
  packConfigWith(levels: Record<string, string>): string {
    const config = JSON.parse(fs.readFileSync(PACK_CONFIG, "utf8")) as Record<string, unknown>;
    for (const [policy, level] of Object.entries(levels)) {
      const current = config[policy];
      config[policy] =
        current !== null && typeof current === "object" ? { ...current, enforcementLevel: level } : level;
    }
    const file = path.join(this.ws.root, "policy-config.json");
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
  }

  /** Every create the Datadog double received, in order. */
  creates(): { type: string; name: string; inputs: Record<string, unknown> }[] {
    if (!fs.existsSync(this.createdLog)) return [];
    return fs
      .readFileSync(this.createdLog, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }

  /** Names of the stack's resources in its state (none when no state was written). */
  stateNames(): string[] {
    if (!fs.existsSync(this.ws.stateFile())) return [];
    return this.ws.state().resources.map((r) => r.urn.split("::").pop()!);
  }

  cleanup(): void {
    this.ws.cleanup();
  }
}

/** The block the CLI prints for one violation: `[mandatory]  policy  (resource)` then its lines. */
export function violationBlock(output: string, policy: string, resource: string): string | undefined {
  const head = `[mandatory]  ${policy}  (${resource})`;
  const at = output.indexOf(head);
  if (at < 0) return undefined;
  const rest = output.slice(at + head.length);
  const next = rest.search(/\n\s*- \[|\n\S/);
  return rest.slice(0, next < 0 ? undefined : next);
}
