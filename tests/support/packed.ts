/**
 * The package as a user installs it (README, "In your own project"): packed from this checkout
 * and installed with npm into a project outside the repository, next to @pulumi/pulumi. Packed
 * and installed once per test process; each workspace then links that project's node_modules.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiWorkspace, REPO } from "./pulumi";

let installed: { root: string; tarball: string; nodeModules: string } | undefined;

/** Packs the package (once) and installs it in a project of its own; returns its paths. */
export function packedProject(): { tarball: string; nodeModules: string } {
  if (installed) return installed;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "packed-package-"));
  execFileSync("npm", ["pack", "--silent", "--pack-destination", root], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const tarball = path.join(
    root,
    fs.readdirSync(root).find((f) => f.endsWith(".tgz"))!,
  );
  const pulumiVersion = JSON.parse(
    fs.readFileSync(path.join(REPO, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
  ).version;
  const project = path.join(root, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({
      name: "user-project",
      private: true,
      dependencies: { "pulumi-workflow-connections": `file:${tarball}`, "@pulumi/pulumi": pulumiVersion },
    }),
  );
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: project,
    encoding: "utf8",
  });
  assert.equal(install.status, 0, install.stderr);
  installed = { root, tarball, nodeModules: path.join(project, "node_modules") };
  process.once("exit", () => fs.rmSync(root, { recursive: true, force: true }));
  return installed;
}

/** The workspace's program uses the installed package (not this checkout's), as a user's program does. */
export function usePackedPackage(ws: PulumiWorkspace): void {
  const link = path.join(ws.programDir, "node_modules");
  fs.unlinkSync(link);
  fs.symlinkSync(packedProject().nodeModules, link);
}
