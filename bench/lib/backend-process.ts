/**
 * The built backend (`backend/dist/main.js`, the backend package) as a child process on loopback, in a temp data dir
 * with a generated keys file: the bench's load generator and the Pulumi engine never share its
 * event loop, and its RSS can be sampled from /proc/<pid>/status. With a database URL it runs
 * on that PostgreSQL server; replicas share one `BenchKeys` (keys file and encryption key).
 */
import { ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchBackend {
  url: string;
  pid: number;
  apiKey: string;
  appKey: string;
  dataDir: string;
  /**
   * Requests served so far by route (`METHOD /path` with ids as :id): count and summed server
   * time in ms, from the backend's request log (only with `countRequests`).
   */
  requests(): Record<string, { count: number; ms: number }>;
  /** VmRSS in bytes, or NaN when /proc is not there. */
  rss(): number;
  stop(): Promise<void>;
}

/** A keys file (one admin user) and an encryption key, in a temp dir of their own. */
export interface BenchKeys {
  dir: string;
  keysFile: string;
  apiKey: string;
  appKey: string;
  encryptionKey: string;
}

export function benchKeys(): BenchKeys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-keys-"));
  const apiKey = crypto.randomBytes(16).toString("hex");
  const appKey = crypto.randomBytes(20).toString("hex");
  const keysFile = path.join(dir, "keys.json");
  fs.writeFileSync(
    keysFile,
    JSON.stringify({
      org: { id: "bench-org", name: "Bench" },
      apiKeys: [apiKey],
      users: [
        { id: "bench", name: "Bench", roles: ["admin"], applicationKeys: [appKey] },
        // Another user, whom a policy can bind to hide a resource from the bench's user.
        { id: "someone-else", name: "Someone else", applicationKeys: [crypto.randomBytes(20).toString("hex")] },
      ],
    }),
    { mode: 0o600 },
  );
  return { dir, keysFile, apiKey, appKey, encryptionKey: crypto.randomBytes(32).toString("hex") };
}

export interface BackendProcessOptions {
  countRequests?: boolean;
  /** Run on this PostgreSQL database instead of PGlite. */
  databaseUrl?: string;
  /** Shared by replicas; default: keys of its own. */
  keys?: BenchKeys;
}

export async function startBackendProcess(repo: string, options: BackendProcessOptions = {}): Promise<BenchBackend> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-backend-"));
  const keys = options.keys ?? benchKeys();
  const { apiKey, appKey, keysFile } = keys;
  const database = options.databaseUrl ? ["--database-url", options.databaseUrl] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(repo, "backend/dist/main.js"),
      "--port",
      "0",
      "--data-dir",
      path.join(dataDir, "db"),
      "--keys-file",
      keysFile,
      "--log-level",
      options.countRequests ? "info" : "warn",
      // Requests are counted from the log: every one must be logged.
      ...(options.countRequests ? ["--log-requests-per-second", "1000000"] : []),
      ...database,
    ],
    {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CONNECTIONS_BACKEND_ENCRYPTION_KEY: keys.encryptionKey },
    },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  // Logs are JSON lines on stderr: count requests by route from them, keep the rest for errors.
  const counts: Record<string, { count: number; ms: number }> = {};
  const pending = new Map<string, string>();
  let partial = "";
  child.stderr!.on("data", (d) => {
    const lines = (partial + d).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      let rec: {
        reqId?: string;
        msg?: string;
        req?: { method?: string; url?: string };
        responseTime?: number;
        level?: number;
      };
      try {
        rec = JSON.parse(line);
      } catch {
        out += line + "\n";
        continue;
      }
      if (rec.msg === "incoming request" && rec.reqId && rec.req) {
        const route = String(rec.req.url)
          .split("?")[0]
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id");
        pending.set(rec.reqId, `${rec.req.method} ${route}`);
      } else if (rec.msg === "request completed" && rec.reqId) {
        const key = pending.get(rec.reqId) ?? "?";
        pending.delete(rec.reqId);
        const c = (counts[key] ??= { count: 0, ms: 0 });
        c.count++;
        c.ms += rec.responseTime ?? 0;
      } else if ((rec.level ?? 0) >= 40) {
        out += line + "\n";
      }
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start in 60 s:\n${out}`)), 60_000);
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(m[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`backend exited with ${code} before listening:\n${out}`));
    });
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`backend is not on loopback: ${url}`);
  const pid = child.pid!;
  // Never leave the backend behind when the bench dies.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  return {
    url,
    pid,
    apiKey,
    appKey,
    dataDir,
    requests: () => JSON.parse(JSON.stringify(counts)),
    rss() {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
        return kb ? Number(kb[1]) * 1024 : NaN;
      } catch {
        return NaN;
      }
    },
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!options.keys) fs.rmSync(keys.dir, { recursive: true, force: true });
    },
  };
}
