/**
 * The "noisy neighbour" cell: does one caller's big group work hold others back? A group of
 * 3,000 members is renamed over and over by one client (closed loop) while another client does
 * small writes (rename, then alternately 2 and 1 members) to an unrelated 2-member group, one
 * at a time. The small writer's p50/p99 with the neighbour are reported next to its figures
 * alone (the same writes without the neighbour, in alternating rounds of about 2 s). Target: p99 with the neighbour
 * within 2x of p99 alone. `BENCH_ONLY=noisy npm run bench` runs just this, on PGlite and on
 * PostgreSQL x1.
 */
import type { BenchBackend } from "./lib/backend-process";
import { loopbackSender } from "./lib/loopback-sender";
import { percentile, round } from "./lib/stats";

export const BIG_GROUP = 3000;

export interface NoisyResult {
  engine: string;
  members: number;
  seconds: number;
  alone: { requests: number; errors: number; p50ms: number; p99ms: number };
  withNeighbour: { requests: number; errors: number; p50ms: number; p99ms: number };
  neighbour: { renames: number; errors: number; p50ms: number; p99ms: number };
  /** p99 with the neighbour / p99 alone (target <= 2). */
  p99Ratio: number;
}

const CONNECTIONS = "/api/v2/actions/connections";
const GROUPS = "/api/v2/actions/connections/groups";

export async function noisyNeighbour(opts: {
  engine: string;
  backend: BenchBackend;
  seconds: number;
  log: (line: string) => void;
}): Promise<NoisyResult> {
  const { send, agent } = loopbackSender([opts.backend], 32);
  const mustCreate = async (path: string, body: unknown): Promise<string> => {
    const r = await send("POST", path, body);
    if (r.status !== 201) throw new Error(`setup POST ${path}: ${r.status} ${r.body.slice(0, 300)}`);
    return JSON.parse(r.body).data.id;
  };
  const connection = (acct: string) => ({
    data: {
      type: "action_connection",
      attributes: {
        name: `noisy-${acct}`,
        tags: [`account_id:${acct}`],
        integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: acct, role: "workflows" } },
      },
    },
  });
  const group = (name: string, ids: string[]) => ({
    data: {
      type: "connection_group",
      attributes: {
        name,
        integration_type: "AWS",
        tag_keys: ["account_id"],
        connections: ids,
      },
    },
  });
  const patch = (attributes: Record<string, unknown>) => ({ data: { type: "connection_group", attributes } });

  opts.log(`  ${opts.engine}: creating ${BIG_GROUP} connections and a group of all of them`);
  const members: string[] = new Array(BIG_GROUP);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < BIG_GROUP) {
        const i = next++;
        members[i] = await mustCreate(CONNECTIONS, connection(String(400000000000 + i)));
      }
    }),
  );
  const t0 = process.hrtime.bigint();
  const big = await mustCreate(GROUPS, group("noisy-big", members));
  opts.log(
    `  ${opts.engine}: the ${BIG_GROUP}-member group was created in ${round(Number(process.hrtime.bigint() - t0) / 1e6, 1)} ms`,
  );
  const small = [
    await mustCreate(CONNECTIONS, connection("499999999998")),
    await mustCreate(CONNECTIONS, connection("499999999999")),
  ];
  const victim = await mustCreate(GROUPS, group("quiet-small", small));

  const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
  const summary = (latencies: number[], errors: number) => ({
    requests: latencies.length,
    errors,
    p50ms: round(percentile(latencies, 50), 2),
    p99ms: round(percentile(latencies, 99), 2),
  });
  /** The small writer: one request at a time for `seconds`, into `into`. */
  let i = 0;
  const smallWrites = async (seconds: number, into: { latencies: number[]; errors: number }) => {
    const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
    for (; process.hrtime.bigint() < end; i++) {
      const body =
        i % 3 === 0
          ? patch({ name: `quiet-small-${i}` })
          : patch({ connections: i % 3 === 1 ? small : small.slice(0, 1) });
      const s = process.hrtime.bigint();
      const r = await send("PATCH", `${GROUPS}/${victim}`, body);
      into.latencies.push(ms(s));
      if (r.status !== 200) into.errors++;
    }
  };
  const renames: number[] = [];
  let renameErrors = 0;
  /** The neighbour: renames the big group back to back until `stop()`. */
  const startNeighbour = () => {
    let stopped = false;
    const loop = (async () => {
      for (let n = 0; !stopped; n++) {
        const s = process.hrtime.bigint();
        const r = await send("PATCH", `${GROUPS}/${big}`, patch({ name: `noisy-big-${n}` }));
        renames.push(ms(s));
        if (r.status !== 200) renameErrors++;
      }
    })();
    return async () => {
      stopped = true;
      await loop;
    };
  };

  await smallWrites(Math.min(1, opts.seconds), { latencies: [], errors: 0 }); // warm-up, not recorded
  // Alone and with the neighbour in alternating rounds, so a machine whose load drifts (other
  // work on the host) weighs on both sides alike.
  const aloneRun = { latencies: [] as number[], errors: 0 };
  const noisyRun = { latencies: [] as number[], errors: 0 };
  const rounds = Math.max(1, Math.round(opts.seconds / 2));
  for (let round = 0; round < rounds; round++) {
    await smallWrites(opts.seconds / rounds, aloneRun);
    const stop = startNeighbour();
    await new Promise((r) => setTimeout(r, 100)); // the neighbour is under way
    await smallWrites(opts.seconds / rounds, noisyRun);
    await stop();
  }
  agent.destroy();
  const alone = summary(aloneRun.latencies, aloneRun.errors);
  const withNeighbour = summary(noisyRun.latencies, noisyRun.errors);
  opts.log(
    `  ${opts.engine}: small writes alone: p50 ${alone.p50ms} ms, p99 ${alone.p99ms} ms (${alone.requests} requests)`,
  );
  const result: NoisyResult = {
    engine: opts.engine,
    members: BIG_GROUP,
    seconds: opts.seconds,
    alone,
    withNeighbour,
    neighbour: {
      renames: renames.length,
      errors: renameErrors,
      p50ms: round(percentile(renames, 50), 2),
      p99ms: round(percentile(renames, 99), 2),
    },
    p99Ratio: round(withNeighbour.p99ms / alone.p99ms, 2),
  };
  opts.log(
    `  ${opts.engine}: small writes with the neighbour: p50 ${withNeighbour.p50ms} ms, p99 ${withNeighbour.p99ms} ms; neighbour renames p50 ${result.neighbour.p50ms} ms (${renames.length})`,
  );
  return result;
}

