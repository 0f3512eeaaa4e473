/**
 * Explicit targets, around each resource type's provider methods (which know nothing of them):
 * - every method runs with the resource's target as the current one (`withTarget`): `target`
 *   from the inputs (check, create, update), the outputs (read, delete) or both (diff);
 * - `target` is kept in the outputs and in refreshed inputs, so `refresh` and `destroy` (which
 *   run without the program) still reach the right target; its keys are secret there, since
 *   the program marked them secret (the engine keeps a secret input's path secret in outputs);
 * - diff: another site or URL is a new resource there (a replacement); other keys for the same
 *   URL (a rotation) are an update that only stores them;
 * - check: before anything that needs the target (a create, an update, an adoption, a remote
 *   check), its keys are verified once per target (./key-check.ts), unless the program's
 *   preflight already did in this run (the check-only `preflight` input says so); principals
 *   named in `access` are looked up (./principals.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  hideSecretValues,
  isUnknown,
  PolicyKind,
  stringLeaves,
  withSecretValues,
} from "pulumi-workflow-connections-rules";
import { toFailures, sameValue, withoutProvider } from "./inputs";
import { keysProblem } from "./key-check";
import { createsOnDatadogSite } from "./group-adoption-check";
import { unknownPrincipalIssues } from "./principals";
import { resolveTarget, targetSpecOf, withTarget } from "./settings";

type Props = Record<string, unknown>;
type Provider = Required<Pick<pulumi.dynamic.ResourceProvider, "diff" | "create" | "read" | "update" | "delete">> & {
  check(olds: Props, news: Props, note?: PreflightNote): Promise<pulumi.dynamic.CheckResult>;
};

/** What the program's preflight tells `check` (never stored: `check` drops it). */
export interface PreflightNote {
  /** The preflight verified this resource's target keys in this run. */
  keysVerified?: boolean;
  /** The preflight asked the target everything about this resource's access, with every value known. */
  remoteChecked?: boolean;
  /**
   * Where the program's inputs were secret. The dynamic provider gets every input in plain
   * text (it does not accept secrets), so this is how its messages know what not to quote.
   */
  secretPaths?: (string | number)[][];
  /**
   * This check runs in the program (the preflight), which does not know the resource's state
   * (a create or an update?), e.g. whether a secret reference will be read.
   */
  inProgram?: boolean;
}

/** The values at `paths` of `inputs` (every string inside each). */
function valuesAt(inputs: Props, paths: unknown): string[] {
  if (!Array.isArray(paths)) return [];
  const out: string[] = [];
  for (const path of paths) {
    if (!Array.isArray(path)) continue;
    let v: unknown = inputs;
    for (const key of path) v = v !== null && typeof v === "object" ? (v as Props)[String(key)] : undefined;
    stringLeaves(v, out);
  }
  return out;
}

/**
 * The inputs without what the preflight already asked the target about (access, the access a
 * group's members declare), and a way to put it back into the checked inputs.
 */
function withoutAsked(inputs: Props): { rest: Props; restore: (checked: Props | undefined) => Props | undefined } {
  const { access, ...rest } = inputs;
  if (Array.isArray(rest.memberFacts))
    rest.memberFacts = rest.memberFacts.map((f) =>
      f !== null && typeof f === "object" ? { ...f, access: undefined } : f,
    );
  return {
    rest,
    restore: (checked) => (checked === undefined || access === undefined ? checked : { ...checked, access }),
  };
}

const hasUnknown = (v: unknown): boolean =>
  isUnknown(v) || (v !== null && typeof v === "object" && Object.values(v as Props).some(hasUnknown));

/** The base URL a target input resolves to (default target: the configured one); undefined if it cannot tell. */
function urlOf(target: unknown): string | undefined {
  if (hasUnknown(target)) return undefined;
  try {
    return resolveTarget(targetSpecOf(target)).baseUrl;
  } catch {
    return undefined;
  }
}

const keysOf = (target: unknown) => {
  const t = targetSpecOf(target);
  return [t?.apiKey, t?.appKey];
};

/** Inputs as they matter for "will this write?": not the provider code, not what check computes. */
function essence(props: Props): Props {
  const { secretRevisions: _r, targetKeyRevisions: _k, preflight: _p, ...rest } = withoutProvider(props);
  return rest;
}

/**
 * `targetKeyRevisions`: per key of an explicit target (`<target name>.apiKey`, `.appKey`), how
 * many times it has changed (1 when first set). The keys are secret, so the CLI masks them and
 * a rotation would preview as an update with nothing marked (a dynamic provider cannot send a
 * detailed diff); the counter that moves names the key and the target, and reveals nothing of
 * the value. Computed in `check` (which gets the old inputs in plain text), like secretRevisions.
 */
