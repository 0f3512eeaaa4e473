/**
 * The preflight's questions to the target, asked from the program for every resource of a wave
 * that needs them (a connection that declares `access`, every group), so what only the target
 * can tell is reported for all resources in one preview, not for the first one the engine
 * checks. Per target and key pair, in this process: the keys are verified once, who the key's
 * user is is fetched once, each principal is looked up once (the runtime's caches, keyed by the
 * target's client). The questions are the provider's own `check` (../runtime), run here on the
 * program's settled inputs, so the two always agree; nothing is written.
 *
 * The resource then tells the provider's `check` (its check-only `preflight` input) what was
 * already asked, so the engine's check asks the target nothing again in the same run.
 */
import type { RuleIssue } from "pulumi-workflow-connections-rules";
import type { PreflightNote } from "../runtime/targets";
import type { RemoteFindings } from "./gate";
import { settings as programSettings } from "./target";

type Runtime = {
  settings: typeof import("../runtime/settings");
  keys: typeof import("../runtime/key-check");
  liveWorld: typeof import("../runtime/live-world");
  connection: ReturnType<typeof import("../runtime/targets").withTargets>;
  group: ReturnType<typeof import("../runtime/targets").withTargets>;
};

let runtime: Runtime | undefined;

/** The provider's runtime, loaded on first use (a program whose resources ask nothing never loads the client). */
function load(): Runtime {
  if (runtime) return runtime;
  const settings = programSettings();
  const { withTargets } = require("../runtime/targets") as typeof import("../runtime/targets");
  const c = require("../runtime/connection-provider") as typeof import("../runtime/connection-provider");
  const g = require("../runtime/group-provider") as typeof import("../runtime/group-provider");
  runtime = {
    settings,
    keys: require("../runtime/key-check"),
    liveWorld: require("../runtime/live-world"),
    connection: withTargets("connection", { ...c, delete: c.remove }),
    group: withTargets("connection-group", { ...g, delete: g.remove }),
  };
  return runtime;
}

/** Targets whose keys this process verified (by client identity: URL and keys). */
const verified = new Set<string>();

function identity(target: unknown): string | undefined {
  const { settings } = load();
  try {
    const spec = settings.targetSpecOf(target);
    return JSON.stringify([settings.resolveTarget(spec).baseUrl, spec?.apiKey, spec?.appKey]);
  } catch {
    return undefined;
  }
}

/** The current target's key problem (see ../runtime/key-check.ts), remembering a target whose keys are good. */
async function currentKeysProblem(target: unknown): Promise<string | undefined> {
  const problem = await load().keys.keysProblem();
  const key = problem === undefined ? identity(target) : undefined;
  if (key) verified.add(key);
  return problem;
}

/**
 * Verifies a target's keys only, for a resource that asks the target nothing else (a connection
 * without `access`). Every resource's target is verified from the program, so a refused or
 * missing key of each target is reported in the same preview: left to the engine's `check`,
 * the first failing resource would end the deployment before another target's keys are known.
 */
export function verifyKeys(target: unknown): Promise<RemoteFindings> {
  return load().settings.withTarget(target, async () => {
    const problem = await currentKeysProblem(target);
    return problem ? { issues: [], targetProblem: problem } : { issues: [] };
  });
}

/**
 * Asks the target what `check` would ask it, for one resource (`kind`, its settled inputs);
 * `localIssues` are left out of the answer (the program already reported them).
 */
export async function askTarget(
  kind: "connection" | "connection-group",
  inputs: Record<string, unknown>,
  localIssues: readonly string[],
): Promise<RemoteFindings> {
  const rt = load();
  return rt.settings.withTarget(inputs.target, async () => {
    // A group's check asks what the target can do with groups: asked now, beside the key check (cached per target).
    if (kind === "connection-group" && !rt.keys.cannotAsk())
      void rt.liveWorld.capabilities(rt.settings.getClient()).catch(() => undefined);
    const problem = await currentKeysProblem(inputs.target);
    if (problem) return { issues: [], targetProblem: problem };
    const provider = kind === "connection" ? rt.connection : rt.group;
    const note: PreflightNote = { keysVerified: true, inProgram: true };
    const result = await provider.check({}, { ...inputs, preflight: note });
    const seen = new Set(localIssues);
    const issues: RuleIssue[] = [];
    for (const f of result.failures ?? []) {
      if (!seen.has(f.reason)) issues.push({ path: [], message: f.reason });
      seen.add(f.reason);
    }
    return { issues };
  });
}

/** What the resource's `check` may skip: keys verified for its target in this run, and whether its remote checks ran here. */
export function noteFor(target: unknown, remoteChecked: boolean): PreflightNote {
  const key = runtime ? identity(target) : undefined;
  const note: PreflightNote = {};
  if (key && verified.has(key)) note.keysVerified = true;
  if (remoteChecked && note.keysVerified) note.remoteChecked = true;
  return note;
}
