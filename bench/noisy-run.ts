/**
 * `BENCH_ONLY=noisy npm run bench`: the noisy-neighbour cell (noisy-neighbour.ts), the 404
 * timing check (not-found-timing.ts) and `/health` under list load (health-under-lists.ts), on
 * PGlite and on PostgreSQL x1 (a throwaway cluster, when
 * the server binaries are installed), without the rest of the bench.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HealthUnderLists, healthTable, healthUnderLists } from "./health-under-lists";
import { BenchBackend, benchKeys, startBackendProcess } from "./lib/backend-process";
import { createDatabase, startCluster } from "./lib/postgres";
import { round } from "./lib/stats";
import { NoisyResult, noisyNeighbour, noisyTable } from "./noisy-neighbour";
import { NotFoundTiming, groupNotFoundTiming, notFoundTable, notFoundTiming } from "./not-found-timing";
import { HealthUnderPipelining, healthUnderPipelining, pipeliningTable } from "./health-under-pipelining";

/**
 * `BENCH_ONLY=noisy`: per engine (PGlite, then PostgreSQL x1) on one fresh backend: the
 * noisy-neighbour cell, the 404 timing check, and `/health` under 200 list clients (then over
 * the 3,000+ connections the first cell stored). Results to bench/results/tmp/noisy.json.
 */
export async function noisyOnly(REPO: string, QUICK: boolean, log: (line: string) => void): Promise<void> {
  const seconds = QUICK ? 2 : 20;
  const results: NoisyResult[] = [];
  const timings: NotFoundTiming[] = [];
  const health: HealthUnderLists[] = [];
  const load0 = os.loadavg()[0];
  const checks = async (engine: string, backend: BenchBackend) => {
    results.push(await noisyNeighbour({ engine, backend, seconds, log }));
    timings.push(await notFoundTiming({ engine, backend, requests: QUICK ? 200 : 1000 }));
    health.push(await healthUnderLists({ engine, backend, seconds: QUICK ? 2 : 5 }));
  };
  await onEachEngine(REPO, "bench_noisy", log, checks);
  log("");
  log(noisyTable(results));
  log("");
  log(notFoundTable(timings));
  log("");
  log(healthTable(health));
  log(`machine load (1-min average): start ${round(load0, 2)}, end ${round(os.loadavg()[0], 2)}`);
  const outFile = path.join(__dirname, "results/tmp", "noisy.json");
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(
    outFile,
    JSON.stringify(
      { date: new Date().toISOString(), loadAverage: [load0, os.loadavg()[0]], results, notFound: timings, health },
      null,
      2,
    ) + "\n",
  );
  log(`results: ${path.relative(REPO, outFile)}`);
}

/**
 * `BENCH_ONLY=group-404` (a hidden group of 2,000 members vs a missing id) or
 * `BENCH_ONLY=pipelining` (`/health` while 8 clients pipeline without reading): one cell, on
 * PGlite and on PostgreSQL x1, each on a fresh backend. Results to bench/results/tmp/<cell>.json.
 */
export async function oneCell(
  REPO: string,
  cell: "group-404" | "pipelining",
  QUICK: boolean,
  log: (line: string) => void,
): Promise<void> {
  const load0 = os.loadavg()[0];
  const timings: NotFoundTiming[] = [];
  const pipelining: HealthUnderPipelining[] = [];
  const run = async (engine: string, backend: BenchBackend) => {
    if (cell === "group-404")
      timings.push(
        await groupNotFoundTiming({ engine, backend, requests: QUICK ? 200 : 1000, members: QUICK ? 200 : 2000 }),
      );
    else
      for (const reconnect of [false, true])
        pipelining.push(
          await healthUnderPipelining({
            engine: `${engine}${reconnect ? " (re)" : ""}`,
            backend,
            seconds: QUICK ? 2 : 10,
            reconnect,
          }),
        );
  };
  await onEachEngine(REPO, `bench_${cell.replace("-", "_")}`, log, run);
  log("");
  log(cell === "group-404" ? notFoundTable(timings) : pipeliningTable(pipelining));
  log(`machine load (1-min average): start ${round(load0, 2)}, end ${round(os.loadavg()[0], 2)}`);
  const outFile = path.join(__dirname, "results/tmp", `${cell}.json`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(
    outFile,
    JSON.stringify(
      { date: new Date().toISOString(), loadAverage: [load0, os.loadavg()[0]], timings, pipelining },
      null,
      2,
    ) + "\n",
  );
  log(`results: ${path.relative(REPO, outFile)}`);
}

/** `run` on a fresh PGlite backend, then on PostgreSQL x1 (a throwaway cluster, when the server binaries are installed). */
async function onEachEngine(
  REPO: string,
  database: string,
  log: (line: string) => void,
  run: (engine: string, backend: BenchBackend) => Promise<void>,
): Promise<void> {
  const pglite = await startBackendProcess(REPO);
  try {
    await run("PGlite", pglite);
  } finally {
    await pglite.stop();
  }
  const cluster = startCluster(REPO, log);
  if (!cluster) return;
  try {
    const keys = benchKeys();
    const backend = await startBackendProcess(REPO, { databaseUrl: await createDatabase(cluster.url, database), keys });
    try {
      await run("PostgreSQL x1", backend);
    } finally {
      await backend.stop();
      fs.rmSync(keys.dir, { recursive: true, force: true });
    }
  } finally {
    cluster.stop();
  }
}
