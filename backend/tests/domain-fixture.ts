/**
 * The backend's domain on a fresh database (PGlite in a temp dir, or a database of its own on
 * CONNECTIONS_TEST_DATABASE_URL's server), for tests that call the operations directly: callers
 * from the test keys file, and every SQL statement an operation runs, recorded on demand.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type { Caller } from "../auth/authenticate";
import type { Context } from "../domain/context";
import { principalsOf } from "../domain/directory";
import { Cipher } from "../secrets/cipher";
import { ConnectionsTable } from "../storage/connections-table";
import { Database, Queryable } from "../storage/database";
import { GroupsTable } from "../storage/groups-table";
import { PoliciesTable } from "../storage/policies-table";
import { RemovedMembersTable } from "../storage/removed-members-table";
import { UserName, createTestDatabase, tempDir, testDatabaseServer, testKeysFile } from "../../tests/support/backend";

export interface DomainFixture {
  ctx: Context;
  caller(user: UserName): Caller;
  /** Run `run`, recording every statement it sends (reads and write transactions); its error, if any. */
  statements(run: () => Promise<unknown>): Promise<{ statements: string[]; error: unknown }>;
  close(): Promise<void>;
}

/** An AWS connection's attributes (wire names), told apart by `tags`. */
export function awsAttributes(name: string, tags: string[]) {
  return {
    name,
    tags,
    integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
  };
}

export async function openDomain(): Promise<DomainFixture> {
  const dataDir = tempDir();
  const database = testDatabaseServer() ? await createTestDatabase() : undefined;
  const db = await Database.open(
    database
      ? { kind: "postgres", url: database.url }
      : { kind: "pglite", dataDir, lockEvents: { lost: () => {}, unreadable: () => {}, readable: () => {} } },
  );
  const log: string[] = [];
  let recording = false;
  const wrap = (q: Queryable): Queryable => ({
    query(sql, params) {
      if (recording) log.push(sql.replace(/\s+/g, " ").trim());
      return q.query(sql, params);
    },
  });
  const recorded = {
    kind: db.kind,
    get reader() {
      return wrap(db.reader);
    },
    write: (job: (tx: Queryable) => Promise<unknown>, options?: object) => db.write((tx) => job(wrap(tx)), options),
  } as unknown as Database;
  const keys = testKeysFile();
  return {
    ctx: {
      db: recorded,
      connections: new ConnectionsTable(new Cipher(crypto.randomBytes(32))),
      groups: new GroupsTable(),
      policies: new PoliciesTable(),
      removedMembers: new RemovedMembersTable(),
      principals: principalsOf(keys),
      awsPrincipalId: "123456789012",
    },
    caller: (user) => ({ user: keys.users.find((u) => u.id === user)!, orgId: keys.org.id }),
    async statements(run) {
      log.length = 0;
      recording = true;
      let error: unknown;
      try {
        await run();
      } catch (err) {
        error = err;
      } finally {
        recording = false;
      }
      return { statements: [...log], error };
    },
    async close() {
      await db.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
