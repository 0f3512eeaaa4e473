/** The bench's PostgreSQL: a throwaway cluster (scripts/pg-cluster.sh) and fresh databases on it. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";

export interface Cluster {
  url: string;
  stop(): void;
}

/** Start a cluster, or undefined (logged) when the server binaries are not installed. */
export function startCluster(repo: string, log: (line: string) => void): Cluster | undefined {
  const script = path.join(repo, "scripts/pg-cluster.sh");
  try {
    execFileSync("bash", [script, "available"]);
  } catch {
    log("PostgreSQL figures SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl)");
    return undefined;
  }
  const dir = execFileSync("bash", [script, "start"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop()!;
  const stop = () => execFileSync("bash", [script, "stop", dir], { stdio: "inherit" });
  // Never leave the server behind when the bench dies.
  process.once("exit", stop);
  return {
    url: fs.readFileSync(path.join(dir, "url"), "utf8").trim(),
    stop() {
      process.off("exit", stop);
      stop();
    },
  };
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
