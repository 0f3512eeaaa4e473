/**
 * Nothing a client sends in a URL reaches the log unless it is known to be harmless: one row
 * per spelling of "a key in the URL" (query, percent-encoded `?` and `;`, double encoding,
 * fragments, matrix parameters, keys as path segments or query names), each sent byte for byte
 * to a backend logging at trace level, asserting its status, that the key appears nowhere in
 * the log (plain or percent-encoded), and that the log still says which route was asked for.
 * On PostgreSQL too when the PostgreSQL pass runs (the backend is then started on it).
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  ChildBackend,
  TestDatabase,
  createTestDatabase,
  spawnBackend,
  tempDir,
  testDatabaseServer,
  testKeysFile,
} from "../../tests/support/backend";
import { sendRaw } from "../../tests/support/raw-http";

const ID = "00000000-0000-4000-8000-000000000000";
const K = `LOGCANARY${crypto.randomBytes(8).toString("hex")}`;
const encoded = (s: string) =>
  [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).join("");

interface Row {
  title: string;
  target: string;
  status: number;
  auth?: boolean;
  logged?: RegExp;
}
const rows: Row[] = [
  {
    title: "a literal ?",
    target: `/api/v2/actions/connections?api_key=${K}`,
    status: 403,
    logged: /"url":"\/api\/v2\/actions\/connections\?api_key=\[redacted\]"/,
  },
  {
    title: "a percent-encoded ? (%3F)",
    target: `/api/v2/actions/connections%3Fapi_key=${K}`,
    status: 404,
    logged: /"url":"\/api\/v2\/actions\/\*"/,
  },
  { title: "a lower-case %3f", target: `/api/v2/actions/connections%3fapi_key%3d${K}`, status: 404 },
  { title: "a semicolon", target: `/api/v2/actions/connections;api_key=${K}`, status: 404 },
  { title: "a percent-encoded ; (%3B)", target: `/api/v2/actions/connections%3Bapi_key=${K}`, status: 404 },
  { title: "a double-encoded ? (%253F)", target: `/api/v2/actions/connections%253Fapi_key%253D${K}`, status: 404 },
  { title: "a fragment", target: `/api/v2/actions/connections#api_key=${K}`, status: 403 },
  { title: "an encoded fragment (%23)", target: `/api/v2/actions/connections%23api_key=${K}`, status: 404 },
  {
    title: "a matrix parameter on an id",
    target: `/api/v2/actions/connections/${ID};api_key=${K}`,
    status: 400,
    logged: /"url":"\/api\/v2\/actions\/connections\/:id"/,
  },
  { title: "a matrix parameter mid-path", target: `/api/v2/actions;api_key=${K}/connections`, status: 404 },
  {
    title: "the key as the id",
    target: `/api/v2/actions/connections/${K}`,
    status: 400,
    logged: /"url":"\/api\/v2\/actions\/connections\/:id"/,
  },
  { title: "the key as the id, percent-encoded", target: `/api/v2/actions/connections/${encoded(K)}`, status: 400 },
  {
    title: "the key as an unknown segment",
    target: `/api/v2/${K}/connections`,
    status: 404,
    logged: /"url":"\/api\/v2\/\*\/connections"/,
  },
  { title: "the key as the whole path", target: `/${K}`, status: 404 },
  { title: "an encoded slash before the key", target: `/api/v2/actions/connections%2F${K}`, status: 404 },
  {
    title: "the key as a query name",
    target: `/api/v2/actions/connections?${K}=1`,
    status: 400,
    logged: /"url":"\/api\/v2\/actions\/connections\?\*=\[redacted\]"/,
  },
  { title: "the key in an encoded query name", target: `/api/v2/actions/connections?filter%5B${K}%5D=1`, status: 400 },
  {
    title: "the key as an identifier name",
    target: `/api/v2/actions/connections/groups/${ID}/resolve?identifiers[${K}]=x`,
    status: 404,
    logged:
      /"url":"\/api\/v2\/actions\/connections\/groups\/00000000-0000-4000-8000-000000000000\/resolve\?identifiers\[\*\]=\[redacted\]"/,
  },
  {
    title: "the key in a policy's resource id",
    target: `/api/v2/restriction_policy/connection:${K}`,
    status: 400,
    logged: /"url":"\/api\/v2\/restriction_policy\/:resourceId"/,
  },
  { title: "an absolute-form target", target: `http://127.0.0.1/api/v2/actions/connections?api_key=${K}`, status: 403 },
  { title: "the key after a NUL", target: `/api/v2/actions/connections%00${K}`, status: 404 },
];

describe("backend: no key in a URL reaches the request log", function () {
  this.timeout(120_000);
  let backend: ChildBackend;
  let database: TestDatabase | undefined;
  let headers: Record<string, string>;

  before(async () => {
    const dataDir = tempDir();
    const keys = testKeysFile();
    const keysFile = path.join(dataDir, "keys.json");
    fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
    headers = { "DD-API-KEY": keys.apiKeys[0], "DD-APPLICATION-KEY": keys.users[0].applicationKeys[0] };
    database = testDatabaseServer() ? await createTestDatabase() : undefined;
    const env: Record<string, string> = database ? { CONNECTIONS_BACKEND_DATABASE_URL: database.url } : {};
    backend = await spawnBackend(dataDir, keysFile, env, "trace");
  });
  after(async () => {
    backend?.child.kill("SIGKILL");
    await database?.drop();
  });

  for (const row of rows) {
    it(`${row.title}: ${row.status}, the key is not logged`, async () => {
      const before = backend.output().length;
      const res = await sendRaw(backend.url, {
        method: "GET",
        target: row.target,
        headers: row.target.includes("api_key=") && row.status === 403 ? {} : headers,
      });
      assert.equal(res.status, row.status, res.text);
      await new Promise((r) => setTimeout(r, 100));
      const log = backend.output().slice(before);
      assert.match(log, /"msg":"incoming request"/, "the request is logged");
      for (const form of [K, K.toLowerCase(), encoded(K), encoded(K).toLowerCase(), K.slice(9)])
        assert.ok(!log.includes(form), `the log holds ${form}:\n${log}`);
      if (row.logged) assert.match(log, row.logged);
    });
  }
});
