/**
 * The data directory: acknowledged writes survive `kill -9`, one process per directory,
 * secrets never stored in plain text (after writes, after a kill, after a clean close).
 */
import assert from "node:assert/strict";
import { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startBackend } from "../../backend";
import {
  ChildBackend,
  CONNS,
  httpConnection,
  requester,
  spawnBackend,
  startTestBackend,
  tempDir,
  testKeysFile,
} from "../../tests/support/backend";

/** Every file under `dir` that contains `needle` (bytes, so binary files count too). */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && fs.readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );
}

describe("backend: data directory", function () {
  this.timeout(120_000);

  it("keeps every acknowledged write across kill -9, refuses a second process, and never stores secrets in plain text", async () => {
    const dataDir = tempDir();
    const keys = testKeysFile();
    const keysFile = path.join(dataDir, "keys.json");
    fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });

    let backend: ChildBackend = await spawnBackend(dataDir, keysFile);
    let request = requester(backend.url, keys);
    const acknowledged = new Map<string, string>(); // id -> secret token value
    const secrets: string[] = [];

    // 4 writers stream creates; the backend is killed while requests are in flight.
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const secret = `plaintext-secret-${w}-${i}-${Math.random().toString(36).slice(2)}`;
        secrets.push(secret);
        try {
          const res = await request(
            "alice",
            "POST",
            CONNS,
            httpConnection(`durable-${w}-${i}`, ["suite:durability"], secret),
          );
          if (res.status === 201) acknowledged.set(res.body.data.id, secret);
        } catch {
          return; // connection refused/reset: the process is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 20));
    backend.child.kill("SIGKILL");
    await exited(backend.child);
    stop = true;
    await Promise.all(writers);
    assert.ok(acknowledged.size >= 150);

    // Not even the write-ahead log of a killed process holds a secret.
    for (const secret of secrets.slice(0, 50))
      assert.deepEqual(filesContaining(dataDir, secret), [], `secret found in ${dataDir}`);
    // Control: the same search does find what is stored in plain text (names).
    assert.notDeepEqual(filesContaining(dataDir, "durable-0-0"), []);

    // Restart with full logging: the log must hold neither keys nor secrets.
    backend = await spawnBackend(dataDir, keysFile, {}, "trace");
    request = requester(backend.url, keys);
    const logged = "logged-secret-value-must-not-appear";
    assert.equal((await request("bob", "POST", CONNS, httpConnection("logged", [], logged))).status, 201);
    assert.equal(
      (
        await request("bob", "POST", CONNS, {
          data: { type: "action_connection", attributes: { name: "bad", tags: [logged] } },
        })
      ).status,
      400,
    );
    for (const [id] of acknowledged) {
      const res = await request("alice", "GET", `${CONNS}/${id}`);
      assert.equal(res.status, 200, `acknowledged write ${id} lost after kill -9`);
      assert.equal(res.body.data.attributes.integration.credentials.tokens[0].value, "");
    }

    // A second process on the same directory is refused, naming the directory.
    const second = await spawnBackend(dataDir, keysFile).then(
      (b) => {
        b.child.kill("SIGKILL");
        throw new Error("a second backend started on the same data dir");
      },
      (err: Error & { code?: number; output?: string }) => err,
    );
    assert.equal(second.code, 1);
    assert.match(
      second.output!,
      new RegExp(
        `the data directory ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is in use by another connections backend \\(pid \\d+\\)`,
      ),
    );

    const log = backend.output();
    assert.match(log, /"statusCode":201/, "requests are logged");
    for (const secret of [logged, keys.apiKeys[0], ...keys.users.map((u) => u.applicationKeys[0])])
      assert.ok(!log.includes(secret), `log contains ${secret}`);

    // Clean stop (SIGTERM) -> exit 0; after the checkpoint no secret is on disk either.
    backend.child.kill("SIGTERM");
    assert.equal(await exited(backend.child), 0);
    const sample = [...acknowledged.values()];
    for (const secret of [...sample.slice(0, 25), ...sample.slice(-25)])
      assert.deepEqual(filesContaining(dataDir, secret), []);
    assert.equal(fs.existsSync(path.join(dataDir, "backend.lock")), false, "the lock is released on a clean stop");

    // Another encryption key than the one the directory was written with is refused at start.
    const wrongKey = await spawnBackend(dataDir, keysFile, { CONNECTIONS_BACKEND_ENCRYPTION_KEY: "a".repeat(64) }).then(
      () => assert.fail("started with the wrong key"),
      (err: Error & { output?: string }) => err.output ?? "",
    );
    assert.match(wrongKey, /encryption key does not match/);
  });

  it("in-process: a second start on the same dir is refused; keys and secret key files are 0600; secrets sealed", async () => {
    const b = await startTestBackend();
    try {
      await assert.rejects(
        startBackend({ dataDir: b.dataDir, logLevel: "silent" }),
        /data directory .* is in use by another connections backend/,
      );
      const secret = "sk-in-process-secret-value-0123456789";
      const created = await b.request("alice", "POST", CONNS, {
        data: {
          type: "action_connection",
          attributes: {
            name: "openai",
            integration: { type: "OpenAI", credentials: { type: "OpenAIAPIKey", api_token: secret } },
          },
        },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.data.attributes.integration.credentials.api_token, "");
      assert.deepEqual(filesContaining(b.dataDir, secret), []);
      assert.equal(fs.statSync(path.join(b.dataDir, "secret.key")).mode & 0o777, 0o600);
      await b.close();
      assert.deepEqual(filesContaining(b.dataDir, secret), []);
    } finally {
      await b.close();
    }
  });

  it("generates a keys file (0600, one admin user) on first start", async () => {
    const dataDir = tempDir();
    const running = await startBackend({ dataDir, logLevel: "silent" });
    try {
      assert.equal(running.keysFile, path.join(dataDir, "keys.json"));
      assert.equal(fs.statSync(running.keysFile).mode & 0o777, 0o600);
      const keys = JSON.parse(fs.readFileSync(running.keysFile, "utf8"));
      assert.equal(keys.users.length, 1);
      assert.equal(keys.users[0].id, "admin");
      const res = await fetch(`${running.url}${CONNS}`, {
        headers: { "DD-API-KEY": keys.apiKeys[0], "DD-APPLICATION-KEY": keys.users[0].applicationKeys[0] },
      });
      assert.equal(res.status, 200);
    } finally {
      await running.close();
    }
  });
});
