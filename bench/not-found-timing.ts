/**
 * Does a 404 tell a hidden connection from a missing one by its timing? `GET` of a connection
 * the caller may not view and `GET` of an id that does not exist, interleaved one at a time;
 * p50 of each and their ratio (target: within 10% of each other). The hidden connection holds
 * secrets, so decrypting it before deciding visibility would show here.
 */
import { GROUP_ATTRIBUTES, ROUTES, WIRE_TYPES } from "pulumi-workflow-connections-rules";
import type { BenchBackend } from "./lib/backend-process";
import { Send, loopbackSender } from "./lib/loopback-sender";
import { percentile, round } from "./lib/stats";

export interface NotFoundTiming {
  engine: string;
  /** What is compared ("connection", "group of 2000"). */
  what?: string;
  requests: number;
  hiddenP50ms: number;
  missingP50ms: number;
  /** hidden p50 / missing p50 (target within 0.9-1.1). */
  ratio: number;
  unexpected: number;
}

const CONNECTIONS = "/api/v2/actions/connections";

export async function notFoundTiming(opts: {
  engine: string;
  backend: BenchBackend;
  requests: number;
}): Promise<NotFoundTiming> {
  const { send, agent } = loopbackSender([opts.backend], 1);

  // A connection with secrets whose policy names only another user: hidden from the bench's user.
  const created = await send("POST", CONNECTIONS, {
    data: {
      type: "action_connection",
      attributes: {
        name: "hidden-from-bench",
        tags: [],
        integration: {
          type: "HTTP",
          base_url: "https://api.example.com",
          credentials: {
            type: "HTTPTokenAuth",
            tokens: [
              { name: "a", type: "SECRET", value: "x".repeat(64) },
              { name: "b", type: "SECRET", value: "y".repeat(64) },
            ],
          },
        },
      },
    },
  });
  if (created.status !== 201) throw new Error(`setup: ${created.status} ${created.body.slice(0, 300)}`);
  const hidden = JSON.parse(created.body).data.id as string;
  const policy = await send("POST", `/api/v2/restriction_policy/connection:${hidden}?allow_self_lockout=true`, {
    data: {
      type: "restriction_policy",
      id: `connection:${hidden}`,
      attributes: { bindings: [{ relation: "editor", principals: ["user:someone-else"] }] },
    },
  });
  if (policy.status !== 200) throw new Error(`setup policy: ${policy.status} ${policy.body.slice(0, 300)}`);
  const missing = "00000000-0000-4000-8000-0000000000ff";
  const result = await interleaved(send, `${CONNECTIONS}/${hidden}`, `${CONNECTIONS}/${missing}`, opts.requests);
  agent.destroy();
  return { engine: opts.engine, what: "connection", ...result };
}

/** GET `hiddenPath` and `missingPath` interleaved, one at a time, after 100 of warm-up: p50s and ratio. */
async function interleaved(send: Send, hiddenPath: string, missingPath: string, requests: number) {
  const times: Record<"hidden" | "missing", number[]> = { hidden: [], missing: [] };
  let unexpected = 0;
  for (let i = 0; i < requests * 2 + 100; i++) {
    const which = i % 2 ? "hidden" : "missing";
    const s = process.hrtime.bigint();
    const r = await send("GET", which === "hidden" ? hiddenPath : missingPath);
    const ms = Number(process.hrtime.bigint() - s) / 1e6;
    if (r.status !== 404) unexpected++;
    if (i >= 100) times[which].push(ms); // the first 100 warm up
  }
  const hiddenP50ms = round(percentile(times.hidden, 50), 3);
  const missingP50ms = round(percentile(times.missing, 50), 3);
  return {
    requests: times.hidden.length,
    hiddenP50ms,
    missingP50ms,
    ratio: round(hiddenP50ms / missingP50ms, 2),
    unexpected,
  };
}

/**
 * The same for groups: `GET` of a group of `members` connections whose policy hides it from the
 * caller, and `GET` of a missing group id (before, the hidden group's members were read before
 * its visibility was decided: its 404 cost more, and more with its size).
 */
export async function groupNotFoundTiming(opts: {
  engine: string;
  backend: BenchBackend;
  requests: number;
  members: number;
}): Promise<NotFoundTiming> {
  const { send, agent } = loopbackSender([opts.backend], 1);
  const ids: string[] = [];
  for (let i = 0; i < opts.members; i++) {
    const created = await send("POST", ROUTES.connections, {
      data: {
        type: WIRE_TYPES.connection,
        attributes: {
          name: `group-timing-${i}`,
          tags: [`shard:s${i}`],
          integration: {
            type: "AWS",
            credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "bench" },
          },
        },
      },
    });
    if (created.status !== 201) throw new Error(`setup: ${created.status} ${created.body.slice(0, 300)}`);
    ids.push(JSON.parse(created.body).data.id);
  }
  const group = await send("POST", ROUTES.groups, {
    data: {
      type: WIRE_TYPES.group,
      attributes: {
        [GROUP_ATTRIBUTES.name]: "hidden-group",
        [GROUP_ATTRIBUTES.integration]: "AWS",
        [GROUP_ATTRIBUTES.identifierTags]: ["shard"],
        [GROUP_ATTRIBUTES.members]: ids,
      },
    },
    meta: {
      restriction_policy: {
        bindings: [{ relation: "editor", principals: ["user:someone-else"] }],
        allow_self_lockout: true,
      },
    },
  });
  if (group.status !== 201) throw new Error(`setup group: ${group.status} ${group.body.slice(0, 300)}`);
  const hidden = JSON.parse(group.body).data.id as string;
  const missing = "00000000-0000-4000-8000-0000000000fe";
  const result = await interleaved(send, `${ROUTES.groups}/${hidden}`, `${ROUTES.groups}/${missing}`, opts.requests);
  agent.destroy();
  return { engine: opts.engine, what: `group of ${opts.members}`, ...result };
}

export function notFoundTable(results: NotFoundTiming[]): string {
  const lines = [
    "404 timing: GET of a hidden connection or group vs GET of a missing id, interleaved, one at a time",
    "engine           what            requests  hidden p50 ms  missing p50 ms  ratio  target",
  ];
  for (const r of results) {
    const pass = r.ratio >= 0.9 && r.ratio <= 1.1 && !r.unexpected ? "PASS" : "MISS";
    lines.push(
      `${r.engine.padEnd(16)} ${(r.what ?? "connection").padEnd(14)} ${String(r.requests).padStart(8)} ${String(r.hiddenP50ms).padStart(14)} ${String(r.missingP50ms).padStart(15)} ${String(r.ratio).padStart(6)}  0.9-1.1 ${pass}${r.unexpected ? ` (${r.unexpected} not 404)` : ""}`,
    );
  }
  return lines.join("\n");
}
