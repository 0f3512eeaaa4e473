/**
 * Every ```sh block of the documents runs, as written, in a fresh copy of the repository (its
 * tracked and new files, committed), in document order (README.md first: its `npm ci && npm start`
 * sets the copy up), each block in one bash from the repository root, as a user would paste it.
 * After each block `git status` must be clean: no command a doc gives leaves files behind.
 *
 * Not run, and why (each line of a block is matched on its own):
 * - `npm test`: it is this test run.
 * - `npm run bench` (other than `--help`): minutes of load; `npm run bench` is its own command.
 * - README.md's "Examples" section: tests/e2e/examples.test.ts runs each of those commands and
 *   checks its output.
 * A line starting a server (`npm run backend`) runs until the server says it is listening, then
 * the server is stopped.
 *
 * DOCS_COMMANDS_ONLY=README.md,docs/reference.md runs those documents only (in a fresh copy too).
 */
import { strict as assert } from "node:assert";
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiBinDir } from "../support/pulumi";
import { Block, REPO, blocks, documents, where } from "./markdown";

const SKIPPED: { line: RegExp; why: string }[] = [
  { line: /\bnpm (run )?test(?!:)\b/, why: "it is this test run" },
  { line: /\bnpm run bench\b(?! -- --help)/, why: "minutes of load; the bench is its own command" },
];
const SKIPPED_SECTIONS = [{ doc: "README.md", section: "Examples", why: "tests/e2e/examples.test.ts runs them" }];

/** bash run before each block: `npm run backend ...` lines run until the server listens. */
const PRELUDE = `
# setsid: the server (npm and the node process under it) gets a process group of its own, stopped as one.
until_listening() {
  local log pid
  log=$(mktemp)
  setsid "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if grep -q "listening on" "$log"; then
      grep "listening on" "$log"; kill -- "-$pid"; wait "$pid" 2>/dev/null || true; rm -f "$log"; return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2; rm -f "$log"; kill -- "-$pid" 2>/dev/null || true; return 1
}
`;

/** The block as run: skipped lines commented out (said so), servers wrapped. */
export function runnable(block: Block): { script: string; skipped: string[] } {
  const skipped: string[] = [];
  const lines = block.code.split("\n").map((line) => {
    const rule = SKIPPED.find((s) => s.line.test(line.replace(/#.*$/, "")));
    if (rule) {
      skipped.push(`${where(block)}: \`${line.trim()}\` (${rule.why})`);
      return `# skipped: ${line}`;
    }
    return /^npm run backend\b/.test(line) ? `until_listening ${line}` : line;
  });
  return { script: `${PRELUDE}\nset -euo pipefail\n${lines.join("\n")}`, skipped };
}

describe("docs: every shell command of the documents runs as written", function () {
  this.timeout(3_600_000);
  const only = process.env.DOCS_COMMANDS_ONLY?.split(",").map((d) => d.trim());
  // The copy is `<base>/repo`: a doc's `../my-project` lands in <base>, removed afterwards.
  // Made in before(), so that loading this file without running it leaves nothing behind.
  let base = "";
  let copy = "";
  let env: NodeJS.ProcessEnv;

  const sh = (script: string, timeout = 1_200_000) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        "bash",
        ["-c", script],
        { cwd: copy, env, timeout, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, output: `${stdout}\n${stderr}` }),
      );
    });

  before(async () => {
    // A shell as a user has it: no npm script variables from the test runner, no targets or keys.
    env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(npm_|CONNECTIONS_|DD_|PULUMI_|QUICKSTART_|EXAMPLES_)/i.test(k)),
    );
    env.PATH = `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`;
    env.NO_COLOR = "1";
    env.CONNECTIONS_BACKEND_PORT = String(await freePort());
    base = fs.mkdtempSync(path.join(os.tmpdir(), "docs-commands-"));
    copy = path.join(base, "repo");
    fs.mkdirSync(copy);
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: REPO,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    for (const f of files) {
      if (!fs.existsSync(path.join(REPO, f))) continue; // deleted in the working tree
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO, f), path.join(copy, f));
      fs.chmodSync(path.join(copy, f), fs.statSync(path.join(REPO, f)).mode);
    }
    const init = await sh(
      "git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm copy",
    );
    assert.equal(init.code, 0, init.output);
    // Later documents assume README.md's set-up ran; with DOCS_COMMANDS_ONLY set, install anyway.
    if (only && !only.includes("README.md"))
      assert.equal((await sh("npm ci --no-audit --no-fund --prefer-offline")).code, 0);
  });
  after(() => {
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  const docs = documents().filter((d) => !only || only.includes(d));
  for (const doc of docs) {
    const shell = blocks(doc).filter(
      (b) => b.lang === "sh" && !SKIPPED_SECTIONS.some((s) => s.doc === doc && s.section === b.section),
    );
    if (shell.length === 0) continue;
    it(`${doc}: ${shell.length} block(s)`, async () => {
      for (const block of shell) {
        const { script, skipped } = runnable(block);
        for (const s of skipped) console.log(`      not run: ${s}`);
        const result = await sh(script);
        assert.equal(
          result.code,
          0,
          `${where(block)} exited ${result.code}:\n${block.code}\n--- output (last 6000 characters):\n${result.output.slice(-6000)}`,
        );
        const status = await sh("git status --porcelain --untracked-files=all");
        assert.equal(status.output.trim(), "", `git status after ${where(block)}:\n${status.output}`);
      }
    });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
