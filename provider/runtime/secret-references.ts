/**
 * Secret inputs given by reference, `{ fromEnv: "OKTA_TOKEN", version: 3 }` (the rules:
 * rules/secret-reference.ts). Inputs, outputs and `secretRevisions` keep the reference; the
 * value is read from this process's environment (the dynamic-provider plugin inherits the
 * environment of the `pulumi` CLI) only right before it is written, and only for the secrets a
 * write must send: every reference on a create, an adoption or a change of integration kind;
 * on an update, the references that are new or differ from the stored one (another version,
 * another variable). An unchanged reference is left out of the PATCH (the API keeps what a
 * PATCH omits), so renaming a connection or changing its tags needs no variable.
 */
import {
  formatIssue,
  integrationIssues,
  IntegrationSpec,
  isSecretReference,
  isUnknown,
  normalizeIntegration,
  RuleIssue,
  SecretReference,
  secretPaths,
  STRICT,
} from "pulumi-workflow-connections-rules";
import { sameValue } from "./inputs";

/** One reference in an integration. */
export interface ReferenceSlot {
  /** Its field as `secretRevisions` names it: `apiToken`, `tokens.<name>`. */
  key: string;
  /** Its path from the integration: `["apiToken"]`, `["tokens", 0, "value"]`. */
  path: (string | number)[];
  ref: SecretReference;
}

type Spec = Record<string, unknown>;
const isSpec = (v: unknown): v is IntegrationSpec =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !isUnknown(v);

/** The secret values of an integration by field key (`apiToken`, `tokens.<name>`), with their paths. */
function secretSlots(spec: IntegrationSpec): { key: string; path: (string | number)[]; value: unknown }[] {
  return secretPaths(spec).map((path) => {
    if (spec.type === "HTTP") {
      const token = (spec.tokens as Spec[])[path[1] as number];
      const name = token !== null && typeof token === "object" ? token.name : undefined;
      return { key: `tokens.${String(name)}`, path, value: token?.value };
    }
    return { key: String(path[0]), path, value: spec[String(path[0])] };
  });
}

/** Every reference whose variable name is known (at preview one may still be unknown). */
export function referencesIn(integration: unknown): ReferenceSlot[] {
  if (!isSpec(integration)) return [];
  return secretSlots(integration)
    .filter((s) => isSecretReference(s.value) && typeof s.value.fromEnv === "string" && !isUnknown(s.value.fromEnv))
    .map((s) => ({ key: s.key, path: s.path, ref: s.value as SecretReference }));
}

function kindOf(spec: IntegrationSpec): string {
  const n = normalizeIntegration(spec);
  return `${n.type}/${n.credentialType ?? ""}`;
}

/** True when `key` holds the very same reference in `old` (same integration kind). */
function unchanged(old: unknown, next: IntegrationSpec, slot: ReferenceSlot): boolean {
  if (!isSpec(old) || kindOf(old) !== kindOf(next)) return false;
  const before = secretSlots(old).find((s) => s.key === slot.key);
  return before !== undefined && sameValue(before.value, slot.ref);
}

/** A target's site or URL: another one replaces the connection (created there with every secret). */
function whereOf(target: unknown): unknown {
  if (target === null || typeof target !== "object") return target;
  const { site, apiUrl } = target as Spec;
  return { site, apiUrl };
}

/**
 * The references writing `news` must read. `olds` are the stored inputs (none: a create). A new
 * adoption writes every secret it declares; a replacement (another integration kind) too.
 */
export function referencesToRead(
  olds: { integration?: unknown; adoptId?: unknown; target?: unknown } | undefined,
  news: { integration?: unknown; adoptId?: unknown; target?: unknown },
): ReferenceSlot[] {
  const slots = referencesIn(news.integration);
  if (
    !olds ||
    olds.integration === undefined ||
    (news.adoptId ?? undefined) !== (olds.adoptId ?? undefined) ||
    !sameValue(whereOf(olds.target), whereOf(news.target))
  )
    return slots;
  return slots.filter((s) => !unchanged(olds.integration, news.integration as IntegrationSpec, s));
}

