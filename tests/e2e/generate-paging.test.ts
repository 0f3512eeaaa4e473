/**
 * `generate --all` reads a list to its end: a page may hold fewer items than asked (a target that
 * caps the page size), so only an empty page or the announced total ends it; a target that
 * ignores the page number does not keep it reading forever. Against a stand-in target
 * (tests/support/stand-in-target.ts); the local backend's run is in tests/e2e/generate.test.ts.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { integrationToWire } from "pulumi-workflow-connections-rules";
import { StandInConnection, StandInOptions, StandInTarget, startStandInTarget } from "../support/stand-in-target";
import { execFile } from "node:child_process";
import { REPO } from "../support/pulumi";

const CLI = path.join(REPO, "dist/provider/cli/main.js");

/** The command with a target's URL and stand-in keys (no Pulumi CLI needed). */
function generate(
  args: string[],
  url = "http://127.0.0.1:9",
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    CONNECTIONS_API_URL: url,
    DD_API_KEY: "stand-in-api-key",
    DD_APP_KEY: "stand-in-app-key",
  };
  return new Promise((resolve) =>
    execFile("node", [CLI, "generate", ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    ),
  );
}

const connections: StandInConnection[] = Array.from({ length: 7 }, (_, i) => ({
  id: `5b0e8f3a-0000-4000-8000-${String(i).padStart(12, "0")}`,
  attributes: {
    name: `aws ${i}`,
    tags: [`account_id:${String(i).padStart(12, "1")}`],
    integration: integrationToWire({ type: "AWS", accountId: String(i).padStart(12, "1"), role: "workflows" }),
  },
}));

describe("e2e: generate --all reads every page", function () {
  this.timeout(120_000);
  const targets: StandInTarget[] = [];
  after(() => Promise.all(targets.map((t) => t.close())));

  const cases: { title: string; options: StandInOptions; pageSize: number; lists: number }[] = [
    {
      title: "pages shorter than asked (capped at 2 of 5), a total in meta",
      options: { maxPageSize: 2 },
      pageSize: 5,
      lists: 4,
    },
    {
      title: "pages shorter than asked, no total: up to the empty page",
      options: { maxPageSize: 2, noMeta: true },
      pageSize: 5,
      lists: 5,
    },
    { title: "full pages of 3, a total in meta", options: {}, pageSize: 3, lists: 3 },
    {
      title: "a target that ignores the page number: stops at the first page with nothing new",
      options: { ignorePageNumber: true, maxPageSize: 3, noMeta: true },
      pageSize: 3,
      lists: 2,
    },
  ];
  for (const { title, options, pageSize, lists } of cases) {
    it(title, async () => {
      const target = await startStandInTarget(connections, [], options);
      targets.push(target);
      const gen = await generate(["--all", "--page-size", String(pageSize)], target.url);
      assert.equal(gen.code, 0, gen.stderr);
      const adopted = [...gen.stdout.matchAll(/adoptId: "([^"]+)"/g)].map((m) => m[1]);
      const expected = options.ignorePageNumber ? connections.slice(0, 3) : connections;
      assert.deepEqual(
        adopted,
        expected.map((c) => c.id),
      );
      const listed = target.requests.filter((r) => r.startsWith("GET /api/v2/actions/connections?"));
      assert.equal(listed.length, lists, listed.join("\n"));
      assert.ok(
        listed.every((r) => r.includes(`page%5Bsize%5D=${pageSize}`) || r.includes(`page[size]=${pageSize}`)),
        listed.join("\n"),
      );
    });
  }

  it("--page-size must be a whole number from 1 to 100", async () => {
    for (const bad of ["0", "101", "2.5", "x"]) {
      const gen = await generate(["--all", "--page-size", bad]);
      assert.equal(gen.code, 2, gen.stderr);
      assert.match(gen.stderr, /--page-size: a whole number from 1 to 100 /);
    }
  });
});
