/**
 * `npm run bench` (scripts/bench.sh builds and finds the Pulumi CLI first, then runs this with
 * ts-node). Environment:
 *   PULUMI_BIN_DIR   directory with pulumi, pulumi-language-nodejs, pulumi-resource-pulumi-nodejs
 *   BENCH_QUICK=1    smoke run: N=10, 1 repetition, 1 s cells; results to bench/results/tmp/
 *   BENCH_ONLY       "provider" or "backend": run one part only; "policy": the policy pack's
 *                    preview cost alone (bench/policy-pack.ts); "noisy": only the noisy-neighbour
 *                    cell (bench/noisy-neighbour.ts) and the 404 timing check
 *                    (bench/not-found-timing.ts), on PGlite and PostgreSQL x1; "group-404": the
 *                    hidden vs missing group 404 at 2,000 members alone; "pipelining": /health
 *                    while 8 clients pipeline without reading (bench/health-under-pipelining.ts)
 *   BENCH_PLAN       provider cells, e.g. "200x5,1000x1" (N x repetitions)
 *   BENCH_DIAGNOSTICS=0  skip the PULUMI_SKIP_CHECKPOINTS diagnostics pair
 *   BENCH_SECRETS    "value" or "reference": OpenAI connections with a secret token given by value
 *                    or by reference (bench/lib/programs.ts), to compare their state cost
 * Full runs write bench/results/latest.json and the figures section of bench/README.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { backendLoad } from "./backend-load";
import { NoisyResult, noisyNeighbour, noisyTable } from "./noisy-neighbour";
import { noisyOnly, oneCell } from "./noisy-run";
import { BenchBackend, benchKeys, startBackendProcess } from "./lib/backend-process";
import { createDatabase, startCluster } from "./lib/postgres";
import { installPackedPackage } from "./lib/install";
import { machineInfo } from "./lib/machine";
import { round } from "./lib/stats";
import { policyPackBench } from "./policy-pack";
import { providerOverhead, RunRecord } from "./provider-overhead";
import { Results, tables, targets, TARGET_N } from "./report";
import { benchPlan } from "./lib/plan";
import { updateReadme } from "./lib/readme-figures";
import { binDir, requestSummary, requireCostMs } from "./lib/run-figures";

const REPO = path.resolve(__dirname, "..");
const QUICK = process.env.BENCH_QUICK === "1";
const ONLY = process.env.BENCH_ONLY ?? "";
const log = (line: string) => console.log(line);
// Interrupted: exit through process.on("exit") handlers (they stop the PostgreSQL cluster), so
// scripts/bench.sh can then remove the run's temporary directory.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

const PLAN = benchPlan(QUICK);
// The variable the connections' references name (BENCH_SECRETS=reference); pulumi inherits it.
if (process.env.BENCH_SECRETS === "reference") process.env.BENCH_OPENAI_TOKEN ??= "sk-bench-reference-0123456789abcdef";
/** BENCH_DIAGNOSTICS=0 skips the diagnostics pair (PULUMI_SKIP_CHECKPOINTS), e.g. on a busy machine. */
const DIAGNOSTICS = process.env.BENCH_DIAGNOSTICS !== "0";

