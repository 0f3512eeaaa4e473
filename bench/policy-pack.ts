/**
 * `BENCH_ONLY=policy npm run bench`: what the policy pack adds to a preview. One program of N
 * ActionConnections (@pulumi/datadog; AWS, each tagged `account_id:<12 digits>`, all members of
 * a group the pack's configuration declares by tag keys, so the group check sees every one),
 * previewed on a fresh stack with and without `--policy-pack`, interleaved, alternating which
 * goes first. The Datadog provider plugin is the tests' double (echoes inputs, no network), so
 * the difference is the pack: starting it, and one Analyze call per resource.
 * Results to bench/results/tmp/policy.json; the figure is copied into bench/README.md by hand.
 */
import fs from "node:fs";
import path from "node:path";
import { median, round } from "./lib/stats";
import { BenchWorkspace } from "./lib/workspace";

const REPO = path.resolve(__dirname, "..");
const DOUBLE = path.join(REPO, "tests/e2e/policy-pack/datadog-double");

function program(n: number): string {
  return `import * as datadog from "@pulumi/datadog";
for (let i = 0; i < ${n}; i++) {
  const account = String(100000000000 + i);
  new datadog.ActionConnection(\`aws-\${i}\`, {
    name: \`AWS \${i}\`,
    aws: { assumeRole: { accountId: account, role: "datadog-workflows" } },
    tags: ["env:prod", \`account_id:\${account}\`],
  });
}
`;
}

const CONFIG = {
  "declared-groups": {
    groups: [{ name: "aws-accounts", integration: "AWS", identifierTags: ["account_id"], membersByTags: true }],
  },
};

export async function policyPackBench(
  binDir: string,
  n: number,
  reps: number,
  log: (line: string) => void,
): Promise<void> {
  const ws = new BenchWorkspace(
    path.join(REPO, "node_modules"),
    `${binDir}${path.delimiter}${DOUBLE}`,
    "bench-policy",
    {},
  );
  ws.writeProgram(program(n));
  const configFile = path.join(ws.root, "policy-config.json");
  fs.writeFileSync(configFile, JSON.stringify(CONFIG));
  const must = async (args: string[]) => {
    const r = await ws.run(args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.output}`);
    return r;
  };
  await must(["stack", "init", ws.stack]);
  const withPack = ["preview", "--policy-pack", path.join(REPO, "policy-pack"), "--policy-pack-config", configFile];
  log(`policy pack: warm-up (one preview each way, not recorded)`);
  const seconds: { without: number[]; with: number[] } = { without: [], with: [] };
  await must(["preview"]);
  await must(withPack);
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? (["without", "with"] as const) : (["with", "without"] as const);
    for (const flavour of order) {
      const r = await must(flavour === "with" ? withPack : ["preview"]);
      if (flavour === "with" && !/workflow-connections@v/.test(r.output))
        throw new Error(`the pack did not run:\n${r.output}`);
      seconds[flavour].push(r.seconds);
      log(`policy pack: N=${n} rep ${rep + 1}/${reps} ${flavour} pack: ${round(r.seconds, 2)} s`);
    }
  }
  const result = {
    date: new Date().toISOString(),
    n,
    reps,
    seconds,
    medianWithout: round(median(seconds.without), 2),
    medianWith: round(median(seconds.with), 2),
    ratio: round(median(seconds.with) / median(seconds.without), 3),
    target: 1.2,
  };
  log(
    `policy pack: preview N=${n}: ${result.medianWithout} s without, ${result.medianWith} s with the pack: ratio ${result.ratio} (target <= 1.2)`,
  );
  fs.mkdirSync(path.join(__dirname, "results/tmp"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "results/tmp/policy.json"), `${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(ws.root, { recursive: true, force: true });
}
