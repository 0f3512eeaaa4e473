/**
 * `/health` while 8 clients misbehave by pipelining: each opens a connection, writes 20,000
 * `GET /health` requests at once and never reads an answer (with `reconnect`, it opens a new one
 * whenever the backend closes it, for the whole cell). Meanwhile one well-behaved client calls `GET /health`
 * one at a time. Reported: its p50/p99 with the flood next to the same client alone, and how
 * many flooding connections the backend closed. Target: p99 with the flood <= 50 ms (before
 * the pipelining bounds, /health was unavailable for 16 s and the log took 320k lines).
 */
import http from "node:http";
import net from "node:net";
import type { BenchBackend } from "./lib/backend-process";
import { percentile, round } from "./lib/stats";

export interface HealthUnderPipelining {
  engine: string;
  floodClients: number;
  floodConnectionsClosed: number;
  aloneP50ms: number;
  aloneP99ms: number;
  loadedP50ms: number;
  loadedP99ms: number;
  errors: number;
}

export async function healthUnderPipelining(opts: {
  engine: string;
  backend: BenchBackend;
  seconds: number;
  clients?: number;
  pipelined?: number;
  /** Open a new flooding connection whenever the backend closes one (harsher than 8 connections once). */
  reconnect?: boolean;
}): Promise<HealthUnderPipelining> {
  const base = new URL(opts.backend.url);
  if (base.hostname !== "127.0.0.1") throw new Error(`refusing to load anything but 127.0.0.1 (got ${base.hostname})`);
  const port = Number(base.port);
  const clients = opts.clients ?? 8;
  const flood = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".repeat(opts.pipelined ?? 20_000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let errors = 0;
  const timed = () =>
    new Promise<number>((resolve) => {
      const s = process.hrtime.bigint();
      http
        .get({ host: "127.0.0.1", port, path: "/health", agent }, (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode !== 200) errors++;
            resolve(Number(process.hrtime.bigint() - s) / 1e6);
          });
        })
        .on("error", () => {
          errors++;
          resolve(Number(process.hrtime.bigint() - s) / 1e6);
        });
    });
  const probe = async (seconds: number) => {
    const times: number[] = [];
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      times.push(await timed());
      await new Promise((r) => setTimeout(r, 5));
    }
    return times;
  };

  const alone = await probe(Math.min(2, opts.seconds));
  let stop = false;
  let closed = 0;
  const open = new Set<net.Socket>();
  // Each flooder never reads; when the backend closes its connection it opens another.
  const flooder = () => {
    if (stop) return;
    const socket = net.connect(port, "127.0.0.1");
    open.add(socket);
    socket.on("error", () => undefined);
    socket.once("connect", () => {
      socket.write(flood);
      // Reads nothing until the backend closes it (a paused socket would not notice the close).
      setTimeout(() => socket.resume(), 200).unref();
    });
    socket.once("close", () => {
      open.delete(socket);
      closed++;
      if (opts.reconnect) flooder();
    });
  };
  for (let i = 0; i < clients; i++) flooder();
  const loaded = await probe(opts.seconds);
  stop = true;
  for (const socket of open) socket.destroy();
  agent.destroy();
  return {
    engine: opts.engine,
    floodClients: clients,
    floodConnectionsClosed: closed,
    aloneP50ms: round(percentile(alone, 50), 2),
    aloneP99ms: round(percentile(alone, 99), 2),
    loadedP50ms: round(percentile(loaded, 50), 2),
    loadedP99ms: round(percentile(loaded, 99), 2),
    errors,
  };
}

export function pipeliningTable(results: HealthUnderPipelining[]): string {
  const lines = [
    "/health while 8 clients each pipeline 20,000 GET /health without reading, one /health at a time",
    "engine           alone p50  alone p99  flood p50  flood p99  flood conns closed  target",
  ];
  for (const r of results) {
    const pass = r.loadedP99ms <= 50 && !r.errors ? "PASS" : "MISS";
    lines.push(
      `${r.engine.padEnd(16)} ${String(r.aloneP50ms).padStart(9)} ${String(r.aloneP99ms).padStart(10)} ${String(r.loadedP50ms).padStart(10)} ${String(r.loadedP99ms).padStart(10)} ${String(r.floodConnectionsClosed).padStart(19)}  p99 <= 50 ms ${pass}${r.errors ? ` (${r.errors} errors)` : ""}`,
    );
  }
  return lines.join("\n");
}
