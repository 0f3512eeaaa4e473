/**
 * Runs the real Pulumi CLI against a program in a throwaway workspace: its own PULUMI_HOME, a
 * `file://` state backend in a temp dir, a passphrase, no update check. The program directory
 * gets a `node_modules` link to the repo's, so it imports this package by name, like a user's.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");

let binDir: string | undefined;
/** The directory holding pulumi, pulumi-language-nodejs and the dynamic-provider plugin. */
export function pulumiBinDir(): string {
  if (binDir) return binDir;
  binDir =
    process.env.PULUMI_BIN_DIR ||
    execFileSync("bash", [path.join(REPO, "scripts/ensure-pulumi.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop()!;
  return binDir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

export class PulumiWorkspace {
  readonly root: string;
  readonly programDir: string;
  readonly stateDir: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly project: string,
    readonly stack = "test",
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-${project}-`));
    this.programDir = path.join(this.root, "program");
    this.stateDir = path.join(this.root, "state");
    this.home = path.join(this.root, "home");
    for (const d of [this.programDir, this.stateDir, this.home]) fs.mkdirSync(d, { recursive: true });
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(this.programDir, "node_modules"));
    this.env = {
      ...process.env,
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: this.home,
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
      ...extraEnv,
    };
  }

  /** Write the program: Pulumi.yaml plus the given files (index.ts at least). */
  writeProgram(files: Record<string, string>): void {
    fs.writeFileSync(path.join(this.programDir, "Pulumi.yaml"), `name: ${this.project}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(this.programDir, "package.json"), JSON.stringify({ name: this.project, private: true }));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(this.programDir, name), text);
  }

  run(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
    return this.exec("pulumi", [...args, "--non-interactive", "--color", "never"], opts);
  }

  /** Copy an example's files (not its package.json: the workspace writes its own). */
  copyExample(dir: string, files: string[]): void {
    for (const f of files) fs.copyFileSync(path.join(REPO, dir, f), path.join(this.programDir, f));
  }

  /** Run any command in the program directory with the workspace's environment. */
  exec(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        command,
        args,
        { cwd: this.programDir, env: { ...this.env, ...opts.env }, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as { code?: unknown }).code === "number"
              ? (err as { code: number }).code
              : 1
            : 0;
          resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
        },
      );
    });
  }

  async init(config: Record<string, string | { secret: string }> = {}): Promise<void> {
    await this.must(["stack", "init", this.stack]);
    for (const [key, value] of Object.entries(config)) {
      if (typeof value === "string") await this.must(["config", "set", key, value]);
      else await this.must(["config", "set", "--secret", key, value.secret]);
    }
  }

  /** Run and fail loudly (with the CLI's output) on a non-zero exit. */
  async must(args: string[], opts?: { env?: NodeJS.ProcessEnv }): Promise<CliResult> {
    const result = await this.run(args, opts);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  }

  /** The stack's state file as the file backend wrote it. */
  stateFile(): string {
    return path.join(this.stateDir, ".pulumi", "stacks", this.project, `${this.stack}.json`);
  }

  state(): {
    text: string;
    resources: {
      urn: string;
      type: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
  } {
    const text = fs.readFileSync(this.stateFile(), "utf8");
    const resources = JSON.parse(text).checkpoint?.latest?.resources ?? [];
    return { text, resources };
  }

  /** Resources of one of our types: "Connection" or "ConnectionGroup". */
  resourcesOf(kind: string) {
    return this.state().resources.filter((r) => r.type.endsWith(`:${kind}`));
  }

  cleanup(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