/** Why a slot's variable cannot be read now, or undefined when it can. */
function unreadable(slot: ReferenceSlot): string | undefined {
  if (isUnknown(slot.ref.version)) return undefined; // preview: the check before apply judges it
  const value = process.env[slot.ref.fromEnv];
  if (value === undefined) return "is not set";
  if (value === "") return "is empty";
  return undefined;
}

function missingMessage(slot: ReferenceSlot, why: string): string {
  const name = slot.ref.fromEnv;
  return (
    `reads the environment variable ${name}, which ${why} in the environment of pulumi; ` +
    `this secret is written now (the connection is created, adopted, or the reference's version changed), ` +
    `so set ${name} (export ${name}=…, a CI secret, or pulumi env run) and run again; nothing was written`
  );
}

/**
 * Problems, under `integration.<field>`, for the variables of `slots`: unset or empty, or a value
 * the field's rules refuse (judged as the backend will judge it; the messages never quote it).
 */
export function unreadableReferenceIssues(integration: unknown, slots: readonly ReferenceSlot[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const readable: ReferenceSlot[] = [];
  for (const slot of slots) {
    const why = unreadable(slot);
    if (why) issues.push({ path: ["integration", ...slot.path], message: missingMessage(slot, why) });
    else if (!isUnknown(slot.ref.version)) readable.push(slot);
  }
  if (!readable.length || !isSpec(integration)) return issues;
  let resolved: unknown = integration;
  for (const slot of readable) resolved = setAt(resolved, slot.path, process.env[slot.ref.fromEnv]);
  for (const issue of integrationIssues(resolved, STRICT)) {
    const slot = readable.find((s) => s.path.every((key, i) => issue.path[i] === key));
    if (slot)
      issues.push({
        path: ["integration", ...issue.path],
        message: `(the value of ${slot.ref.fromEnv}) ${issue.message}`,
      });
  }
  return issues;
}

/** A deep copy with the value at `path` replaced (JSON data only). */
function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as Spec) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

/**
 * The integration with the references of `slots` replaced by their variables' values. Throws,
 * naming the variable and the field, when one cannot be read: before any request is sent.
 */
export function withReferencesRead(spec: IntegrationSpec, slots: readonly ReferenceSlot[]): IntegrationSpec {
  const problems = unreadableReferenceIssues(spec, slots);
  if (problems.length) throw new Error(problems.map(formatIssue).join("; "));
  let out: unknown = spec;
  for (const slot of slots) out = setAt(out, slot.path, process.env[slot.ref.fromEnv]);
  return out as IntegrationSpec;
}

/** Every reference read: what a create or an adoption sends. */
export function readAllReferences(spec: IntegrationSpec): IntegrationSpec {
  return withReferencesRead(spec, referencesIn(spec));
}

/** `spec` without the secret at `key` (an HTTP token's whole entry). */
function without(spec: IntegrationSpec, key: string): IntegrationSpec {
  if (spec.type === "HTTP" && Array.isArray(spec.tokens)) {
    const name = key.slice("tokens.".length);
    return { ...spec, tokens: (spec.tokens as Spec[]).filter((t) => t?.name !== name) };
  }
  const { [key]: _dropped, ...rest } = spec;
  return rest as IntegrationSpec;
}

/**
 * The two sides of an update's integration PATCH: the references unchanged since `from` are
 * left out of both (neither sent nor removed), the others read; a reference left in `from` (the
 * stored side, whose value is not known) stands as an empty value, which differs from any
 * value read.
 */
export function patchSides(from: IntegrationSpec, to: IntegrationSpec): { from: IntegrationSpec; to: IntegrationSpec } {
  let before = from,
    after = to;
  for (const slot of referencesIn(to)) {
    if (!unchanged(from, to, slot)) continue;
    before = without(before, slot.key);
    after = without(after, slot.key);
  }
  after = readAllReferences(after);
  for (const slot of referencesIn(before)) before = setAt(before, slot.path, "") as IntegrationSpec;
  return { from: before, to: after };
}
