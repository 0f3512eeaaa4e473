/**
 * Every mistake in one preview. The engine stops a deployment at the first resource whose
 * `check` fails (step_generator.go: "resource … is invalid"), so `check` alone shows one
 * resource's mistakes per run. The program itself sees every resource first: each constructor
 * hands its inputs here, and its registration waits (through `dependsOn`) until they are checked.
 *
 * Resources constructed in the same turn of the event loop (a program's top level, or one
 * `apply` callback) form a *wave*; the wave closes on the next macrotask, when every input that
 * was a plain value, a config value or another settled Output is known. Then:
 * - no problem: every resource of the wave is released (registered as usual: same state, no
 *   request, no wait beyond that one macrotask);
 * - problems: each is logged under its own resource (a URN computed the way the engine does,
 *   since the resource is never registered) and the resource is held back for good.
 *   `pulumi up` holds back the whole wave, so none of this package's resources is written.
 *   `pulumi preview` writes nothing anyway, so it releases the valid ones: values that depend on
 *   them become known and the resources waiting for those values are checked too.
 * When the event loop drains, the program logs one summary and exits with the SDK's "error
 * already reported" code, so the preview or update fails once, without a stack trace.
 * Values still unknown at preview are left to the provider's `check`, which runs once they are
 * known; a resource that failed here is never registered, so nothing is reported twice.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatIssue, RuleIssue } from "pulumi-workflow-connections-rules";

/** Who a resource is, enough to name it in diagnostics without registering it. */
export interface Subject {
  name: string;
  /** The full type token, e.g. `pulumi-nodejs:dynamic/connections:Connection`. */
  type: string;
  parent?: pulumi.Resource;
}

interface Entry {
  subject: Subject;
  issues?: RuleIssue[];
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
export function admit(subject: Subject, issues: Promise<RuleIssue[]>): Promise<pulumi.Resource[]> {
  installExitHook();
  let release!: () => void;
  const gate = new Promise<pulumi.Resource[]>((resolve) => { release = () => resolve([]); });
  const entry: Entry = { subject, due: false, release };
  (wave ??= openWave()).push(entry);
  issues.then(
    (list) => { entry.issues = list; if (entry.due) decide(entry); },
    // A value that failed to resolve is the SDK's to report; the engine's check still runs.
    () => { entry.issues = []; if (entry.due) decide(entry); },
  );
  return gate;
}

function openWave(): Entry[] {
  const entries: Entry[] = [];
  setImmediate(() => {
    wave = undefined;
    // Report first, so `pulumi up` holds back the whole wave when any of it failed.
    for (const e of entries) if (e.issues && e.issues.length > 0) report(e);
    for (const e of entries) {
      e.due = true;
      if (e.issues && e.issues.length === 0) releaseIfAllowed(e);
    }
  });
  return entries;
}

/** A resource whose inputs became known after its wave closed. */
function decide(entry: Entry): void {
  if (entry.issues!.length > 0) report(entry);
  else releaseIfAllowed(entry);
}

/** After a problem, `pulumi up` registers none of these resources; preview still may. */
function releaseIfAllowed(entry: Entry): void {
  if (problems === 0 || pulumi.runtime.isDryRun()) entry.release();
}

function report(entry: Entry): void {
  const { name, type, parent } = entry.subject;
  const where = { urn: pulumi.createUrn(name, type, parent) } as unknown as pulumi.Resource;
  for (const issue of entry.issues!) {
    // The same words the engine uses for a failed check, so the message reads the same
    // whichever of the two finds the problem.
    void pulumi.log.error(`${type} resource '${name}' has a problem: ${formatIssue(issue)}`, where);
  }
  problems += entry.issues!.length;
  failedResources.add(`${type}::${name}`);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  let summarized = false;
  process.on("beforeExit", () => {
    if (problems === 0 || summarized) return;
    summarized = true;
    const n = failedResources.size;
    void pulumi.log.error(
      `${problems} problem${problems === 1 ? "" : "s"} in ${n} resource${n === 1 ? "" : "s"}, each shown under its resource; ` +
      "no connection or connection group was written. Fix them and run again.",
    );
    // Not a thrown error: the SDK would print it with a stack trace. This code tells the
    // language host the program failed and has said why.
    process.exitCode = ERROR_ALREADY_REPORTED;
  });
}
