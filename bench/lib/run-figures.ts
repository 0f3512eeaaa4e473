/** Figures of a bench run besides the timed cells: the CLI it used, the runtime's require cost, the requests each phase sent. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { RunRecord } from "../provider-overhead";
import { median, round } from "./stats";

const REPO = path.resolve(__dirname, "../..");

export function binDir(): string {
  const dir =
    process.env.PULUMI_BIN_DIR ||
    execFileSync("bash", [path.join(REPO, "scripts/ensure-pulumi.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop()!;
  if (!fs.existsSync(path.join(dir, "pulumi"))) throw new Error(`no pulumi in ${dir}`);
  return dir;
}

/** Cold `require` of the provider runtime and the client (loaded by the runtime on first use) in a fresh node process (what each plugin process pays once). */
export function requireCostMs(): number {
  const script = `const t=process.hrtime.bigint();require("pulumi-workflow-connections/provider/runtime");require("./dist/client");console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const xs = [1, 2, 3].map(() =>
    Number(execFileSync(process.execPath, ["-e", script], { cwd: REPO, encoding: "utf8" }).trim()),
  );
  return round(median(xs), 1);
}

export function requestSummary(runs: RunRecord[], n: number) {
  const run = runs.find((r) => r.flavour === "ours" && r.n === n);
  if (!run) return undefined;
  const out: Record<
    string,
    { routes: Record<string, { count: number; ms: number }>; requests: number; serverMs: number; wallSeconds: number }
  > = {};
  for (const phase of ["preview", "up", "destroy"] as const) {
    const routes = run.requests[phase] ?? {};
    const list = Object.values(routes);
    out[phase] = {
      routes,
      requests: list.reduce((s, c) => s + c.count, 0),
      serverMs: round(
        list.reduce((s, c) => s + c.ms, 0),
        1,
      ),
      wallSeconds: round(run.seconds[phase], 3),
    };
  }
  return { n, rep: run.rep, phases: out };
}
