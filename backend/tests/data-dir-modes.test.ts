/**
 * The data directory and everything in it are private to the backend's user: directories 0700,
 * files 0600 (PGlite's files too), whatever the umask, while running and after close; an
 * existing directory or file that other users may read is reported in the start's warnings.
 * On PGlite, and on PostgreSQL in the PostgreSQL pass (the data dir then holds the keys file
 * and the encryption key only).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { RunningBackend, startBackend } from "../../backend";
import {
  TestDatabase,
  awsConnection,
  createTestDatabase,
  requester,
  tempDir,
  testDatabaseServer,
  testKeysFile,
} from "../../tests/support/backend";

/** Every path under `root` (itself included) whose mode is not 0700 (directories) or 0600 (files). */
function notPrivate(root: string): string[] {
  const wrong: string[] = [];
  const visit = (file: string) => {
    const stat = fs.lstatSync(file);
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) wrong.push(`${file} ${(stat.mode & 0o777).toString(8)}`);
      for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    } else if (stat.isFile() && (stat.mode & 0o777) !== 0o600) wrong.push(`${file} ${(stat.mode & 0o777).toString(8)}`);
  };
  visit(root);
  return wrong;
}

describe("backend: data directory modes", function () {
  this.timeout(180_000);
  let database: TestDatabase | undefined;
  let saved: number;
  beforeEach(async () => {
    saved = process.umask();
    database = testDatabaseServer() ? await createTestDatabase() : undefined;
  });
  afterEach(async () => {
    process.umask(saved);
    await database?.drop();
  });

  const start = (dataDir: string) => startBackend({ dataDir, logLevel: "silent", databaseUrl: database?.url });

  async function writeSomething(b: RunningBackend) {
    const as = { apiKey: b.keys.apiKeys[0], appKey: b.keys.users[0].applicationKeys[0] };
    const res = await requester(b.url, b.keys)(
      as,
      "POST",
      "/api/v2/actions/connections",
      awsConnection("private", ["account_id:123456789012"]),
    );
    assert.equal(res.status, 201);
  }

  for (const umask of [0o000, 0o022]) {
    it(`a new data directory (and its parents) under umask ${umask.toString(8).padStart(3, "0")}: 0700 directories, 0600 files, running and closed; no warning`, async () => {
      process.umask(umask);
      const root = path.join(tempDir(), "new");
      const dataDir = path.join(root, "data", "backend");
      const b = await start(dataDir);
      try {
        assert.deepEqual(b.warnings, []);
        await writeSomething(b);
        assert.deepEqual(notPrivate(root), [], "while running");
      } finally {
        await b.close();
      }
      assert.deepEqual(notPrivate(root), [], "after close");
      if (!database) assert.ok(fs.readdirSync(path.join(dataDir, "pgdata")).length > 5, "PGlite's files were checked");
    });
  }

  const wider: { title: string; setup: (dataDir: string) => void; warning: RegExp }[] = [
    {
      title: "a data directory of mode 0755",
      setup: (d) => fs.chmodSync(d, 0o755),
      warning: /the data directory .* is open to other local users \(mode 0755\).*chmod 700/,
    },
    {
      title: "a data directory of mode 0770",
      setup: (d) => fs.chmodSync(d, 0o770),
      warning: /is open to other local users \(mode 0770\)/,
    },
    {
      title: "a keys file of mode 0644",
      setup: (d) => fs.chmodSync(path.join(d, "keys.json"), 0o644),
      warning: /keys\.json is open to other local users \(mode 0644\): run chmod 600/,
    },
    {
      title: "an encryption key file of mode 0640",
      setup: (d) => fs.chmodSync(path.join(d, "secret.key"), 0o640),
      warning: /secret\.key is open to other local users \(mode 0640\)/,
    },
  ];
  for (const row of wider) {
    it(`${row.title} is reported at start and left as the operator set it`, async () => {
      const dataDir = tempDir();
      fs.writeFileSync(path.join(dataDir, "keys.json"), JSON.stringify(testKeysFile()), { mode: 0o600 });
      const first = await start(dataDir);
      await first.close();
      row.setup(dataDir);
      const before = fs.statSync(dataDir).mode;
      const b = await start(dataDir);
      try {
        assert.equal(b.warnings.length, 1, b.warnings.join("\n"));
        assert.match(b.warnings[0], row.warning);
        assert.equal(fs.statSync(dataDir).mode, before);
      } finally {
        await b.close();
      }
    });
  }

  it("PGlite files left open to others (an older version, another umask) are made private, and said so", async function () {
    if (database) this.skip(); // PostgreSQL keeps no database files in the data dir
    const dataDir = tempDir();
    const first = await start(dataDir);
    await first.close();
    const pgdata = path.join(dataDir, "pgdata");
    fs.chmodSync(pgdata, 0o755);
    for (const name of fs.readdirSync(path.join(pgdata, "global")).slice(0, 5))
      fs.chmodSync(path.join(pgdata, "global", name), 0o644);
    const b = await start(dataDir);
    try {
      assert.equal(b.warnings.length, 1);
      assert.match(
        b.warnings[0],
        /^6 files and directories under .*pgdata were open to other local users; they are now private/,
      );
      assert.deepEqual(notPrivate(dataDir), []);
    } finally {
      await b.close();
    }
  });
});
