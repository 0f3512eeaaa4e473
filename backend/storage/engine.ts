/**
 * What the tables and the domain need from a database, whichever engine runs it: a query, and
 * a write transaction. Two engines implement it: PGlite embedded in this process (the default,
 * one process per data directory) and a PostgreSQL server through a node-postgres pool (any
 * number of replicas on one database). Both run the same SQL and the same migrations.
 */

/** What both a transaction and the database can do: run a parameterised query. */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** One connection held for a while (migrations): queries plus multi-statement scripts. */
export interface Session extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface WriteOptions {
  /**
   * The job runs exactly one statement, which is atomic by itself: PostgreSQL runs it without
   * BEGIN/COMMIT (one round trip instead of three). It must read nothing it depends on.
   */
  single?: boolean;
  /**
   * Writes of one lane (e.g. `group:<id>`: the writes of one group) run one at a time across all
   * replicas; writes of different lanes run side by side. On a small membership table
   * PostgreSQL's page-level predicate locks can still make writes of different groups abort each
   * other: such a write runs again alone among all lane writes (PostgreSQL engine).
   */
  lane?: string;
}

export interface Engine {
  readonly kind: "pglite" | "postgres";
  /** Things to tell the operator once at start (e.g. files made private). */
  readonly warnings?: string[];
  /** Reads outside any transaction. */
  readonly reader: Queryable;
  /**
   * Run `job` in one transaction: it commits when `job` resolves, rolls back when it throws.
   * The engine makes concurrent writes serializable (see each engine for how).
   */
  write<T>(job: (tx: Queryable) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Run `job` on one connection held for its whole duration. */
  session<T>(job: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
