/**
 * The system under test: the real backend (PGlite, or PostgreSQL when
 * CONNECTIONS_TEST_DATABASE_URL is set), with the three test users and an auditor who is bound
 * as viewer by every policy the commands write, so it can read the whole state after each step.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { RunningBackend, startBackend } from "../../../backend";
import {
  ApiResponse,
  Method,
  createTestDatabase,
  requester,
  tempDir,
  testDatabaseServer,
  testKeysFile,
} from "../../../tests/support/backend";
import { AUDITOR, Actor } from "./model";

export const CONNS = "/api/v2/actions/connections";
export const GROUPS = "/api/v2/actions/connections/groups";
export const POLICY = "/api/v2/restriction_policy";

export type Who = Actor | typeof AUDITOR;
export type Send = (
  who: Who,
  method: Method,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse>;

/** Which properties a run checks (every run keeps the model in step with acknowledged writes). */
export type Check = "state" | "editor" | "views" | "answers" | "agree";

export interface System {
  engine: string;
  send: Send;
  /** The paths and bodies sent since the last step ended (a response may repeat what its request named). */
  sent: string[];
  /** Delete everything the previous run left (every resource has an editor among the actors). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface Real {
  sys: System;
  checks: ReadonlySet<Check>;
}

export async function startSystem(): Promise<System> {
  const dataDir = tempDir("model-");
  const keys = testKeysFile();
  keys.users.push({
    id: AUDITOR,
    name: "Auditor",
    roles: [],
    teams: [],
    applicationKeys: [crypto.randomBytes(20).toString("hex")],
  });
  const keysFile = path.join(dataDir, "keys.json");
  fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
  const database = testDatabaseServer() ? await createTestDatabase() : undefined;
  let running: RunningBackend;
  try {
    running = await startBackend({ dataDir, keysFile, logLevel: "silent", databaseUrl: database?.url });
  } catch (err) {
    await database?.drop();
    throw err;
  }
  const request = requester(running.url, keys as never);
  const appKey = (who: Who) => keys.users.find((u) => u.id === who)!.applicationKeys[0];
  const sent: string[] = [];
  const send: Send = (who, method, p, body, headers) => {
    sent.push(p, JSON.stringify(body ?? null));
    return request({ apiKey: keys.apiKeys[0], appKey: appKey(who) }, method, p, body, { headers });
  };
  const actors: Who[] = ["alice", "bob", "carol"];

  async function removeAll(list: string, one: (id: string) => string) {
    const res = await send(AUDITOR, "GET", `${list}?page[size]=100`);
    for (const item of res.body.data as { id: string }[]) {
      for (const who of actors) if ((await send(who, "DELETE", one(item.id))).status === 204) break;
    }
  }
  return {
    engine: running.engine,
    send,
    sent,
    async reset() {
      await removeAll(GROUPS, (id) => `${GROUPS}/${id}`);
      await removeAll(CONNS, (id) => `${CONNS}/${id}`);
      sent.length = 0;
    },
    async close() {
      await running.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
