/**
 * The embedded engine: PGlite on a directory of the local file system, locked to this process
 * (lock.ts). PGlite has one connection, so reads take turns on it (a read waits for a write
 * transaction in progress and never sees half of one) and writes go through one queue, one
 * transaction at a time: two conflicting writes can never both pass their checks. Between any
 * two queries the event loop serves other requests (turns.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite, Transaction } from "@electric-sql/pglite";
import type { Engine, Queryable, Session, WriteOptions } from "./engine";
import { DataDirLock, LockEvents, lockDataDir } from "./lock";
import { holdPrivateUmask, tightenTree } from "./private-files";
import { Turns, nextTurn } from "./turns";
import { WriteQueue } from "./write-queue";

export class PGliteEngine implements Engine {
  readonly kind = "pglite";
  private readonly queue = new WriteQueue();
  private readonly turns = new Turns();
  readonly reader: Queryable;
  /** Said once at start (e.g. files that were open to other users and were made private). */
  readonly warnings: string[] = [];

  private constructor(
    private readonly pg: PGlite,
    private readonly lock: DataDirLock,
    private readonly pgdata: string,
    private readonly releaseUmask: () => void,
  ) {
    this.reader = { query: (sql, params) => this.turns.run(() => pg.query(sql, params) as never) };
  }

  static async open(dataDir: string, lockEvents: LockEvents): Promise<PGliteEngine> {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const lock = await lockDataDir(dataDir, lockEvents);
    const pgdata = path.join(dataDir, "pgdata");
    const releaseUmask = holdPrivateUmask();
    try {
      const widened = tightenTree(pgdata);
      // PostgreSQL's default 128 MB of shared buffers is far more than a local connections store
      // needs: 16 MB takes the backend from ~320 to ~185 MiB RSS at the same write speed.
      const pg = await PGlite.create(pgdata, { postgresqlconf: "shared_buffers = 16MB" });
      tightenTree(pgdata);
      const engine = new PGliteEngine(pg, lock, pgdata, releaseUmask);
      if (widened)
        engine.warnings.push(
          `${widened} files and directories under ${pgdata} were open to other local users; they are now private (0600 files, 0700 directories)`,
        );
      return engine;
    } catch (err) {
      releaseUmask();
      await lock.release().catch(() => undefined);
      throw err;
    }
  }

  /** Options change nothing here: every write is already alone and in a transaction. */
  write<T>(job: (tx: Queryable) => Promise<T>, _options?: WriteOptions): Promise<T> {
    return this.queue.run(() =>
      this.pg.transaction((tx: Transaction) =>
        job({
          query: async (sql, params) => {
            await nextTurn();
            return tx.query(sql, params) as never;
          },
        }),
      ),
    );
  }

  session<T>(job: (session: Session) => Promise<T>): Promise<T> {
    const pg = this.pg;
    return this.queue.run(() =>
      job({ query: (sql, params) => pg.query(sql, params) as never, exec: async (sql) => void (await pg.exec(sql)) }),
    );
  }

  /** Finish queued writes, then close Postgres (a clean checkpoint) and release the lock. */
  async close(): Promise<void> {
    await this.queue.drain();
    try {
      await this.pg.close();
      tightenTree(this.pgdata);
    } finally {
      this.releaseUmask();
      await this.lock.release();
    }
  }
}
