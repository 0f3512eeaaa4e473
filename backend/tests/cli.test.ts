/**
 * The backend's command line (`npm run backend -- --help`): every flag and every environment
 * variable main.ts reads is in the usage, with the paths a user types; a wrong flag fails with a
 * pointer to --help instead of starting.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const MAIN = path.join(REPO, "backend/dist/main.js");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO, encoding: "utf8", timeout: 30_000 });

describe("backend: command line", () => {
  it("--help lists every flag and environment variable main.ts reads, and exits 0", () => {
    const help = run("--help");
    assert.equal(help.status, 0, help.stderr);
    const source = fs.readFileSync(path.join(REPO, "backend/main.ts"), "utf8");
    const variables = [...new Set([...source.matchAll(/env\.(CONNECTIONS_BACKEND_\w+)/g)].map((m) => m[1]))];
    const flags = [...source.matchAll(/^ {2}"?([a-z-]+)"?: \{ type: "(?:string|boolean)"/gm)].map((m) => `--${m[1]}`);
    assert.ok(variables.length >= 8 && flags.length >= 7, `${variables} ${flags}`);
    for (const name of [...variables, ...flags])
      assert.ok(help.stdout.includes(name), `--help mentions ${name}:\n${help.stdout}`);
    assert.match(help.stdout, /node backend\/dist\/main\.js/, "the path a user types from the repository root");
    assert.match(help.stdout, /default \.data\/backend/);
    assert.equal(run("-h").stdout, help.stdout);
  });

  it("an unknown flag or a missing value fails, pointing at --help", () => {
    for (const args of [["--bogus"], ["--port"], ["extra"]]) {
      const result = run(...args);
      assert.equal(result.status, 1, `${args}: ${result.stdout}`);
      assert.match(result.stderr, /connections backend failed to start: .*\(--help lists the options\)/);
      assert.doesNotMatch(result.stdout, /listening on/);
    }
  });
});
