/**
 * The package as a user has it: `npm pack`, then installed (with @pulumi/pulumi) into a
 * throwaway directory whose node_modules the bench programs link. This matters for what is
 * measured: installed under node_modules, the serialized provider in state is a `require` by
 * package name; through the repository's self-link it would be stored by value.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function installPackedPackage(repo: string): { nodeModules: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-install-"));
  execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: repo,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const tarball = fs.readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  const sdk = JSON.parse(fs.readFileSync(path.join(repo, "node_modules/@pulumi/pulumi/package.json"), "utf8")).version;
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({
      name: "bench-user",
      private: true,
      dependencies: { "pulumi-workflow-connections": `file:${path.join(dir, tarball)}`, "@pulumi/pulumi": sdk },
    }),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return {
    nodeModules: path.join(dir, "node_modules"),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
