/**
 * `BENCH_ONLY=noisy npm run bench`: the noisy-neighbour cell (noisy-neighbour.ts) and the 404
 * timing check (not-found-timing.ts), on PGlite and on PostgreSQL x1 (a throwaway cluster, when
 * the server binaries are installed), without the rest of the bench.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchKeys, startBackendProcess } from "./lib/backend-process";
import { createDatabase, startCluster } from "./lib/postgres";
import { round } from "./lib/stats";
import { NoisyResult, noisyNeighbour, noisyTable } from "./noisy-neighbour";
import { NotFoundTiming, notFoundTable, notFoundTiming } from "./not-found-timing";

/** `BENCH_ONLY=noisy`: the noisy-neighbour cell alone, PGlite then PostgreSQL x1; results to bench/results/tmp/noisy.json. */
export async function noisyOnly(REPO: string, QUICK: boolean, log: (line: string) => void): Promise<void> {
  const seconds = QUICK ? 2 : 20;
  const results: NoisyResult[] = [];
  const timings: NotFoundTiming[] = [];
  const load0 = os.loadavg()[0];
  const pglite = await startBackendProcess(REPO);
  try {
    results.push(await noisyNeighbour({ engine: "PGlite", backend: pglite, seconds, log }));
    timings.push(await notFoundTiming({ engine: "PGlite", backend: pglite, requests: QUICK ? 200 : 1000 }));
  } finally {
    await pglite.stop();
  }
  const cluster = startCluster(REPO, log);
  if (cluster) {
    try {
      const keys = benchKeys();
      const backend = await startBackendProcess(REPO, { databaseUrl: await createDatabase(cluster.url, "bench_noisy"), keys });
      try {
        results.push(await noisyNeighbour({ engine: "PostgreSQL x1", backend, seconds, log }));
        timings.push(await notFoundTiming({ engine: "PostgreSQL x1", backend, requests: QUICK ? 200 : 1000 }));
      } finally {
        await backend.stop();
        fs.rmSync(keys.dir, { recursive: true, force: true });
      }
    } finally {
      cluster.stop();
    }
  }
  log("");
  log(noisyTable(results));
  log("");
  log(notFoundTable(timings));
  log(`machine load (1-min average): start ${round(load0, 2)}, end ${round(os.loadavg()[0], 2)}`);
  const outFile = path.join(__dirname, "results/tmp", "noisy.json");
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), loadAverage: [load0, os.loadavg()[0]], results, notFound: timings }, null, 2) + "\n");
  log(`results: ${path.relative(REPO, outFile)}`);
}

