/**
 * Visibility is decided before anything is decrypted: reading, changing or deleting a connection
 * the caller may not view answers exactly as for an id that does not exist, and decrypts
 * nothing (so it costs the same; the bench's timing is not asserted here). The data is set up
 * through the API of a real backend; the operations then run on the same database through a
 * Context whose Cipher counts its `open` calls (the only stand-in: the cipher's counter).
 * PGlite, and PostgreSQL in the PostgreSQL pass.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startBackend } from "../../backend";
import type { Caller } from "../../backend/auth/authenticate";
import { deleteConnection, getConnection, updateConnection } from "../../backend/domain/connections";
import type { Context } from "../../backend/domain/context";
import { ErrorResponse } from "../../backend/errors/error-response";
import { Cipher } from "../../backend/secrets/cipher";
import { ConnectionsTable } from "../../backend/storage/connections-table";
import { Database } from "../../backend/storage/database";
import { GroupsTable } from "../../backend/storage/groups-table";
import { principalsOf } from "../domain/directory";
import { RemovedMembersTable } from "../../backend/storage/removed-members-table";
import { PoliciesTable } from "../../backend/storage/policies-table";
import {
  TestDatabase,
  createTestDatabase,
  httpConnection,
  policyBody,
  requester,
  tempDir,
  testDatabaseServer,
  testKeysFile,
} from "../../tests/support/backend";

class CountingCipher extends Cipher {
  opened = 0;
  open(sealed: string, associated: string): string {
    this.opened++;
    return super.open(sealed, associated);
  }
}

describe("backend: visibility before decryption", function () {
  this.timeout(120_000);
  const keyHex = crypto.randomBytes(32).toString("hex");
  const keys = testKeysFile();
  const callers = Object.fromEntries(keys.users.map((u) => [u.id, { user: u, orgId: keys.org.id } as Caller]));
  let database: TestDatabase | undefined;
  let db: Database;
  let cipher: CountingCipher;
  let ctx: Context;
  let hidden: string;
  let visible: string;
  const missing = "00000000-0000-4000-8000-00000000abcd";

  before(async () => {
    const dataDir = tempDir();
    const keysFile = path.join(dataDir, "keys.json");
    fs.writeFileSync(keysFile, JSON.stringify(keys), { mode: 0o600 });
    database = testDatabaseServer() ? await createTestDatabase() : undefined;
    const backend = await startBackend({
      dataDir,
      keysFile,
      encryptionKey: keyHex,
      logLevel: "silent",
      databaseUrl: database?.url,
    });
    const request = requester(backend.url, keys);
    try {
      const a = await request(
        "bob",
        "POST",
        "/api/v2/actions/connections",
        httpConnection("bob-private", [], "sealed-secret-value"),
      );
      assert.equal(a.status, 201);
      hidden = a.body.data.id;
      const p = await request(
        "bob",
        "POST",
        `/api/v2/restriction_policy/connection:${hidden}`,
        policyBody(`connection:${hidden}`, [{ relation: "editor", principals: ["user:bob"] }]),
      );
      assert.equal(p.status, 200);
      const v = await request(
        "bob",
        "POST",
        "/api/v2/actions/connections",
        httpConnection("open", [], "another-secret"),
      );
      visible = v.body.data.id;
    } finally {
      await backend.close();
    }
    db = await Database.open(
      database
        ? { kind: "postgres", url: database.url }
        : {
            kind: "pglite",
            dataDir,
            lockEvents: { lost: () => undefined, unreadable: () => undefined, readable: () => undefined },
          },
    );
    cipher = new CountingCipher(Buffer.from(keyHex, "hex"));
    ctx = {
      db,
      connections: new ConnectionsTable(cipher),
      groups: new GroupsTable(),
      policies: new PoliciesTable(),
      removedMembers: new RemovedMembersTable(),
      principals: principalsOf(keys),
      awsPrincipalId: "123456789012",
    };
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  const ops: { name: string; run: (caller: Caller, id: string) => Promise<unknown> }[] = [
    { name: "read", run: (c, id) => getConnection(ctx, c, id) },
    { name: "change", run: (c, id) => updateConnection(ctx, c, id, { tags: ["env:x"] }) },
    { name: "delete", run: (c, id) => deleteConnection(ctx, c, id) },
  ];

  async function refusal(run: () => Promise<unknown>): Promise<{ status: number; body: unknown; opened: number }> {
    const before = cipher.opened;
    try {
      await run();
    } catch (err) {
      assert.ok(err instanceof ErrorResponse, String(err));
      return { status: err.status, body: err.toBody(), opened: cipher.opened - before };
    }
    throw new Error("expected a refusal");
  }

  for (const op of ops) {
    it(`${op.name}: a hidden connection is a 404 like a missing id, and nothing is decrypted`, async () => {
      const forHidden = await refusal(() => op.run(callers.carol, hidden));
      const forMissing = await refusal(() => op.run(callers.carol, missing));
      assert.equal(forHidden.status, 404);
      assert.equal(forHidden.opened, 0, "no secret of the hidden connection was decrypted");
      assert.equal(forMissing.opened, 0);
      assert.deepEqual(JSON.parse(JSON.stringify(forHidden.body).replaceAll(hidden, missing)), forMissing.body);
    });
  }

  it("a caller who may view it: the row is decrypted (the counter counts)", async () => {
    const before = cipher.opened;
    await getConnection(ctx, callers.carol, visible);
    assert.ok(cipher.opened > before);
  });
});
