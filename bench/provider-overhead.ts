/**
 * Provider overhead against the engine floor: wall-clock of `pulumi up` (create), `pulumi
 * preview` (no changes) and `pulumi destroy` for the same program shape with our provider and
 * with a no-op dynamic provider, interleaved (ours, floor, ours, floor, ...), a fresh workspace
 * and stack per run. Also the state cost: state bytes per connection and `__provider` size.
 */
import fs from "node:fs";
import os from "node:os";
import type { BenchBackend } from "./lib/backend-process";
import { floorProgram, oursProgram } from "./lib/programs";
import { median, round } from "./lib/stats";
import { BenchWorkspace } from "./lib/workspace";

export type Flavour = "ours" | "floor";
export type Phase = "up" | "preview" | "destroy";
export const PHASES: Phase[] = ["up", "preview", "destroy"];

export interface RunRecord {
  n: number;
  rep: number;
  flavour: Flavour;
  seconds: Record<Phase, number>;
  stateBytes: number;
  resources: number;
  connectionProviderChars: number;
  groupProviderChars: number;
  /** Average JSON size of one Connection / group resource in the state (inputs + outputs + metadata). */
  connectionResourceBytes: number;
  groupResourceBytes: number;
  /** 1-minute load average when the run started and ended (other work on the machine skews timings). */
  load: [number, number];
  /** Backend requests the phase caused, by route: count and summed server time (ms). */
  requests: Record<Phase, Record<string, { count: number; ms: number }>>;
}

export interface OverheadCell {
  n: number;
  phase: Phase;
  reps: number;
  oursMedian: number;
  floorMedian: number;
  ratio: number;
  ours: number[];
  floor: number[];
}

export interface StateCost {
  n: number;
  flavour: Flavour;
  stateBytes: number;
  stateBytesPerConnection: number;
  connectionResourceBytes: number;
  groupResourceBytes: number;
  connectionProviderChars: number;
  groupProviderChars: number;
}

export interface OverheadOptions {
  /** node_modules with the installed package and @pulumi/pulumi (bench/lib/install.ts). */
  nodeModules: string;
  binDir: string;
  backend: BenchBackend;
  plan: { n: number; reps: number }[];
  log: (line: string) => void;
  /** Extra environment for the CLI (diagnostics, e.g. PULUMI_SKIP_CHECKPOINTS). */
  env?: NodeJS.ProcessEnv;
}

interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

