/**
 * Backend throughput and latency: a closed-loop load generator (C workers, each sends its next
 * request when the previous one answered) over a keep-alive agent, on loopback only, against the
 * backend running as a child process. Each cell (operation x concurrency) is time-boxed and
 * request-bounded. GET /health, a trivial route on the same server, is the HTTP floor.
 */
import http from "node:http";
import type { BenchBackend } from "./lib/backend-process";
import { percentile, round } from "./lib/stats";

export type Operation = "health" | "create" | "get" | "patch" | "group-update";
export const OPERATIONS: Operation[] = ["health", "create", "get", "patch", "group-update"];

export interface LoadCell {
  op: Operation;
  concurrency: number;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  /** Peak VmRSS of the backend during the cell, MiB. */
  peakRssMiB: number;
}

export interface LoadResult {
  cells: LoadCell[];
  rss: { idleMiB: number; peakMiB: number; endMiB: number };
  limits: { seconds: number; requests: number };
  pool: { connections: number; groups: number };
}

export interface LoadOptions {
  backend: BenchBackend;
  concurrencies: number[];
  cellSeconds: number;
  cellRequests: number;
  log: (line: string) => void;
}

interface Reply { status: number; body: string }

const CONNECTIONS = "/api/v2/actions/connections";
const GROUPS = "/api/v2/actions/connection_groups";

export async function backendLoad(opts: LoadOptions): Promise<LoadResult> {
  const { backend } = opts;
  const base = new URL(backend.url);
  if (base.hostname !== "127.0.0.1") throw new Error(`refusing to load anything but 127.0.0.1 (got ${base.hostname})`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(...opts.concurrencies) });
  const headers = { "DD-API-KEY": backend.apiKey, "DD-APPLICATION-KEY": backend.appKey };

  const send = (method: string, path: string, body?: unknown): Promise<Reply> => new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({
      host: "127.0.0.1", port: Number(base.port), method, path, agent,
      headers: data === undefined ? headers : { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) },
    }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(data);
  });

  let serial = 0;
  const account = () => String(200000000000 + serial++);
  const connectionBody = (tags: string[]) => {
    const acct = account();
    return { data: { type: "action_connection", attributes: {
      name: `load-${acct}`, tags: [`account_id:${acct}`, ...tags],
      integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: acct, role: "workflows" } },
    } } };
  };
  const mustCreate = async (path: string, body: unknown): Promise<string> => {
    const r = await send("POST", path, body);
    if (r.status !== 201) throw new Error(`setup POST ${path}: ${r.status} ${r.body.slice(0, 500)}`);
    return JSON.parse(r.body).data.id;
  };

  // Setup: connections to read and patch, and groups of 10 members to update.
  const GROUP_COUNT = 16, MEMBERS = 10;
  const pool: string[] = [];
  for (let i = 0; i < 64; i++) pool.push(await mustCreate(CONNECTIONS, connectionBody(["team:load"])));
  const groups: { id: string; members: string[] }[] = [];
  for (let g = 0; g < GROUP_COUNT; g++) {
    const members: string[] = [];
    for (let m = 0; m < MEMBERS; m++) members.push(await mustCreate(CONNECTIONS, connectionBody([])));
    const id = await mustCreate(GROUPS, { data: { type: "action_connection_group", attributes: {
      name: `load-group-${g}`, integration_type: "AWS", identifier_tags: ["account_id"], connection_ids: members,
    } } });
    groups.push({ id, members });
  }

  // The i-th request of an operation (shared counter across workers).
  let k = 0;
  const request: Record<Operation, () => [string, string, unknown, number]> = {
    health: () => ["GET", "/health", undefined, 200],
    create: () => ["POST", CONNECTIONS, connectionBody(["team:load"]), 201],
    get: () => ["GET", `${CONNECTIONS}/${pool[k++ % pool.length]}`, undefined, 200],
    patch: () => {
      const i = k++;
      return ["PATCH", `${CONNECTIONS}/${pool[i % pool.length]}`, { data: { type: "action_connection", attributes: { tags: (i >> 6) % 2 ? ["team:load", "tier:a"] : ["team:load"] } } }, 200];
    },
    "group-update": () => {
      // Replace connection_ids whole: alternately all 10 members and the first 9.
      const i = k++;
      const g = groups[i % groups.length];
      const ids = Math.floor(i / groups.length) % 2 ? g.members.slice(0, MEMBERS - 1) : g.members;
      return ["PATCH", `${GROUPS}/${g.id}`, { data: { type: "action_connection_group", attributes: { connection_ids: ids } } }, 200];
    },
  };

  let peakAll = 0;
  const idle = backend.rss();

  async function cell(op: Operation, concurrency: number, seconds: number, maxRequests: number): Promise<LoadCell> {
    const latencies: number[] = [];
    let started = 0, errors = 0, firstError = "";
    let peak = backend.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, backend.rss())), 100);
    const t0 = process.hrtime.bigint();
    const deadline = t0 + BigInt(Math.round(seconds * 1e9));
    const worker = async () => {
      while (started < maxRequests && process.hrtime.bigint() < deadline) {
        started++;
        const [method, path, body, expect] = request[op]();
        const s = process.hrtime.bigint();
        try {
          const r = await send(method, path, body);
          if (r.status !== expect) {
            errors++;
            firstError ||= `${r.status} ${r.body.slice(0, 300)}`;
          }
        } catch (err) {
          errors++;
          firstError ||= String(err);
        }
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, backend.rss());
    peakAll = Math.max(peakAll, peak);
    if (errors) opts.log(`  ${op} c=${concurrency}: ${errors} unexpected replies, first: ${firstError}`);
    return {
      op, concurrency, requests: latencies.length, errors, seconds: round(elapsed, 3),
      rps: round(latencies.length / elapsed, 1), p50ms: round(percentile(latencies, 50), 2), p99ms: round(percentile(latencies, 99), 2),
      peakRssMiB: round(peak / 2 ** 20, 1),
    };
  }

  const cells: LoadCell[] = [];
  for (const op of OPERATIONS) {
    // Warm-up (JIT, caches), not recorded.
    await cell(op, 16, Math.min(0.5, opts.cellSeconds), 200);
    for (const c of opts.concurrencies) {
      const r = await cell(op, c, opts.cellSeconds, opts.cellRequests);
      cells.push(r);
      opts.log(`  ${op.padEnd(12)} c=${String(c).padEnd(2)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50ms} ms  p99 ${r.p99ms} ms  (${r.requests} req, ${r.errors} errors, rss ${r.peakRssMiB} MiB)`);
    }
  }
  const end = backend.rss();
  agent.destroy();
  return {
    cells,
    rss: { idleMiB: round(idle / 2 ** 20, 1), peakMiB: round(peakAll / 2 ** 20, 1), endMiB: round(end / 2 ** 20, 1) },
    limits: { seconds: opts.cellSeconds, requests: opts.cellRequests },
    pool: { connections: pool.length + GROUP_COUNT * MEMBERS, groups: GROUP_COUNT },
  };
}
