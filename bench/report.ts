/** The console table and the README section, from the results. */
import { LoadResult, SCALE_CONCURRENCY } from "./backend-load";
import type { OverheadCell, StateCost } from "./provider-overhead";

/** `limit: "reported"` is a figure to report honestly, with no target (pass is then true). */
export interface TargetResult {
  name: string;
  value: number;
  limit: string;
  pass: boolean;
}

export interface Results {
  date: string;
  quick: boolean;
  totalSeconds?: number;
  machine: Record<string, unknown>;
  plan: {
    provider: { n: number; reps: number }[];
    backend: { concurrencies: number[]; cellSeconds: number; cellRequests: number; scale: number[] };
  };
  provider?: { cells: OverheadCell[]; state: StateCost[]; runs: unknown[] };
  /** One entry per engine: PGlite, PostgreSQL x1, PostgreSQL x2. */
  backend?: LoadResult[];
  /** The noisy-neighbour cell (bench/noisy-neighbour.ts): PGlite, PostgreSQL x1. */
  noisy?: import("./noisy-neighbour").NoisyResult[];
  diagnostics?: Record<string, unknown>;
  /** 1-minute load averages: at start, at end, highest seen at the start/end of a provider run. */
  loadAverage?: { start: number; end: number; providerRunsMax?: number };
  targets: TargetResult[];
}

const pad = (s: unknown, n: number) => String(s).padEnd(n);
const lpad = (s: unknown, n: number) => String(s).padStart(n);
const fix = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

export const OVERHEAD_TARGET = 1.15;
export const CREATE_TARGET = 0.5;
export const TARGET_N = 200;
export const TARGET_CONCURRENCY = 16;
export const MIXED_P99_TARGET_MS = 50;
export const LIST_GROWTH_TARGET = 2;

export function targets(provider: Results["provider"], backend: Results["backend"], targetN: number): TargetResult[] {
  const out: TargetResult[] = [];
  for (const c of provider?.cells.filter((c) => c.n === targetN) ?? []) {
    out.push({
      name: `provider overhead ${c.phase} N=${c.n} (ours/floor)`,
      value: c.ratio,
      limit: `<= ${OVERHEAD_TARGET}`,
      pass: c.ratio <= OVERHEAD_TARGET,
    });
  }
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  for (const run of backend ?? []) {
    const at = (op: string, stored?: number, c = TARGET_CONCURRENCY) =>
      run.cells.find((x) => x.op === op && x.concurrency === c && x.stored === stored);
    const create = at("create"),
      health = at("health");
    if (create && health && run.replicas === 1) {
      const value = ratio(create.rps, health.rps);
      out.push({
        name: `${run.engine}: create req/s / GET /health req/s, c=${TARGET_CONCURRENCY}`,
        value,
        limit: `>= ${CREATE_TARGET}`,
        pass: value >= CREATE_TARGET,
      });
    }
    const scaled = run.cells.filter((x) => x.stored !== undefined);
    const sizes = [...new Set(scaled.map((x) => x.stored!))].sort((a, b) => a - b);
    for (const size of sizes) {
      const mixed = at("mixed", size, SCALE_CONCURRENCY);
      if (mixed)
        out.push({
          name: `${run.engine}: mixed p99 ms at ${size} stored, c=${SCALE_CONCURRENCY}`,
          value: mixed.p99ms,
          limit: `< ${MIXED_P99_TARGET_MS}`,
          pass: mixed.p99ms < MIXED_P99_TARGET_MS,
        });
    }
    if (sizes.length >= 2) {
      const small = at("list", sizes[0], SCALE_CONCURRENCY),
        large = at("list", sizes[sizes.length - 1], SCALE_CONCURRENCY);
      if (small && large) {
        const value = ratio(large.p50ms, small.p50ms);
        out.push({
          name: `${run.engine}: list p50 at ${large.stored} / at ${small.stored} stored`,
          value,
          limit: `<= ${LIST_GROWTH_TARGET}`,
          pass: value <= LIST_GROWTH_TARGET,
        });
      }
    }
  }
  // Two replicas on one database, on this machine's cores: a figure, not a target.
  const one = backend?.find((r) => r.engine === "PostgreSQL x1"),
    two = backend?.find((r) => r.engine === "PostgreSQL x2");
  for (const c of one ? [...new Set(one.cells.map((x) => x.concurrency))] : []) {
    const a = one!.cells.find((x) => x.op === "mixed" && x.concurrency === c && x.stored === undefined);
    const b = two?.cells.find((x) => x.op === "mixed" && x.concurrency === c && x.stored === undefined);
    if (a && b)
      out.push({
        name: `PostgreSQL mixed req/s, 2 replicas / 1 replica, c=${c}`,
        value: ratio(b.rps, a.rps),
        limit: "reported",
        pass: true,
      });
  }
  return out;
}

