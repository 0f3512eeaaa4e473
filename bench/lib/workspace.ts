/**
 * A throwaway Pulumi workspace (own PULUMI_HOME, file:// state, passphrase, no update check),
 * like tests/support/pulumi.ts, plus wall-clock timing of each CLI command. The program dir
 * links a node_modules holding the installed package (bench/lib/install.ts), like a user's.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Timed {
  code: number;
  seconds: number;
  output: string;
}

export class BenchWorkspace {
  readonly root: string;
  readonly programDir: string;
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    nodeModules: string,
    binDir: string,
    readonly project: string,
    extraEnv: NodeJS.ProcessEnv,
    readonly stack = "bench",
  ) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${project}-`));
    this.programDir = path.join(this.root, "program");
    this.stateDir = path.join(this.root, "state");
    const home = path.join(this.root, "home");
    for (const d of [this.programDir, this.stateDir, home]) fs.mkdirSync(d, { recursive: true });
    fs.symlinkSync(nodeModules, path.join(this.programDir, "node_modules"));
    this.env = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: home,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
      ...extraEnv,
    };
  }

  writeProgram(indexTs: string): void {
    fs.writeFileSync(path.join(this.programDir, "Pulumi.yaml"), `name: ${this.project}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(this.programDir, "index.ts"), indexTs);
  }

  /** Run one CLI command; wall-clock seconds from spawn to exit. */
  run(args: string[], timeoutMs = 600_000): Promise<Timed> {
    return new Promise((resolve) => {
      const start = process.hrtime.bigint();
      const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
        cwd: this.programDir,
        env: this.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("error", (err) => (output += `\n${err.message}`));
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, seconds: Number(process.hrtime.bigint() - start) / 1e9, output });
      });
    });
  }

  async must(args: string[]): Promise<Timed> {
    const r = await this.run(args);
    if (r.code !== 0)
      throw new Error(`pulumi ${args.join(" ")} (${this.project}) exited ${r.code}:\n${r.output.slice(-4000)}`);
    return r;
  }

  stateFile(): string {
    return path.join(this.stateDir, ".pulumi", "stacks", this.project, `${this.stack}.json`);
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
