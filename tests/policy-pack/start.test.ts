/**
 * The pack's entry as the launcher runs it (`node policy-pack`, built): it serves and prints a
 * port, without loading the SDK parts a pack never uses (they count in every preview's time),
 * and those parts still work when something does use them.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as path from "node:path";

const PACK = path.resolve(__dirname, "../../policy-pack");

describe("policy pack: its entry", function () {
  this.timeout(60_000);

  it("serves: prints the port it listens on", async () => {
    const child = spawn(process.execPath, [PACK, "127.0.0.1:1", "."], { cwd: PACK, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("\n")) resolve(out.split("\n")[0]);
        });
        child.on("exit", (code) => reject(new Error(`exited ${code} before printing a port`)));
      });
      assert.match(line, /^\d+$/);
    } finally {
      child.kill();
    }
  });

  it("loads neither the Automation API, the closure serializer nor TypeScript, until used", () => {
    const script = `
      const log = console.log; console.log = () => {};
      require(${JSON.stringify(PACK)});
      // The costly parts: TypeScript and npm's tree reader (the closure serializer's), and the
      // Automation API's modules beyond its index (which is the stand-in until used).
      const loaded = () => Object.keys(require.cache).filter((k) => require.cache[k].loaded &&
        (/[\\/]node_modules[\\/](typescript|@npmcli[\\/]arborist)[\\/]/.test(k) || (/[\\/]automation[\\/]/.test(k) && !/[\\/]automation[\\/]index\\.js$/.test(k))));
      const before = loaded().length;
      const works = typeof require("@pulumi/pulumi").automation.LocalWorkspace.create === "function";
      log(JSON.stringify({ before, works, after: loaded().length }));
      process.exit(0);`;
    const result = JSON.parse(
      execFileSync(process.execPath, ["-e", script], { cwd: PACK, encoding: "utf8" }).trim().split("\n").pop()!,
    );
    assert.deepEqual({ before: result.before, works: result.works }, { before: 0, works: true });
    assert.ok(result.after > 0, "using the Automation API loads it");
  });
});
