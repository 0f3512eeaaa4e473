/**
 * Test helper: a real backend on loopback in a temp data dir, with a keys file of three users,
 * and a small typed request function (axios, never throws on a status).
 *
 *   const b = await startTestBackend();
 *   const res = await b.request("alice", "POST", "/api/v2/actions/connections", body);
 *   await b.close();
 *
 * Users: alice (role "admin", team "platform"), bob (role "dev", team "payments"), carol (no roles,
 * no teams). Org: "test-org".
 *
 * Engine switch: with CONNECTIONS_TEST_DATABASE_URL set (a PostgreSQL server; scripts/test.sh
 * sets it for its second pass) every test backend runs on that server, in a database of its own
 * created for it and dropped on close; without it, on PGlite in the temp data dir.
 */
import axios, { AxiosResponse } from "axios";
import { ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { ROUTES } from "pulumi-workflow-connections-rules";
import { KeysFile, RunningBackend, startBackend } from "../../backend";

export type UserName = "alice" | "bob" | "carol";
export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Who sends a request: a test user, or explicit (possibly missing/wrong) keys. */
export type As = UserName | { apiKey?: string; appKey?: string };

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: AxiosResponse["headers"];
}

export interface RequestOptions {
  /** Send this string as is (malformed JSON etc.) instead of JSON-encoding `body`. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface TestBackend {
  url: string;
  /** "pglite" or "postgres". */
  engine: string;
  dataDir: string;
  keysFile: string;
  keys: KeysFile;
  apiKey: string;
  appKey(user: UserName): string;
  request<T = any>(
    as: As,
    method: Method,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

const key = (bytes: number) => crypto.randomBytes(bytes).toString("hex");

/** The API routes the tests call, from the wire contract (written once, in the rules package). */
export const CONNS: string = ROUTES.connections;
export const GROUPS: string = ROUTES.groups;
export const POLICY: string = ROUTES.policies;

export function testKeysFile(): KeysFile {
  return {
    org: { id: "test-org", name: "Test" },
    apiKeys: [key(16)],
    users: [
      { id: "alice", name: "Alice", roles: ["admin"], teams: ["platform"], applicationKeys: [key(20)] },
      { id: "bob", name: "Bob", roles: ["dev"], teams: ["payments"], applicationKeys: [key(20)] },
      { id: "carol", name: "Carol", roles: [], teams: [], applicationKeys: [key(20)] },
    ],
  };
}

export function tempDir(prefix = "backend-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A request function bound to a base URL and keys. */
export function requester(url: string, keys: KeysFile) {
  const appKey = (user: UserName) => keys.users.find((u) => u.id === user)!.applicationKeys[0];
  return async function request<T = any>(
    as: As,
    method: Method,
    urlPath: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const auth = typeof as === "string" ? { apiKey: keys.apiKeys[0], appKey: appKey(as) } : as;
    const headers: Record<string, string> = {};
    if (auth.apiKey !== undefined) headers["DD-API-KEY"] = auth.apiKey;
    if (auth.appKey !== undefined) headers["DD-APPLICATION-KEY"] = auth.appKey;
    if (body !== undefined || options.raw !== undefined) headers["Content-Type"] = "application/json";
    Object.assign(headers, options.headers);
    const res = await axios.request({
      method,
      url: url + urlPath,
      headers,
      data: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      validateStatus: () => true,
      // Send strings exactly as given (axios would JSON-encode a malformed JSON string).
      transformRequest: [(data: unknown) => data],
      // Keep the raw text when it is not JSON (e.g. an empty 204).
      transformResponse: (text: string) => {
        if (text === "" || text === undefined) return text;
        try {
          return JSON.parse(text);
        } catch {
          return text;
        }
      },
    });
    return { status: res.status, body: res.data as T, headers: res.headers };
  };
}

/** The PostgreSQL server the tests use, or undefined (PGlite only). */
export function testDatabaseServer(): string | undefined {
  return process.env.CONNECTIONS_TEST_DATABASE_URL || undefined;
}

export interface TestDatabase {
  url: string;
  /** Run SQL on it directly (a short-lived connection). */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A fresh, empty database on `server` (default: the tests' server). */
export async function createTestDatabase(server = testDatabaseServer()): Promise<TestDatabase> {
  if (!server) throw new Error("no PostgreSQL server: set CONNECTIONS_TEST_DATABASE_URL");
  const name = `connections_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = async <T>(fn: (c: Client) => Promise<T>, url = server): Promise<T> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    query: (sql, params) => admin(async (c) => (await c.query(sql, params)).rows, url.toString()),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** `npm run test:unit` (tests/support/mocharc-unit.js) runs only tests that start no backend. */
function refuseInUnitTests(): void {
  if (process.env.CONNECTIONS_UNIT_TESTS) {
    throw new Error(
      "this test starts a backend: it does not belong in `npm run test:unit` (tests/support/mocharc-unit.js)",
    );
  }
}

export async function startTestBackend(options: { dataDir?: string; bodyLimit?: number } = {}): Promise<TestBackend> {
  refuseInUnitTests();
  const dataDir = options.dataDir ?? tempDir();
  const keys = testKeysFile();
  const keysFile = path.join(dataDir, "keys.json");
  fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
  const database = testDatabaseServer() ? await createTestDatabase() : undefined;
  let running: RunningBackend;
  try {
    running = await startBackend({
      dataDir,
      keysFile,
      logLevel: "silent",
      bodyLimit: options.bodyLimit,
      databaseUrl: database?.url,
    });
  } catch (err) {
    await database?.drop();
    throw err;
  }
  const request = requester(running.url, keys);
  let closing: Promise<void> | undefined;
  return {
    url: running.url,
    engine: running.engine,
    dataDir,
    keysFile,
    keys,
    apiKey: keys.apiKeys[0],
    appKey: (user) => keys.users.find((u) => u.id === user)!.applicationKeys[0],
    request,
    close: () => (closing ??= running.close().then(() => database?.drop())),
  };
}

/**
 * The backend as a child process (`backend/main.ts` through ts-node, transpile-only so it does
 * not depend on the rest of the tree compiling). Resolves once it prints its URL line.
 */
export interface ChildBackend {
  url: string;
  child: ChildProcess;
  output: () => string;
}

const REPO = path.resolve(__dirname, "../..");

export function spawnBackend(
  dataDir: string,
  keysFile: string,
  extraEnv: Record<string, string> = {},
  logLevel = "warn",
): Promise<ChildBackend> {
  refuseInUnitTests();
  const args = [
    "-r",
    "ts-node/register/transpile-only",
    path.join(REPO, "backend/main.ts"),
    "--data-dir",
    dataDir,
    "--keys-file",
    keysFile,
    "--log-level",
    logLevel,
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`backend did not start in 60 s:\n${out}`)), 60_000);
    child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => out });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`backend exited with ${code} before listening:\n${out}`), { output: out, code }));
    });
  });
}

/* ---------- request bodies ---------- */

export function connectionBody(attributes: Record<string, unknown>) {
  return { data: { type: "action_connection", attributes } };
}

export function httpConnection(name: string, tags: string[] = [], token = "s3cret-token-value") {
  return connectionBody({
    name,
    tags,
    integration: {
      type: "HTTP",
      base_url: "https://api.example.com",
      credentials: {
        type: "HTTPTokenAuth",
        tokens: [{ name: "apiToken", type: "SECRET", value: token }],
        headers: [{ name: "X-Team", value: "core" }],
      },
    },
  });
}

export function awsConnection(name: string, tags: string[] = [], accountId = "123456789012") {
  return connectionBody({
    name,
    tags,
    integration: { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: accountId, role: "workflows" } },
  });
}

export function groupBody(attributes: Record<string, unknown>) {
  return { data: { type: "connection_group", attributes } };
}

export function policyBody(resourceId: string, bindings: { relation: string; principals: string[] }[]) {
  return { data: { type: "restriction_policy", id: resourceId, attributes: { bindings } } };
}

/**
 * A connection bob owns and lets the rest of the org only view: alice may see it but not
 * resolve it, so adding it to a group is refused (403). Returns its id.
 */
export async function bobOnlyConnection(b: TestBackend): Promise<string> {
  const created = await b.request(
    "bob",
    "POST",
    "/api/v2/actions/connections",
    awsConnection("bob-only", ["account_id:999999999999"], "999999999999"),
  );
  if (created.status !== 201)
    throw new Error(`creating bob's connection: ${created.status} ${JSON.stringify(created.body)}`);
  const id: string = created.body.data.id;
  const policy = await b.request(
    "bob",
    "POST",
    `/api/v2/restriction_policy/connection:${id}`,
    policyBody(`connection:${id}`, [
      { relation: "editor", principals: ["user:bob"] },
      { relation: "viewer", principals: ["org:test-org"] },
    ]),
  );
  if (policy.status !== 200) throw new Error(`bob's policy: ${policy.status} ${JSON.stringify(policy.body)}`);
  return id;
}
