/**
 * Helpers for the PostgreSQL-only suites: replicas (in-process or child processes) sharing one
 * test database, the keys file and the encryption key, and a check that every group is valid.
 */
import assert from "node:assert/strict";
import { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { memberIssues } from "pulumi-workflow-connections-rules";
import { KeysFile, RunningBackend, startBackend } from "../../../backend";
import {
  ApiResponse,
  ChildBackend,
  TestDatabase,
  requester,
  spawnBackend,
  tempDir,
  testKeysFile,
} from "../../../tests/support/backend";

export const CONNS = "/api/v2/actions/connections";
export const GROUPS = "/api/v2/actions/connections/groups";

/** What every replica of one deployment shares: keys file and encryption key. */
export interface Shared {
  dir: string;
  keys: KeysFile;
  keysFile: string;
  encryptionKey: string;
}

export function sharedSecrets(): Shared {
  const dir = tempDir("pg-replicas-");
  const keys = testKeysFile();
  const keysFile = path.join(dir, "keys.json");
  fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
  return { dir, keys, keysFile, encryptionKey: crypto.randomBytes(32).toString("hex") };
}

export type Request = ReturnType<typeof requester>;

export interface Replica {
  url: string;
  request: Request;
  close(): Promise<void>;
}

/** A replica in this process (its own pool, its own HTTP server). */
export async function inProcessReplica(db: TestDatabase, shared: Shared): Promise<Replica> {
  const running: RunningBackend = await startBackend({
    databaseUrl: db.url,
    keysFile: shared.keysFile,
    encryptionKey: shared.encryptionKey,
    logLevel: "silent",
  });
  return { url: running.url, request: requester(running.url, shared.keys), close: () => running.close() };
}

/** A replica as its own OS process (`kill -9`-able), configured by environment as an operator would. */
export function childReplica(
  db: TestDatabase,
  shared: Shared,
  dataDir = tempDir("pg-replica-"),
): Promise<ChildBackend> {
  return spawnBackend(dataDir, shared.keysFile, {
    CONNECTIONS_BACKEND_DATABASE_URL: db.url,
    CONNECTIONS_BACKEND_ENCRYPTION_KEY: shared.encryptionKey,
  });
}

export function exited(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", resolve),
  );
}

export function awsBody(name: string, tags: string[]) {
  return {
    data: {
      type: "action_connection",
      attributes: {
        name,
        tags,
        integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "r" } },
      },
    },
  };
}

export async function createAws(request: Request, name: string, tags: string[]): Promise<string> {
  const res = await request("alice", "POST", CONNS, awsBody(name, tags));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.data.id;
}

/** Every stored group satisfies the member rules (rules' memberIssues), read through `request`. */
export async function assertEveryGroupValid(request: Request): Promise<number> {
  const groups = await request("alice", "GET", `${GROUPS}?page[size]=100`);
  assert.equal(groups.status, 200);
  for (const g of groups.body.data) {
    const members = [];
    for (const id of g.attributes.connections) {
      const c = await request("alice", "GET", `${CONNS}/${id}`);
      assert.equal(c.status, 200, `member ${id} of group ${g.attributes.name} is gone`);
      members.push({
        label: c.body.data.attributes.name,
        id,
        integration: c.body.data.attributes.integration.type,
        tags: c.body.data.attributes.tags,
      });
    }
    const issues = memberIssues(
      { integration: g.attributes.integration_type, identifierTags: g.attributes.tag_keys },
      members,
    );
    assert.deepEqual(issues, [], `group ${g.attributes.name} is invalid`);
  }
  return groups.body.data.length;
}

/** A response, or a marker that it did not come within `ms` (a hang). */
export async function within<T>(ms: number, p: Promise<ApiResponse<T>>): Promise<ApiResponse<T> | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
