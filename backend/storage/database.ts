/**
 * The database the backend runs on: PGlite embedded under a data directory (default), or a
 * PostgreSQL server by URL. Either way it is migrated on open (migrate.ts, one set of
 * migrations) and offers reads (`reader`) and serializable write transactions (`write`).
 */
import type { Engine, Queryable, WriteOptions } from "./engine";
import type { LockEvents } from "./lock";
import { migrate } from "./migrate";
import { PGliteEngine } from "./pglite-engine";
import { PostgresEngine, PostgresOptions } from "./postgres-engine";

export type { Queryable, WriteOptions } from "./engine";

export type DatabaseTarget =
  { kind: "pglite"; dataDir: string; lockEvents: LockEvents } | ({ kind: "postgres"; url: string } & PostgresOptions);

export class Database {
  private constructor(
    private readonly engine: Engine,
    /** The migrations this start applied ("1 initial", ...). */
    readonly migrationsApplied: string[],
  ) {}

  static async open(target: DatabaseTarget): Promise<Database> {
    const engine =
      target.kind === "pglite"
        ? await PGliteEngine.open(target.dataDir, target.lockEvents)
        : await PostgresEngine.open(target.url, target);
    try {
      return new Database(engine, await migrate(engine));
    } catch (err) {
      await engine.close().catch(() => undefined);
      throw err;
    }
  }

  /** Things to tell the operator once at start. */
  get warnings(): string[] {
    return this.engine.warnings ?? [];
  }

  get kind(): Engine["kind"] {
    return this.engine.kind;
  }

  /** A read outside any transaction. */
  get reader(): Queryable {
    return this.engine.reader;
  }

  /** Run `job` in one write transaction: it commits when `job` resolves, rolls back when it throws. */
  write<T>(job: (tx: Queryable) => Promise<T>, options?: WriteOptions): Promise<T> {
    return this.engine.write(job, options);
  }

  /** Finish writes in progress, then close the engine. */
  close(): Promise<void> {
    return this.engine.close();
  }
}
