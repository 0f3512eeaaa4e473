/**
 * One process per data directory. PGlite (embedded Postgres) is not safe to open from two
 * processes at once, so the backend holds an exclusive lock and refuses a second start with one
 * sentence naming the directory and the holder's pid.
 *
 * The lock is the file `<dataDir>/backend.lock`, created atomically with its content (written to
 * a temporary file, then hard-linked into place: `link` fails if the lock exists). It records the
 * holder's pid, the holder's process start time and a random token. A lock is held while that
 * process lives: on Linux, `/proc/<pid>/stat` must exist, not be a zombie (a `kill -9`ed
 * process stays one until its parent reaps it) and show the same start time (so a reused pid
 * is not mistaken for the holder). Elsewhere, `kill(pid, 0)` decides. So a restart right after a
 * crash takes the lock over at once; no timeout is involved (proper-lockfile's staleness is
 * time-based, and PGlite's first open can block the event loop past any refresh interval).
 *
 * Taking over a dead holder's lock happens under a second, short-lived lock (`backend.lock.break`,
 * an atomic `mkdir`), and only if the lock still holds the token judged dead: two processes
 * starting at once can never both win, nor remove the lock of the one that did.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    holderPid: number | undefined,
  ) {
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

/**
 * What the lock's monitor reports, each on a change of state: the lock file names another
 * process or is gone (`lost`); it cannot be read (`unreadable`: e.g. EMFILE when the process
 * ran out of descriptors; whether the lock is still ours is unknown, not lost); it is readable
 * and ours again (`readable`). The monitor keeps watching whatever it found.
 */
export interface LockEvents {
  lost(err: Error): void;
  unreadable(err: Error): void;
  readable(): void;
}

export interface LockOptions {
  /** How the monitor reads the lock file (tests inject failures); default fs.readFileSync. */
  read?: (file: string) => string;
  checkEveryMs?: number;
}

interface Owner {
  pid: number;
  /** Clock ticks since boot (`/proc/<pid>/stat` field 22); null where /proc is not available. */
  start: string | null;
  token: string;
}

const LOCK_NAME = "backend.lock";
/** A break lock older than this was left by a process killed in the middle of a takeover. */
const STALE_BREAK_MS = 5_000;
const ATTEMPTS = 50;
const CHECK_EVERY_MS = 10_000;

/** `/proc/<pid>/stat` -> state and start time, or undefined when there is no such process (or no /proc). */
function procStat(pid: number | "self"): { state: string; start: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0], start: fields[19] };
}

const hasProc = () => fs.existsSync("/proc/self/stat");

function isAlive(owner: Owner): boolean {
  if (owner.pid === process.pid) return true;
  if (hasProc()) {
    const stat = procStat(owner.pid);
    if (!stat || stat.state === "Z" || stat.state === "X") return false;
    return owner.start === null || stat.start === owner.start;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** The lock's owner; undefined when there is no lock. */
function readOwner(
  lockPath: string,
  read: (file: string) => string = (file) => fs.readFileSync(file, "utf8"),
): Owner | undefined {
  let text: string;
  try {
    text = read(lockPath);
  } catch (err) {
    if (code(err) === "ENOENT") return undefined;
    throw err;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    if (Number.isInteger(owner.pid) && owner.pid > 0 && typeof owner.token === "string") return owner;
  } catch {
    // a lock file we cannot read names no live process: it is taken over below
  }
  return { pid: 0, start: null, token: `unreadable:${text}` };
}

function sameOwner(a: Owner | undefined, b: Owner): boolean {
  return a !== undefined && a.token === b.token;
}

/** Remove a dead holder's lock, unless it changed hands meanwhile. False when another process is breaking it. */
function breakLock(lockPath: string, dead: Owner): boolean {
  const breakPath = `${lockPath}.break`;
  try {
    fs.mkdirSync(breakPath);
  } catch (err) {
    if (code(err) !== "EEXIST") throw err;
    try {
      if (Date.now() - fs.statSync(breakPath).mtimeMs > STALE_BREAK_MS) fs.rmdirSync(breakPath);
    } catch (again) {
      if (code(again) !== "ENOENT") throw again;
    }
    return false;
  }
  try {
    if (sameOwner(readOwner(lockPath), dead)) fs.rmSync(lockPath, { force: true });
    return true;
  } finally {
    fs.rmdirSync(breakPath);
  }
}

/** Create the lock file with its content in one step; false when a lock exists. */
function tryCreate(lockPath: string, owner: Owner): boolean {
  const temp = `${lockPath}.${owner.token}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(owner) + "\n", { mode: 0o600 });
  try {
    fs.linkSync(temp, lockPath);
    return true;
  } catch (err) {
    if (code(err) === "EEXIST") return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function lockDataDir(
  dataDir: string,
  events: LockEvents,
  options: LockOptions = {},
): Promise<DataDirLock> {
  const lockPath = path.join(dataDir, LOCK_NAME);
  const me: Owner = {
    pid: process.pid,
    start: procStat("self")?.start ?? null,
    token: crypto.randomBytes(16).toString("hex"),
  };

  let held = false;
  for (let attempt = 0; attempt < ATTEMPTS && !held; attempt++) {
    if (tryCreate(lockPath, me)) {
      held = true;
      break;
    }
    const owner = readOwner(lockPath);
    if (owner === undefined) continue; // released just now: try again
    if (owner.pid !== 0 && isAlive(owner)) throw new DataDirLockedError(dataDir, owner.pid);
    // The holder is gone (kill -9, a crash): take over, one process at a time.
    if (!breakLock(lockPath, owner)) await pause(20);
  }
  if (!held) throw new DataDirLockedError(dataDir, undefined);

  // Someone removing or replacing the lock file under us is reported; so is a failure to read
  // it, as unknown (not lost). Each change of state is reported once, and the watch goes on.
  let state: "held" | "lost" | "unreadable" = "held";
  const timer = setInterval(() => {
    let current: Owner | undefined;
    try {
      current = readOwner(lockPath, options.read);
    } catch (err) {
      if (state !== "unreadable")
        events.unreadable(
          new Error(
            `cannot read the lock file ${lockPath} (${code(err) ?? (err as Error).message}); whether this process still holds it is unknown`,
          ),
        );
      state = "unreadable";
      return;
    }
    if (sameOwner(current, me)) {
      if (state !== "held") events.readable();
      state = "held";
    } else {
      if (state !== "lost")
        events.lost(new Error(`the lock file ${lockPath} was removed or replaced by another process`));
      state = "lost";
    }
  }, options.checkEveryMs ?? CHECK_EVERY_MS);
  timer.unref();

  return {
    async release() {
      clearInterval(timer);
      if (sameOwner(readOwner(lockPath), me)) fs.rmSync(lockPath, { force: true });
    },
  };
}
