/**
 * Backend throughput and latency: a closed-loop load generator (C workers, each sends its next
 * request when the previous one answered) over a keep-alive agent, on loopback only, against the
 * backend running as one or more child processes (replicas: request i goes to replica i mod R).
 * Each cell (operation x concurrency) is time-boxed and request-bounded. GET /health, a trivial
 * route on the same server, is the HTTP floor.
 *
 * Operations: health, create, get, patch, list (one page of 50, unfiltered, from the first
 * pages), mixed (40% get, 15% create, 20% patch, 10% delete, 15% list), group-update. The
 * "scale" cells run mixed and list again after filling the store to 1,000 and 10,000
 * connections: how listing cost grows with the table.
 */
import { loopbackSender } from "./lib/loopback-sender";
import { percentile, round } from "./lib/stats";
import { LoadCell, LoadOptions, LoadResult, Operation, OPERATIONS, SCALE_OPERATIONS } from "./lib/load-types";

export { OPERATIONS, SCALE_OPERATIONS } from "./lib/load-types";
export type { LoadCell, LoadOptions, LoadResult, Operation } from "./lib/load-types";

const CONNECTIONS = "/api/v2/actions/connections";
const GROUPS = "/api/v2/actions/connections/groups";
export const SCALE_CONCURRENCY = 16;

