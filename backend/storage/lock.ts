/**
 * One process per data directory. PGlite (embedded Postgres) is not safe to open from two
 * processes at once, so the backend holds an exclusive lock (proper-lockfile: an atomic
 * `mkdir`, kept fresh by a timer) and refuses a second start with a message naming the dir.
 *
 * A process killed with `kill -9` leaves its lock behind, "fresh" for up to `stale` ms. We also
 * write our pid next to it: when the lock is held by a pid that no longer exists on this host
 * (the backend only listens on loopback, so it is always a local process), the lock is taken over
 * at once instead of making a restart wait.
 */
import fs from "node:fs";
import path from "node:path";
import lockfile from "proper-lockfile";

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, holderPid: number | undefined) {
    super(
      `the data directory ${dataDir} is in use by another connections backend` +
        `${holderPid ? ` (pid ${holderPid})` : ""}; stop it first or start this one with another --data-dir`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

const LOCK_NAME = "backend.lock";
const PID_NAME = "backend.pid";

function readPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, PID_NAME), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

export async function lockDataDir(dataDir: string, onCompromised: (err: Error) => void): Promise<DataDirLock> {
  const options = {
    lockfilePath: path.join(dataDir, LOCK_NAME),
    // Generous: PGlite's first open (initdb) can block the event loop for seconds, and a lock
    // not refreshed within `stale` counts as abandoned. Crashed holders are detected by pid.
    stale: 300_000,
    update: 10_000,
    retries: 0,
    realpath: false,
    onCompromised,
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ELOCKED") throw err;
    const holder = readPid(dataDir);
    if (holder === undefined || holder === process.pid || isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    // The holder died without releasing (kill -9): take the lock over.
    fs.rmSync(options.lockfilePath, { recursive: true, force: true });
    try {
      release = await lockfile.lock(dataDir, options);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === "ELOCKED") throw new DataDirLockedError(dataDir, readPid(dataDir));
      throw again;
    }
  }
  fs.writeFileSync(path.join(dataDir, PID_NAME), `${process.pid}\n`);
  return {
    async release() {
      fs.rmSync(path.join(dataDir, PID_NAME), { force: true });
      await release();
    },
  };
}