function nextKeyRevisions(olds: Props, news: Props): Record<string, number> | undefined {
  const now = targetSpecOf(news.target);
  if (!now || hasUnknown(news.target)) return undefined;
  const before = hasUnknown(olds.target) ? undefined : targetSpecOf(olds.target);
  const prior = (olds.targetKeyRevisions ?? {}) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of ["apiKey", "appKey"] as const) {
    const name = `${now.name}.${key}`;
    const count = typeof prior[name] === "number" ? prior[name] : 1;
    out[name] = before?.name === now.name && before[key] !== now[key] ? count + 1 : count;
  }
  return out;
}

export function withTargets(kind: PolicyKind, inner: Provider): Provider {
  /** The target's part of `check`: its keys, then the inner check (and the principals, unless the preflight asked). */
  function checkTarget(olds: Props, inputs: Props, note: PreflightNote): Promise<pulumi.dynamic.CheckResult> {
    return withTarget(inputs.target, async () => {
      if (hasUnknown(inputs.target)) return inner.check(olds, inputs, note);
      const declares = (k: string) => inputs[k] !== undefined && inputs[k] !== null;
      const needsTarget =
        kind === "connection-group"
          ? !createsOnDatadogSite(withoutProvider(olds), inputs)
          : Object.keys(essence(olds)).length === 0 ||
            declares("adoptId") ||
            declares("access") ||
            !sameValue(essence(olds), essence(inputs));
      if (needsTarget && note.keysVerified !== true) {
        const problem = await keysProblem();
        if (problem) return { inputs, failures: [{ property: "", reason: problem }] };
      }
      if (note.remoteChecked === true) {
        const { rest, restore } = withoutAsked(inputs);
        const result = await inner.check(olds, rest, note);
        return { ...result, inputs: restore(result.inputs) };
      }
      const result = await inner.check(olds, inputs, note);
      const unknown = declares("access") ? await unknownPrincipalIssues(kind, inputs.access) : [];
      return { ...result, failures: [...(result.failures ?? []), ...toFailures(unknown)] };
    });
  }

  return {
    async check(olds: Props, news: Props) {
      const { preflight, targetKeyRevisions: _computedHere, ...inputs } = news;
      const note = (preflight ?? {}) as PreflightNote;
      // Every message of the check, the rules' and the target's, with the secret inputs hidden.
      const secrets = valuesAt(inputs, note.secretPaths);
      const result = await withSecretValues(secrets, () => checkTarget(olds, inputs, note));
      const failures = result.failures?.map((f) => ({ ...f, reason: hideSecretValues(f.reason, secrets) }));
      const revisions = nextKeyRevisions(olds, inputs);
      const withRevisions =
        revisions && result.inputs
          ? { ...result, inputs: { ...result.inputs, targetKeyRevisions: revisions } }
          : result;
      return failures ? { ...withRevisions, failures } : withRevisions;
    },

    async diff(id: string, olds: Props, news: Props) {
      const result = await withTarget(news.target, () => inner.diff(id, olds, news));
      if (hasUnknown(news.target)) return { ...result, changes: true };
      const before = urlOf(olds.target),
        after = urlOf(news.target);
      if (before !== after) return { ...result, changes: true, replaces: [...(result.replaces ?? []), "target"] };
      if (
        !sameValue(keysOf(olds.target), keysOf(news.target)) ||
        (olds.target === undefined) !== (news.target === undefined)
      )
        return { ...result, changes: true };
      return result;
    },

    async create(news: Props) {
      const result = await withTarget(news.target, () => inner.create(news));
      return { ...result, outs: withTargetOf(result.outs, news.target, news) };
    },

    async read(id: string, props: Props) {
      const result = await withTarget(props.target, () => inner.read(id, props));
      if (!result.id || props.target === undefined) return result;
      return {
        ...result,
        props: withTargetOf(result.props, props.target, props),
        inputs: withTargetOf(result.inputs, props.target, props),
      };
    },

    async update(id: string, olds: Props, news: Props) {
      const result = await withTarget(news.target, () => inner.update(id, olds, news));
      return { ...result, outs: withTargetOf(result.outs, news.target, news) };
    },

    delete: (id: string, props: Props) => withTarget(props.target, () => inner.delete(id, props)),
  };
}

/** The outputs (or refreshed inputs) with the resource's target, and its key revisions from `from`. */
function withTargetOf<T>(props: T, target: unknown, from: Props): T {
  if (target === undefined || target === null || props === undefined) return props;
  return from.targetKeyRevisions === undefined
    ? { ...props, target }
    : { ...props, target, targetKeyRevisions: from.targetKeyRevisions };
}
