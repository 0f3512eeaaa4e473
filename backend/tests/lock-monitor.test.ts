/**
 * The data-directory lock's monitor: a lock file it cannot read (EMFILE when the process ran out
 * of descriptors, EACCES, EIO) is "unknown", not "lost"; the monitor reports each change of state
 * once and keeps watching, so a real loss after a read failure is still reported. The read
 * failures are injected (they cannot be caused here without starving the test process); the
 * lock, its file and its removal are real.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { lockDataDir } from "../../backend/storage/lock";
import { tempDir } from "../../tests/support/backend";

/** What the monitor's read does at each check: read the file, fail with a code, or remove the file first. */
type Step = "ok" | "EMFILE" | "EACCES" | "EIO" | "remove";

const rows: { title: string; steps: Step[]; events: string[] }[] = [
  { title: "EMFILE, then readable again", steps: ["EMFILE", "EMFILE", "ok", "ok"], events: ["unreadable", "readable"] },
  {
    title: "EACCES for a while: reported once",
    steps: ["EACCES", "EACCES", "EACCES", "ok"],
    events: ["unreadable", "readable"],
  },
  {
    title: "EIO, then the lock file removed: the loss is still reported",
    steps: ["EIO", "ok", "remove", "ok"],
    events: ["unreadable", "readable", "lost"],
  },
  { title: "EMFILE, then removed while unreadable", steps: ["EMFILE", "remove", "ok"], events: ["unreadable", "lost"] },
  {
    title: "removed, then unreadable: both reported",
    steps: ["remove", "EMFILE", "ok"],
    events: ["lost", "unreadable", "lost"],
  },
  { title: "always readable: nothing reported", steps: ["ok", "ok", "ok"], events: [] },
];

describe("backend: the data-dir lock monitor", function () {
  this.timeout(30_000);
  for (const row of rows) {
    it(`${row.title}: ${row.events.join(", ") || "no event"}`, async () => {
      const dir = tempDir("lock-monitor-");
      const events: string[] = [];
      let check = 0;
      let finished!: () => void;
      const done = new Promise<void>((resolve) => (finished = resolve));
      const lock = await lockDataDir(
        dir,
        {
          lost: () => events.push("lost"),
          unreadable: (err) => {
            assert.match(err.message, /cannot read the lock file .* whether this process still holds it is unknown/);
            events.push("unreadable");
          },
          readable: () => events.push("readable"),
        },
        {
          checkEveryMs: 5,
          read: (file) => {
            const step = row.steps[check++];
            if (check >= row.steps.length) finished();
            if (step === undefined) return fs.readFileSync(file, "utf8");
            if (step === "remove") fs.rmSync(file, { force: true });
            else if (step !== "ok") throw Object.assign(new Error(`${step}: injected`), { code: step });
            return fs.readFileSync(file, "utf8");
          },
        },
      );
      try {
        await done;
        await new Promise((r) => setTimeout(r, 30)); // a few more checks: no event repeats
        assert.deepEqual(events, row.events);
      } finally {
        await lock.release();
      }
      if (!row.steps.includes("remove")) assert.ok(!fs.existsSync(path.join(dir, "backend.lock")), "released");
    });
  }
});
