/**
 * Every mistake in one preview. The engine stops a deployment at the first resource whose
 * `check` fails (step_generator.go: "resource … is invalid"), so `check` alone shows one
 * resource's mistakes per run. The program itself sees every resource first: each constructor
 * hands its inputs here, and its registration waits (through `dependsOn`) until they are checked.
 *
 * Resources constructed in the same turn of the event loop (a program's top level, or one
 * `apply` callback) form a *wave*; the wave closes on the next macrotask, when every input that
 * was a plain value, a config value or another settled Output is known. What only the target
 * can tell (keys, who the key's user is, whether principals and members exist) is then asked
 * for the whole wave at once (./remote.ts: once per target, however many resources), and:
 * - no problem: every resource of the wave is released (registered as usual: same state; a
 *   program that asks the target nothing waits no longer than that one macrotask);
 * - problems: each is logged under its own resource (a URN computed the way the engine does,
 *   since the resource is never registered) and the resource is held back for good.
 *   `pulumi up` holds back the whole wave, so none of this package's resources is written.
 *   `pulumi preview` writes nothing anyway, so it releases the valid ones: values that depend on
 *   them become known and the resources waiting for those values are checked too.
 * - a target problem (a refused or missing key) is logged once, not under each resource, and
 *   holds back every resource of that target.
 * When the event loop drains, the program logs one summary and exits with the SDK's "error
 * already reported" code, so the preview or update fails once, without a stack trace.
 * Values still unknown at preview are left to the provider's `check`, which runs once they are
 * known; a resource that failed here is never registered, so nothing is reported twice.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatIssue, hideSecretValues, RuleIssue } from "pulumi-workflow-connections-rules";

/** Who a resource is, enough to name it in diagnostics without registering it. */
export interface Subject {
  name: string;
  /** The full type token, e.g. `pulumi-nodejs:dynamic/connections:Connection`. */
  type: string;
  parent?: pulumi.Resource;
}

/** What a resource's checks found without the target, and how to ask the target (./remote.ts). */
export interface Checked {
  issues: RuleIssue[];
  /** The secret values of the resource's inputs: never printed, whichever message would hold them. */
  secrets?: readonly string[];
  remote?: () => Promise<RemoteFindings>;
}

/** What the target said: problems of the resource, or one problem of the target itself (its keys). */
export interface RemoteFindings {
  issues: RuleIssue[];
  targetProblem?: string;
}

interface Entry {
  subject: Subject;
  checked?: Checked;
  issues?: RuleIssue[];
  targetProblem?: string;
  /** The wave has closed: decide as soon as the issues are known. */
  due: boolean;
  release(): void;
}

/** The Node SDK's exit code for "the program failed and already told the user why". */
const ERROR_ALREADY_REPORTED = 32;

let wave: Entry[] | undefined;
let problems = 0;
const failedResources = new Set<string>();
let exitHookInstalled = false;

/**
 * Registers a resource for the preflight. Returns what its `dependsOn` must include: a promise
 * that resolves (to no resource) when it may be registered, and never when it failed.
 */
export function admit(subject: Subject, checked: Promise<Checked>): Promise<pulumi.Resource[]> {
  installExitHook();
  let release!: () => void;
  const gate = new Promise<pulumi.Resource[]>((resolve) => {
    release = () => resolve([]);
  });
  const entry: Entry = { subject, due: false, release };
  (wave ??= openWave()).push(entry);
  checked.then(
    (c) => {
      entry.checked = c;
      if (entry.due) void askTarget([entry]).then(() => decide(entry));
    },
    // A value that failed to resolve is the SDK's to report; the engine's check still runs.
    () => {
      entry.checked = { issues: [] };
      if (entry.due) decide(entry);
    },
  );
  return gate;
}

/**
 * The remote checks of a batch, all at once (each target's answers are cached, so a target is
 * asked once however many resources name it); then each entry's issues are final.
 */
async function askTarget(batch: Entry[]): Promise<void> {
  await Promise.all(
    batch.map(async (e) => {
      const found = e.checked!.remote
        ? await e
            .checked!.remote()
            .catch((err: unknown) => ({ issues: [], targetProblem: String(err instanceof Error ? err.message : err) }))
        : { issues: [] };
      e.issues = [...e.checked!.issues, ...found.issues];
      e.targetProblem = found.targetProblem;
    }),
  );
}

function openWave(): Entry[] {
  const entries: Entry[] = [];
  setImmediate(() => {
    wave = undefined;
    const batch = entries.filter((e) => e.checked);
    for (const e of entries) e.due = true;
    void askTarget(batch).then(() => {
      // Report first, so `pulumi up` holds back the whole wave when any of it failed.
      for (const e of batch) if (failed(e)) report(e);
      for (const e of batch) if (!failed(e)) releaseIfAllowed(e);
    });
  });
  return entries;
}

const failed = (e: Entry) => e.issues!.length > 0 || e.targetProblem !== undefined;

/** A resource whose inputs became known after its wave closed. */
function decide(entry: Entry): void {
  entry.issues ??= entry.checked!.issues;
  if (failed(entry)) report(entry);
  else releaseIfAllowed(entry);
}

/** After a problem, `pulumi up` registers none of these resources; preview still may. */
function releaseIfAllowed(entry: Entry): void {
  if ((problems === 0 && targetProblems.size === 0) || pulumi.runtime.isDryRun()) entry.release();
}

/** A target's problem (a refused key) is said once, however many resources it holds back. */
const targetProblems = new Set<string>();
let heldByTarget = 0;

function report(entry: Entry): void {
  if (entry.targetProblem !== undefined) {
    if (!targetProblems.has(entry.targetProblem)) {
      targetProblems.add(entry.targetProblem);
      void pulumi.log.error(entry.targetProblem);
    }
    heldByTarget++;
    if (entry.issues!.length === 0) return;
  }
  const { name, type, parent } = entry.subject;
  const where = { urn: pulumi.createUrn(name, type, parent) } as unknown as pulumi.Resource;
  for (const issue of entry.issues!) {
    // The same words the engine uses for a failed check, so the message reads the same
    // whichever of the two finds the problem.
    const text = hideSecretValues(formatIssue(issue), entry.checked?.secrets ?? []);
    void pulumi.log.error(`${type} resource '${name}' has a problem: ${text}`, where);
  }
  problems += entry.issues!.length;
  failedResources.add(`${type}::${name}`);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  let summarized = false;
  process.on("beforeExit", () => {
    if ((problems === 0 && targetProblems.size === 0) || summarized) return;
    summarized = true;
    const n = failedResources.size,
      t = targetProblems.size;
    const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
    const parts: string[] = [];
    if (problems > 0)
      parts.push(`${plural(problems, "problem")} in ${plural(n, "resource")}, each shown under its resource`);
    if (t > 0)
      parts.push(
        `${plural(t, "target problem")} (shown once, for the ${plural(heldByTarget, "resource")} of that target)`,
      );
    void pulumi.log.error(
      `${parts.join("; and ")}; no connection or connection group was written. Fix them and run again.`,
    );
    // Not a thrown error: the SDK would print it with a stack trace. This code tells the
    // language host the program failed and has said why.
    process.exitCode = ERROR_ALREADY_REPORTED;
  });
}
