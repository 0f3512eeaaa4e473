/** The console table and the README section, from the results. */
import type { LoadCell } from "./backend-load";
import type { OverheadCell, StateCost } from "./provider-overhead";

export interface TargetResult { name: string; value: number; limit: string; pass: boolean }

export interface Results {
  date: string;
  quick: boolean;
  totalSeconds?: number;
  machine: Record<string, unknown>;
  plan: { provider: { n: number; reps: number }[]; backend: { concurrencies: number[]; cellSeconds: number; cellRequests: number } };
  provider?: { cells: OverheadCell[]; state: StateCost[]; runs: unknown[] };
  backend?: { cells: LoadCell[]; rss: { idleMiB: number; peakMiB: number; endMiB: number }; limits: unknown; pool: unknown };
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

export function targets(provider: Results["provider"], backend: Results["backend"], targetN: number): TargetResult[] {
  const out: TargetResult[] = [];
  for (const c of provider?.cells.filter((c) => c.n === targetN) ?? []) {
    out.push({ name: `provider overhead ${c.phase} N=${c.n} (ours/floor)`, value: c.ratio, limit: `<= ${OVERHEAD_TARGET}`, pass: c.ratio <= OVERHEAD_TARGET });
  }
  const at = (op: string) => backend?.cells.find((c) => c.op === op && c.concurrency === TARGET_CONCURRENCY);
  const create = at("create"), health = at("health");
  if (create && health) {
    const value = Math.round((create.rps / health.rps) * 1000) / 1000;
    out.push({ name: `backend create req/s / GET /health req/s, c=${TARGET_CONCURRENCY}`, value, limit: `>= ${CREATE_TARGET}`, pass: value >= CREATE_TARGET });
  }
  return out;
}

/** Plain-text tables (also used, fenced, in the README). */
export function tables(r: Results): string {
  const lines: string[] = [];
  if (r.provider) {
    lines.push(`Provider overhead: wall-clock seconds per CLI command, median of the repetitions; ratio = ours / floor`);
    lines.push(`${pad("N", 5)}${pad("phase", 9)}${lpad("reps", 5)}${lpad("ours s", 9)}${lpad("floor s", 9)}${lpad("ratio", 8)}  target`);
    for (const c of r.provider.cells) {
      const t = c.n === TARGET_N ? `<= ${OVERHEAD_TARGET} ${c.ratio <= OVERHEAD_TARGET ? "PASS" : "MISS"}` : "-";
      lines.push(`${pad(c.n, 5)}${pad(c.phase, 9)}${lpad(c.reps, 5)}${lpad(fix(c.oursMedian), 9)}${lpad(fix(c.floorMedian), 9)}${lpad(fix(c.ratio), 8)}  ${t}`);
    }
    lines.push("");
    lines.push(`State cost after up (file backend state file)`);
    lines.push(`${pad("N", 5)}${pad("flavour", 8)}${lpad("state B", 10)}${lpad("B/conn", 8)}${lpad("conn res B", 11)}${lpad("group res B", 12)}${lpad("__provider chars conn/group", 29)}`);
    for (const s of r.provider.state) {
      lines.push(`${pad(s.n, 5)}${pad(s.flavour, 8)}${lpad(s.stateBytes, 10)}${lpad(s.stateBytesPerConnection, 8)}${lpad(s.connectionResourceBytes, 11)}${lpad(s.groupResourceBytes, 12)}${lpad(`${s.connectionProviderChars}/${s.groupProviderChars}`, 29)}`);
    }
    lines.push("");
  }
  if (r.backend) {
    const b = r.backend;
    lines.push(`Backend (child process, loopback, keep-alive; each cell <= ${r.plan.backend.cellSeconds} s or ${r.plan.backend.cellRequests} requests)`);
    lines.push(`${pad("operation", 14)}${lpad("c", 3)}${lpad("req/s", 9)}${lpad("p50 ms", 9)}${lpad("p99 ms", 9)}${lpad("requests", 9)}${lpad("errors", 7)}${lpad("RSS MiB", 9)}`);
    for (const c of b.cells) {
      lines.push(`${pad(c.op === "health" ? "GET /health" : c.op, 14)}${lpad(c.concurrency, 3)}${lpad(fix(c.rps, 0), 9)}${lpad(fix(c.p50ms), 9)}${lpad(fix(c.p99ms), 9)}${lpad(c.requests, 9)}${lpad(c.errors, 7)}${lpad(fix(c.peakRssMiB, 0), 9)}`);
    }
    lines.push(`backend RSS: idle ${fix(b.rss.idleMiB, 0)} MiB, peak under load ${fix(b.rss.peakMiB, 0)} MiB, after ${fix(b.rss.endMiB, 0)} MiB`);
    lines.push("");
  }
  if (r.loadAverage) {
    // The bench's own processes (CLI, language host, plugin, backend) make a load of about 2-3
    // during a pulumi run here; only the load at the start says whether other work was running.
    const busy = r.loadAverage.start > 1;
    lines.push(`Machine load (1-min average, includes the bench's own processes): start ${r.loadAverage.start}, end ${r.loadAverage.end}, highest at a provider run ${r.loadAverage.providerRunsMax ?? "n/a"}${busy ? " -- the machine was already busy at the start: timings are inflated" : ""}`);
    lines.push("");
  }
  if (r.targets.length) {
    lines.push(`Targets (reported, not asserted)`);
    for (const t of r.targets) lines.push(`${pad(t.name, 52)}${lpad(fix(t.value, 3), 7)}  ${pad(t.limit, 8)}${t.pass ? "PASS" : "MISS"}`);
  }
  return lines.join("\n");
}
