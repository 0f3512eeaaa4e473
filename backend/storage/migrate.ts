/**
 * Bring the schema up to date: every migration not yet recorded in `schema_migrations` runs in
 * its own transaction, in version order. The whole run holds a PostgreSQL advisory lock, so
 * replicas starting at once against one database migrate it exactly once: the others wait for
 * the lock, then find every version recorded. (PGlite has one connection; the lock is harmless.)
 */
import type { Engine } from "./engine";
import { MIGRATIONS } from "./migrations";

/** An arbitrary constant: "connections backend migrations". */
const MIGRATION_LOCK = 7_041_226_313;

/** The names of the migrations this call applied (empty when the schema was current). */
export async function migrate(engine: Engine): Promise<string[]> {
  return engine.session(async (s) => {
    await s.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await s.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = new Set(
        (await s.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await s.exec("BEGIN");
        try {
          await s.exec(migration.sql);
          await s.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
            migration.version,
            migration.name,
          ]);
          await s.exec("COMMIT");
        } catch (err) {
          await s.exec("ROLLBACK").catch(() => undefined);
          throw err;
        }
        applied.push(`${migration.version} ${migration.name}`);
      }
      return applied;
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}