/** Plain-text tables (also used, fenced, in the README). */
export function tables(r: Results): string {
  const lines: string[] = [];
  if (r.provider) {
    lines.push(
      `Provider overhead: wall-clock seconds per CLI command, median of the repetitions; ratio = ours / floor`,
    );
    lines.push(
      `${pad("N", 5)}${pad("phase", 9)}${lpad("reps", 5)}${lpad("ours s", 9)}${lpad("floor s", 9)}${lpad("ratio", 8)}  target`,
    );
    for (const c of r.provider.cells) {
      const t = c.n === TARGET_N ? `<= ${OVERHEAD_TARGET} ${c.ratio <= OVERHEAD_TARGET ? "PASS" : "MISS"}` : "-";
      lines.push(
        `${pad(c.n, 5)}${pad(c.phase, 9)}${lpad(c.reps, 5)}${lpad(fix(c.oursMedian), 9)}${lpad(fix(c.floorMedian), 9)}${lpad(fix(c.ratio), 8)}  ${t}`,
      );
    }
    lines.push("");
    lines.push(`State cost after up (file backend state file)`);
    lines.push(
      `${pad("N", 5)}${pad("flavour", 8)}${lpad("state B", 10)}${lpad("B/conn", 8)}${lpad("conn res B", 11)}${lpad("group res B", 12)}${lpad("__provider chars conn/group", 29)}`,
    );
    for (const s of r.provider.state) {
      lines.push(
        `${pad(s.n, 5)}${pad(s.flavour, 8)}${lpad(s.stateBytes, 10)}${lpad(s.stateBytesPerConnection, 8)}${lpad(s.connectionResourceBytes, 11)}${lpad(s.groupResourceBytes, 12)}${lpad(`${s.connectionProviderChars}/${s.groupProviderChars}`, 29)}`,
      );
    }
    lines.push("");
  }
  for (const b of r.backend ?? []) {
    lines.push(
      `Backend: ${b.engine} (${b.replicas} child process${b.replicas > 1 ? "es, requests spread round-robin" : ""}, loopback, keep-alive; each cell <= ${r.plan.backend.cellSeconds} s or ${r.plan.backend.cellRequests} requests)`,
    );
    lines.push(
      `${pad("operation", 20)}${lpad("c", 3)}${lpad("req/s", 9)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("requests", 9)}${lpad("errors", 7)}${lpad("RSS MiB", 9)}`,
    );
    for (const c of b.cells) {
      const name = (c.op === "health" ? "GET /health" : c.op) + (c.stored === undefined ? "" : ` @${c.stored}`);
      lines.push(
        `${pad(name, 20)}${lpad(c.concurrency, 3)}${lpad(fix(c.rps, 0), 9)}${lpad(fix(c.p50ms), 9)}${lpad(fix(c.p99ms), 9)}${lpad(c.requests, 9)}${lpad(c.errors, 7)}${lpad(fix(c.peakRssMiB, 0), 9)}`,
      );
    }
    lines.push(
      `backend RSS${b.replicas > 1 ? " (all replicas)" : ""}: idle ${fix(b.rss.idleMiB, 0)} MiB, peak under load ${fix(b.rss.peakMiB, 0)} MiB, after ${fix(b.rss.endMiB, 0)} MiB`,
    );
    lines.push("");
  }
  if (r.loadAverage) {
    // The bench's own processes (CLI, language host, plugin, backend) make a load of about 2-3
    // during a pulumi run here; only the load at the start says whether other work was running.
    const busy = r.loadAverage.start > 1;
    lines.push(
      `Machine load (1-min average, includes the bench's own processes): start ${r.loadAverage.start}, end ${r.loadAverage.end}, highest at a provider run ${r.loadAverage.providerRunsMax ?? "n/a"}${busy ? " -- the machine was already busy at the start: timings are inflated" : ""}`,
    );
    lines.push("");
  }
  if (r.targets.length) {
    lines.push(`Targets (reported, not asserted)`);
    for (const t of r.targets)
      lines.push(
        `${pad(t.name, 60)}${lpad(fix(t.value, 3), 8)}  ${pad(t.limit, 9)}${t.limit === "reported" ? "-" : t.pass ? "PASS" : "MISS"}`,
      );
  }
  return lines.join("\n");
}