async function main(): Promise<void> {
  if (ONLY === "noisy") return noisyOnly(REPO, QUICK, log);
  if (ONLY === "group-404" || ONLY === "pipelining") return oneCell(REPO, ONLY, QUICK, log);
  const t0 = Date.now();
  const load0 = os.loadavg()[0];
  const bin = binDir();
  if (ONLY === "policy") return policyPackBench(bin, QUICK ? 10 : 200, QUICK ? 1 : 3, log);
  const machine = machineInfo(path.join(bin, "pulumi"), REPO);
  log(
    `bench${QUICK ? " (quick)" : ""}: ${machine.nproc} cores, ${machine.totalMemoryGiB} GiB, ${machine.cpuModel}, node ${machine.node}, pulumi ${machine.pulumi}`,
  );

  const results: Results = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { ...machine },
    plan: { provider: PLAN.provider, backend: PLAN.backend },
    targets: [],
  };

  if (ONLY !== "backend") {
    log(`provider overhead: installing the packed package, as a user would`);
    const installed = installPackedPackage(REPO);
    const backend = await startBackendProcess(REPO, { countRequests: true });
    try {
      // Warm-up (disk cache, plugin binaries, ts-node), not recorded.
      log(`provider overhead: warm-up`);
      await providerOverhead({
        nodeModules: installed.nodeModules,
        binDir: bin,
        backend,
        plan: [{ n: 10, reps: 1 }],
        log: () => undefined,
      });
      log(`provider overhead: ${PLAN.provider.map((p) => `N=${p.n} x${p.reps}`).join(", ")} (interleaved ours/floor)`);
      const provider = await providerOverhead({
        nodeModules: installed.nodeModules,
        binDir: bin,
        backend,
        plan: PLAN.provider,
        log,
      });
      results.provider = provider;

      // Diagnostics: how much of the gap is the engine's per-step checkpoint writes (state size)?
      let skip: Awaited<ReturnType<typeof providerOverhead>> | undefined;
      if (DIAGNOSTICS) {
        log(`diagnostics: N=${PLAN.diagnosticsN} with PULUMI_SKIP_CHECKPOINTS (state written once, at the end)`);
        skip = await providerOverhead({
          nodeModules: installed.nodeModules,
          binDir: bin,
          backend,
          plan: [{ n: PLAN.diagnosticsN, reps: 1 }],
          log,
          env: { PULUMI_EXPERIMENTAL: "true", PULUMI_SKIP_CHECKPOINTS: "true" },
        });
      }
      results.diagnostics = {
        skipCheckpoints: (skip?.cells ?? []).map((c) => ({
          n: c.n,
          phase: c.phase,
          ours: c.oursMedian,
          floor: c.floorMedian,
          ratio: c.ratio,
        })),
        backendRequests: requestSummary(provider.runs, Math.max(...PLAN.provider.map((p) => p.n))),
        requireRuntimeAndClientMs: requireCostMs(),
      };
    } finally {
      await backend.stop();
      installed.cleanup();
    }
  }

  if (ONLY !== "provider") {
    log(
      `backend: ${PLAN.backend.concurrencies.join("/")} concurrent, cells <= ${PLAN.backend.cellSeconds} s or ${PLAN.backend.cellRequests} requests; scale cells at ${PLAN.backend.scale.join(" and ")} stored connections`,
    );
    results.backend = [];
    const run = async (engine: string, start: () => Promise<BenchBackend[]>) => {
      const backends = await start();
      try {
        results.backend!.push(await backendLoad({ engine, backends, ...PLAN.backend, log }));
      } finally {
        for (const b of backends) await b.stop();
      }
    };
    await run("PGlite", async () => [await startBackendProcess(REPO)]);
    // The noisy-neighbour cell on a fresh backend of its own (bench/noisy-neighbour.ts).
    const noisy: NoisyResult[] = (results.noisy = []);
    const noisyCell = async (engine: string, options: Parameters<typeof startBackendProcess>[1] = {}) => {
      const backend = await startBackendProcess(REPO, options);
      try {
        noisy.push(await noisyNeighbour({ engine, backend, seconds: QUICK ? 2 : 20, log }));
      } finally {
        await backend.stop();
      }
    };
    await noisyCell("PGlite");
    // PostgreSQL: a throwaway cluster (scripts/pg-cluster.sh), a fresh database per replica count.
    const cluster = startCluster(REPO, log);
    if (cluster) {
      try {
        for (const replicas of [1, 2]) {
          const databaseUrl = await createDatabase(cluster.url, `bench_x${replicas}`);
          const keys = benchKeys();
          await run(`PostgreSQL x${replicas}`, async () => {
            const started: BenchBackend[] = [];
            for (let i = 0; i < replicas; i++) started.push(await startBackendProcess(REPO, { databaseUrl, keys }));
            return started;
          });
          if (replicas === 1)
            await noisyCell("PostgreSQL x1", { databaseUrl: await createDatabase(cluster.url, "bench_noisy"), keys });
          fs.rmSync(keys.dir, { recursive: true, force: true });
        }
      } finally {
        cluster.stop();
      }
    }
  }

  const loads = ((results.provider?.runs ?? []) as RunRecord[]).flatMap((r) => r.load);
  results.loadAverage = {
    start: round(load0, 2),
    end: round(os.loadavg()[0], 2),
    providerRunsMax: loads.length ? round(Math.max(...loads), 2) : undefined,
  };
  results.targets = targets(results.provider, results.backend, QUICK ? PLAN.provider[0].n : TARGET_N);
  results.totalSeconds = round((Date.now() - t0) / 1000, 1);

  const text = tables(results) + (results.noisy?.length ? `\n\n${noisyTable(results.noisy)}` : "");
  log("");
  log(text);
  const d = results.diagnostics as
    | {
        skipCheckpoints?: { phase: string; n: number; ours: number; floor: number; ratio: number }[];
        backendRequests?: ReturnType<typeof requestSummary>;
        requireRuntimeAndClientMs?: number;
      }
    | undefined;
  if (d) {
    log("");
    log(`Diagnostics`);
    for (const c of d.skipCheckpoints ?? [])
      log(
        `  PULUMI_SKIP_CHECKPOINTS N=${c.n} ${c.phase.padEnd(8)} ours ${c.ours.toFixed(2)} s  floor ${c.floor.toFixed(2)} s  ratio ${c.ratio.toFixed(2)}`,
      );
    for (const [phase, p] of Object.entries(d.backendRequests?.phases ?? {})) {
      const routes =
        Object.entries(p.routes)
          .map(([k, v]) => `${k} x${v.count}`)
          .join(", ") || "none";
      log(
        `  backend requests during ${phase.padEnd(8)} (ours, N=${d.backendRequests!.n}): ${p.requests} requests, ${p.serverMs} ms server time, ${p.wallSeconds} s wall: ${routes}`,
      );
    }
    log(`  cold require of provider runtime + client: ${d.requireRuntimeAndClientMs} ms (once per plugin process)`);
  }
  log("");
  log(`total bench time ${results.totalSeconds} s`);

  const outFile =
    QUICK || ONLY
      ? path.join(__dirname, "results/tmp", `${QUICK ? "quick" : "partial"}.json`)
      : path.join(__dirname, "results/latest.json");
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(results, null, 2) + "\n");
  log(`results: ${path.relative(REPO, outFile)}`);

  if (!QUICK && !ONLY) updateReadme(results, text);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