export async function backendLoad(opts: LoadOptions): Promise<LoadResult> {
  const { backends } = opts;
  const { send, agent } = loopbackSender(backends, Math.max(...opts.concurrencies));
  const rss = () => backends.reduce((s, b) => s + b.rss(), 0);

  let serial = 0;
  const account = () => String(200000000000 + serial++);
  const connectionBody = (tags: string[]) => {
    const acct = account();
    return {
      data: {
        type: "action_connection",
        attributes: {
          name: `load-${acct}`,
          tags: [`account_id:${acct}`, ...tags],
          integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: acct, role: "workflows" } },
        },
      },
    };
  };
  const mustCreate = async (path: string, body: unknown): Promise<string> => {
    const r = await send("POST", path, body);
    if (r.status !== 201) throw new Error(`setup POST ${path}: ${r.status} ${r.body.slice(0, 500)}`);
    return JSON.parse(r.body).data.id;
  };
  let stored = 0;
  /** Create connections 16 at a time until `count` are stored. */
  const fillTo = async (count: number) => {
    const workers = Array.from({ length: 16 }, async () => {
      while (stored < count) {
        stored++;
        await mustCreate(CONNECTIONS, connectionBody(["team:fill"]));
      }
    });
    await Promise.all(workers);
  };

  // Setup: connections to read and patch, and groups of 10 members to update.
  const GROUP_COUNT = 16,
    MEMBERS = 10;
  const pool: string[] = [];
  for (let i = 0; i < 64; i++) pool.push(await mustCreate(CONNECTIONS, connectionBody(["team:load"])));
  const groups: { id: string; members: string[] }[] = [];
  for (let g = 0; g < GROUP_COUNT; g++) {
    const members: string[] = [];
    for (let m = 0; m < MEMBERS; m++) members.push(await mustCreate(CONNECTIONS, connectionBody([])));
    const id = await mustCreate(GROUPS, {
      data: {
        type: "connection_group",
        attributes: {
          name: `load-group-${g}`,
          integration_type: "AWS",
          tag_keys: ["account_id"],
          connections: members,
        },
      },
    });
    groups.push({ id, members });
  }
  stored = pool.length + GROUP_COUNT * MEMBERS;

  // Connections the mixed workload created, which it may delete.
  const deletable: string[] = [];
  type Planned = [method: string, path: string, body: unknown, expect: number, onReply?: (body: string) => void];
  // The i-th request of an operation (shared counter across workers).
  let k = 0;
  const request: Record<Operation, () => Planned> = {
    health: () => ["GET", "/health", undefined, 200],
    create: () => ["POST", CONNECTIONS, connectionBody(["team:load"]), 201, () => stored++],
    get: () => ["GET", `${CONNECTIONS}/${pool[k++ % pool.length]}`, undefined, 200],
    patch: () => {
      const i = k++;
      return [
        "PATCH",
        `${CONNECTIONS}/${pool[i % pool.length]}`,
        {
          data: {
            type: "action_connection",
            attributes: { tags: (i >> 6) % 2 ? ["team:load", "tier:a"] : ["team:load"] },
          },
        },
        200,
      ];
    },
    list: () => ["GET", `${CONNECTIONS}?page[size]=50&page[number]=${k++ % 4}`, undefined, 200],
    mixed: () => {
      const slot = k % 20;
      if (slot < 8) return request.get();
      if (slot < 11 || (slot >= 15 && slot < 17 && !deletable.length)) {
        k++;
        return [
          "POST",
          CONNECTIONS,
          connectionBody(["team:mixed"]),
          201,
          (body) => {
            stored++;
            deletable.push(JSON.parse(body).data.id);
          },
        ];
      }
      if (slot < 15) return request.patch();
      if (slot < 17) {
        k++;
        stored--;
        return ["DELETE", `${CONNECTIONS}/${deletable.pop()}`, undefined, 204];
      }
      return request.list();
    },
    "group-update": () => {
      // Replace connections whole: alternately all 10 members and the first 9.
      const i = k++;
      const g = groups[i % groups.length];
      const ids = Math.floor(i / groups.length) % 2 ? g.members.slice(0, MEMBERS - 1) : g.members;
      return [
        "PATCH",
        `${GROUPS}/${g.id}`,
        { data: { type: "connection_group", attributes: { connections: ids } } },
        200,
      ];
    },
  };

  let peakAll = 0;
  const idle = rss();

  async function cell(op: Operation, concurrency: number, seconds: number, maxRequests: number): Promise<LoadCell> {
    const latencies: number[] = [];
    let started = 0,
      errors = 0,
      firstError = "";
    let peak = rss();
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
    const t0 = process.hrtime.bigint();
    const deadline = t0 + BigInt(Math.round(seconds * 1e9));
    const worker = async () => {
      while (started < maxRequests && process.hrtime.bigint() < deadline) {
        started++;
        const [method, path, body, expect, onReply] = request[op]();
        const s = process.hrtime.bigint();
        try {
          const r = await send(method, path, body);
          if (r.status !== expect) {
            errors++;
            firstError ||= `${method} ${path.split("?")[0]}: ${r.status} ${r.body.slice(0, 300)}`;
          } else onReply?.(r.body);
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
    peak = Math.max(peak, rss());
    peakAll = Math.max(peakAll, peak);
    if (errors) opts.log(`  ${op} c=${concurrency}: ${errors} unexpected replies, first: ${firstError}`);
    return {
      op,
      concurrency,
      requests: latencies.length,
      errors,
      seconds: round(elapsed, 3),
      rps: round(latencies.length / elapsed, 1),
      p50ms: round(percentile(latencies, 50), 2),
      p99ms: round(percentile(latencies, 99), 2),
      peakRssMiB: round(peak / 2 ** 20, 1),
    };
  }

  const cells: LoadCell[] = [];
  const record = (r: LoadCell) => {
    cells.push(r);
    const at = r.stored === undefined ? "" : ` @${r.stored}`;
    opts.log(
      `  ${opts.engine.padEnd(14)} ${(r.op + at).padEnd(18)} c=${String(r.concurrency).padEnd(2)} ${String(r.rps).padStart(7)} req/s  p50 ${r.p50ms} ms  p99 ${r.p99ms} ms  (${r.requests} req, ${r.errors} errors, rss ${r.peakRssMiB} MiB)`,
    );
  };
  const scaleCells = async (size: number) => {
    opts.log(`  ${opts.engine}: filling to ${size} stored connections`);
    await fillTo(size);
    for (const op of SCALE_OPERATIONS) {
      await cell(op, SCALE_CONCURRENCY, Math.min(0.5, opts.cellSeconds), 100);
      // Labelled by the fill level: the mixed cell before it changes the count by a few percent.
      record({ ...(await cell(op, SCALE_CONCURRENCY, opts.cellSeconds, opts.cellRequests)), stored: size });
    }
  };
  // The smallest scale first, before the operation cells add thousands of connections.
  const [first, ...rest] = opts.scale;
  if (first !== undefined) await scaleCells(first);
  for (const op of OPERATIONS) {
    // Warm-up (JIT, caches), not recorded.
    await cell(op, 16, Math.min(0.5, opts.cellSeconds), 200);
    for (const c of opts.concurrencies) record(await cell(op, c, opts.cellSeconds, opts.cellRequests));
  }
  for (const size of rest) await scaleCells(size);
  const end = rss();
  agent.destroy();
  return {
    engine: opts.engine,
    replicas: backends.length,
    cells,
    rss: { idleMiB: round(idle / 2 ** 20, 1), peakMiB: round(peakAll / 2 ** 20, 1), endMiB: round(end / 2 ** 20, 1) },
    limits: { seconds: opts.cellSeconds, requests: opts.cellRequests },
    pool: { connections: pool.length + GROUP_COUNT * MEMBERS, groups: GROUP_COUNT },
  };
}