/** The cell as a table. */
export function noisyTable(results: NoisyResult[]): string {
  const lines = [
    `Noisy neighbour: one client renames a ${BIG_GROUP}-member group in a loop; another does small writes to an unrelated group, one at a time`,
    "engine           small writes alone      with the neighbour    p99 ratio  target    neighbour renames",
    "                 p50 ms   p99 ms   req   p50 ms   p99 ms   req                        p50 ms   p99 ms  count",
  ];
  for (const r of results) {
    const pass = r.p99Ratio <= 2 && !r.alone.errors && !r.withNeighbour.errors ? "PASS" : "MISS";
    lines.push(
      `${r.engine.padEnd(16)} ${String(r.alone.p50ms).padStart(6)} ${String(r.alone.p99ms).padStart(8)} ${String(r.alone.requests).padStart(5)}` +
        ` ${String(r.withNeighbour.p50ms).padStart(8)} ${String(r.withNeighbour.p99ms).padStart(8)} ${String(r.withNeighbour.requests).padStart(5)}` +
        ` ${String(r.p99Ratio).padStart(10)}  <= 2 ${pass}  ${String(r.neighbour.p50ms).padStart(8)} ${String(r.neighbour.p99ms).padStart(8)} ${String(r.neighbour.renames).padStart(6)}`,
    );
    if (r.alone.errors || r.withNeighbour.errors || r.neighbour.errors)
      lines.push(
        `  unexpected statuses: ${r.alone.errors} alone, ${r.withNeighbour.errors} with the neighbour, ${r.neighbour.errors} renames`,
      );
  }
  return lines.join("\n");
}
