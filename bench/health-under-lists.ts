/**
 * `/health` while 200 clients list connections: 200 closed-loop list clients (one page of 50,
 * each on its own connection) for a few seconds, and one client calling `GET /health` one at a
 * time meanwhile. Reported: `/health` p50/p99 with the list load next to the same client alone.
 * Target: `/health` p99 under load below 100 ms (PGlite once took seconds: queued queries ran
 * back to back without the event loop polling a socket).
 */
import http from "node:http";
import type { BenchBackend } from "./lib/backend-process";
import { percentile, round } from "./lib/stats";

export interface HealthUnderLists {
  engine: string;
  listClients: number;
  lists: number;
  listErrors: number;
  aloneP50ms: number;
  aloneP99ms: number;
  loadedP50ms: number;
  loadedP99ms: number;
}

export async function healthUnderLists(opts: {
  engine: string;
  backend: BenchBackend;
  seconds: number;
  clients?: number;
}): Promise<HealthUnderLists> {
  const base = new URL(opts.backend.url);
  if (base.hostname !== "127.0.0.1") throw new Error(`refusing to load anything but 127.0.0.1 (got ${base.hostname})`);
  const clients = opts.clients ?? 200;
  const listAgent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { "DD-API-KEY": opts.backend.apiKey, "DD-APPLICATION-KEY": opts.backend.appKey };
  const get = (path: string, agent: http.Agent): Promise<number> =>
    new Promise((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: Number(base.port), path, agent, headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        })
        .on("error", reject);
    });
  const timed = async (path: string, agent: http.Agent) => {
    const s = process.hrtime.bigint();
    const status = await get(path, agent);
    return { status, ms: Number(process.hrtime.bigint() - s) / 1e6 };
  };
  const probe = async (seconds: number) => {
    const times: number[] = [];
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      times.push((await timed("/health", healthAgent)).ms);
      await new Promise((r) => setTimeout(r, 5));
    }
    return times;
  };

  const alone = await probe(Math.min(2, opts.seconds));
  let stop = false;
  let lists = 0;
  let listErrors = 0;
  const load = Array.from({ length: clients }, async () => {
    while (!stop) {
      const status = await get("/api/v2/actions/connections?page[size]=50", listAgent).catch(() => 0);
      lists++;
      if (status !== 200) listErrors++;
    }
  });
  await new Promise((r) => setTimeout(r, 500)); // the list load is under way
  const loaded = await probe(opts.seconds);
  stop = true;
  await Promise.all(load);
  listAgent.destroy();
  healthAgent.destroy();
  return {
    engine: opts.engine,
    listClients: clients,
    lists,
    listErrors,
    aloneP50ms: round(percentile(alone, 50), 2),
    aloneP99ms: round(percentile(alone, 99), 2),
    loadedP50ms: round(percentile(loaded, 50), 2),
    loadedP99ms: round(percentile(loaded, 99), 2),
  };
}

export function healthTable(results: HealthUnderLists[]): string {
  const lines = [
    "/health while 200 clients list connections (page of 50), one /health at a time",
    "engine           alone p50  alone p99  loaded p50  loaded p99  lists  target",
  ];
  for (const r of results) {
    const pass = r.loadedP99ms < 100 && !r.listErrors ? "PASS" : "MISS";
    lines.push(
      `${r.engine.padEnd(16)} ${String(r.aloneP50ms).padStart(9)} ${String(r.aloneP99ms).padStart(10)} ${String(r.loadedP50ms).padStart(11)} ${String(r.loadedP99ms).padStart(11)} ${String(r.lists).padStart(6)}  p99 < 100 ms ${pass}${r.listErrors ? ` (${r.listErrors} list errors)` : ""}`,
    );
  }
  return lines.join("\n");
}
