/**
 * The server engine: a PostgreSQL server through a node-postgres pool, shared by any number of
 * backend replicas. No data-directory lock: the server arbitrates.
 *
 * Writes are SERIALIZABLE transactions, retried on a serialization failure. A write reads what
 * its rules depend on (a group's members, the groups a connection belongs to, the policies) and
 * writes only if they hold; PostgreSQL's serializable snapshot isolation aborts one of two
 * transactions whose reads and writes cross (write skew: "add C to G" read C's tags while
 * "retag C" read C's groups), and the retry then sees the other's result and answers 409. This
 * protects every cross-row rule at once, including ones added later, where row locks would
 * have to name each row every rule reads (see backend/README.md). Group writes also queue per
 * group (WriteOptions.lane, an advisory lock per lane): writes of one group would abort each
 * other anyway; writes of different groups run side by side, and one that still conflicts
 * (page-level predicate locks on a small membership table) runs again alone among lane writes.
 *
 * Every failure to reach the server (refused, dropped, timed out, shutting down) becomes a
 * DatabaseUnavailableError (503); the pool opens fresh connections on the next request.
 */
import { Pool, PoolClient } from "pg";
import type { Engine, Queryable, Session, WriteOptions } from "./engine";
import { DatabaseUnavailableError, asUnavailable } from "./unavailable";
import { KeyedQueue } from "./keyed-queue";

export interface PostgresOptions {
  /** Connections this process keeps to the server; default 10. */
  poolSize?: number;
  /** Errors of idle pooled connections (the server went away): logged, never fatal. */
  onIdleError?: (err: Error) => void;
}

/** Give up on a connection attempt, and on a query, well before a client's request timeout (30 s). */
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 10_000;
const SERIALIZATION_RETRIES = 20;
/**
 * Every lane write holds this session advisory lock shared, then its lane's own lock (a hash of
 * the lane's name); a retry after a conflict holds it exclusively instead: alone among lane
 * writes, so it cannot lose to another one again. An arbitrary constant.
 */
const ALL_LANES_LOCK = 7_041_226_314;

/** How a lane write attempt locks: its lane beside others, or alone. */
type LaneLock = { lane: string; alone: boolean };

/** 40001 serialization_failure, 40P01 deadlock_detected: the transaction may simply run again. */
const isRetryable = (err: unknown) => ["40001", "40P01"].includes((err as { code?: string })?.code ?? "");

/** The URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable database URL)";
  }
}

function unavailableOr(err: unknown): unknown {
  return asUnavailable(err) ?? err;
}

export class PostgresEngine implements Engine {
  readonly kind = "postgres";
  readonly reader: Queryable;
  /** A lane's writes queue here first, so a process holds at most one connection waiting for its lock. */
  private readonly lanes = new KeyedQueue();

  private constructor(private readonly pool: Pool) {
    this.reader = {
      query: async <T>(sql: string, params?: unknown[]) => {
        try {
          return await pool.query<T & object>(sql, params);
        } catch (err) {
          throw unavailableOr(err);
        }
      },
    };
  }

  /** Connect once to fail fast with a clear message when the server cannot be reached. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresEngine> {
    const pool = new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      statement_timeout: QUERY_TIMEOUT_MS,
      idle_in_transaction_session_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
      application_name: "connections-backend",
    });
    pool.on("error", (err) => options.onIdleError?.(err));
    // A connection the server drops while checked out emits "error" too; without a listener that
    // would crash the process. The query in progress fails on its own (-> 503).
    pool.on("connect", (client) => client.on("error", () => undefined));
    try {
      const client = await pool.connect();
      client.release();
    } catch (err) {
      await pool.end().catch(() => undefined);
      const reason = asUnavailable(err)?.reason ?? (err as Error).message;
      throw new Error(`cannot use the database at ${describeUrl(url)}: ${reason}`, { cause: err });
    }
    return new PostgresEngine(pool);
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw unavailableOr(err);
    }
  }

  async write<T>(job: (tx: Queryable) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    if (options.single) return job(this.reader);
    const lane = options.lane;
    if (!lane) return this.retrying(job);
    return this.lanes.run(lane, () => this.retrying(job, lane));
  }

  private async retrying<T>(job: (tx: Queryable) => Promise<T>, lane?: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(job, lane === undefined ? undefined : { lane, alone: attempt > 1 });
      } catch (err) {
        if (!isRetryable(err)) throw unavailableOr(err);
        if (attempt >= SERIALIZATION_RETRIES)
          throw new DatabaseUnavailableError(`too much contention: ${attempt} serialization failures in a row`);
        // Jittered backoff so the rivals of a conflict do not collide again in step.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** attempt)));
      }
    }
  }

  /**
   * One try of a write transaction. A lane's locks are session locks taken before BEGIN: the
   * transaction's snapshot is then taken after the previous holder committed, so it sees that
   * write instead of conflicting with it. Always the shared (or exclusive) lock first, then the
   * lane's: one order, so lane writes cannot deadlock on them.
   */
  private async attempt<T>(job: (tx: Queryable) => Promise<T>, laneLock?: LaneLock): Promise<T> {
    const client = await this.connect();
    let broken = false;
    // Each lock as it is taken (one statement each, so a lock is never held unrecorded), undone in reverse.
    const unlocks: [string, unknown[]][] = [];
    const take = async (lock: string, unlock: string, params: unknown[]) => {
      await client.query(`SELECT ${lock}`, params);
      unlocks.unshift([`SELECT ${unlock}`, params]);
    };
    try {
      if (laneLock?.alone) await take("pg_advisory_lock($1)", "pg_advisory_unlock($1)", [ALL_LANES_LOCK]);
      else if (laneLock) {
        await take("pg_advisory_lock_shared($1)", "pg_advisory_unlock_shared($1)", [ALL_LANES_LOCK]);
        await take("pg_advisory_lock(hashtextextended($1, 0))", "pg_advisory_unlock(hashtextextended($1, 0))", [
          laneLock.lane,
        ]);
      }
      await client.query("BEGIN ISOLATION LEVEL SERIALIZABLE");
      const result = await job(client as unknown as Queryable);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      // A failed ROLLBACK means the connection itself is gone: do not reuse it.
      await client.query("ROLLBACK").catch(() => (broken = true));
      if (asUnavailable(err)) broken = true;
      throw err;
    } finally {
      // A lost connection releases its session locks on the server; otherwise unlock here.
      for (const [sql, params] of unlocks) if (!broken) await client.query(sql, params).catch(() => (broken = true));
      client.release(broken || undefined);
    }
  }

  async session<T>(job: (session: Session) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken = false;
    try {
      return await job({
        query: async <R>(sql: string, params?: unknown[]) => client.query<R & object>(sql, params),
        exec: async (sql) => void (await client.query(sql)),
      });
    } catch (err) {
      broken = Boolean(asUnavailable(err));
      throw unavailableOr(err);
    } finally {
      client.release(broken || undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