async function oneRun(opts: OverheadOptions, n: number, rep: number, flavour: Flavour): Promise<RunRecord> {
  const { backend } = opts;
  const ws = new BenchWorkspace(opts.nodeModules, opts.binDir, `bench-${flavour}-${n}`, {
    CONNECTIONS_API_URL: backend.url,
    DD_API_KEY: backend.apiKey,
    DD_APP_KEY: backend.appKey,
    ...opts.env,
  });
  const load0 = os.loadavg()[0];
  try {
    ws.writeProgram(flavour === "ours" ? oursProgram(n) : floorProgram(n));
    await ws.must(["stack", "init", ws.stack]);
    const requests = {} as RunRecord["requests"];
    const counted = async (phase: Phase, args: string[]) => {
      const before = backend.requests();
      const r = await ws.must(args);
      await new Promise((res) => setTimeout(res, 100)); // let the backend's last log lines arrive
      const after = backend.requests();
      requests[phase] = {};
      for (const [route, c] of Object.entries(after)) {
        const count = c.count - (before[route]?.count ?? 0);
        if (count) requests[phase][route] = { count, ms: round(c.ms - (before[route]?.ms ?? 0), 1) };
      }
      return r;
    };
    const up = await counted("up", ["up", "--yes", "--skip-preview"]);

    const text = fs.readFileSync(ws.stateFile(), "utf8");
    const resources: StateResource[] = JSON.parse(text).checkpoint?.latest?.resources ?? [];
    const conns = resources.filter((r) => /:(Connection|FloorConnection)$/.test(r.type));
    const groups = resources.filter((r) => /:(ConnectionGroup|FloorGroup)$/.test(r.type));
    if (conns.length !== n || groups.length !== n / 10 || conns.some((c) => !c.id)) {
      throw new Error(
        `${flavour} N=${n}: expected ${n} connections and ${n / 10} groups in the state, got ${conns.length} and ${groups.length}`,
      );
    }
    const providerChars = (r: StateResource | undefined) => String(r?.inputs?.__provider ?? "").length;
    const avgBytes = (rs: StateResource[]) =>
      rs.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / Math.max(1, rs.length);

    const preview = await counted("preview", ["preview", "--expect-no-changes"]);
    const destroy = await counted("destroy", ["destroy", "--yes", "--skip-preview"]);
    const left = (JSON.parse(fs.readFileSync(ws.stateFile(), "utf8")).checkpoint?.latest?.resources ?? []).length;
    if (left !== 0) throw new Error(`${flavour} N=${n}: ${left} resources left in the state after destroy`);

    return {
      n,
      rep,
      flavour,
      seconds: { up: up.seconds, preview: preview.seconds, destroy: destroy.seconds },
      stateBytes: Buffer.byteLength(text),
      resources: resources.length,
      connectionProviderChars: providerChars(conns[0]),
      groupProviderChars: providerChars(groups[0]),
      connectionResourceBytes: Math.round(avgBytes(conns)),
      groupResourceBytes: Math.round(avgBytes(groups)),
      requests,
      load: [round(load0, 2), round(os.loadavg()[0], 2)],
    };
  } finally {
    ws.cleanup();
  }
}

export async function providerOverhead(
  opts: OverheadOptions,
): Promise<{ runs: RunRecord[]; cells: OverheadCell[]; state: StateCost[] }> {
  const runs: RunRecord[] = [];
  for (const { n, reps } of opts.plan) {
    for (let rep = 1; rep <= reps; rep++) {
      // Interleaved, alternating which goes first, so drift (caches, thermal, other load) hits both.
      const order: Flavour[] = rep % 2 === 1 ? ["ours", "floor"] : ["floor", "ours"];
      for (const flavour of order) {
        const r = await oneRun(opts, n, rep, flavour);
        runs.push(r);
        opts.log(
          `  N=${n} rep ${rep} ${flavour.padEnd(5)} up ${r.seconds.up.toFixed(2)}s  preview ${r.seconds.preview.toFixed(2)}s  destroy ${r.seconds.destroy.toFixed(2)}s  state ${r.stateBytes} B  load ${r.load.join("->")}`,
        );
      }
    }
  }

  const cells: OverheadCell[] = [];
  const state: StateCost[] = [];
  for (const { n, reps } of opts.plan) {
    const of = (f: Flavour) => runs.filter((r) => r.n === n && r.flavour === f);
    for (const phase of PHASES) {
      const ours = of("ours").map((r) => round(r.seconds[phase], 3));
      const floor = of("floor").map((r) => round(r.seconds[phase], 3));
      const oursMedian = median(ours),
        floorMedian = median(floor);
      cells.push({
        n,
        phase,
        reps,
        oursMedian: round(oursMedian, 3),
        floorMedian: round(floorMedian, 3),
        ratio: round(oursMedian / floorMedian, 3),
        ours,
        floor,
      });
    }
    for (const flavour of ["ours", "floor"] as Flavour[]) {
      const r = of(flavour)[0];
      state.push({
        n,
        flavour,
        stateBytes: r.stateBytes,
        stateBytesPerConnection: Math.round(r.stateBytes / n),
        connectionResourceBytes: r.connectionResourceBytes,
        groupResourceBytes: r.groupResourceBytes,
        connectionProviderChars: r.connectionProviderChars,
        groupProviderChars: r.groupProviderChars,
      });
    }
  }
  return { runs, cells, state };
}
