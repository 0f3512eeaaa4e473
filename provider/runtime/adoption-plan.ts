/**
 * What adopting an existing connection (`adoptId`) changes on it: the program's declaration
 * compared with the live connection, before anything is written. The adoption is one PATCH
 * (the client's `integrationPatch`): another integration or credential type replaces the whole
 * integration; the same type sends every declared credential field (the API keeps fields a PATCH
 * leaves out) and removes HTTP tokens, headers and URL parameters the program does not list.
 * Secret values never come back from the API, so they are never compared or shown: a declared
 * secret is "written", a live one the program lacks is "dropped" (or kept, as the API does).
 */
import {
  IntegrationSpec,
  credentialDef,
  integrationDef,
  isUnknown,
  normalizeIntegration,
  quote,
} from "pulumi-workflow-connections-rules";

export interface AdoptionPlan {
  /** One line per visible change (no secret values; header and parameter values not shown). */
  changes: string[];
  /** Secret fields the adoption writes from the program (`apiToken`, `tokens.<name>`). */
  secretsWritten: string[];
  /** What the live connection has that the adoption removes (`tokens.<name>`, `headers.<name>`, a field name). */
  drops: string[];
  /** Live fields the program does not declare that the API keeps as they are. */
  kept: string[];
}

interface Live {
  name: string;
  tags: string[];
  integration: IntegrationSpec;
}
interface Declared {
  name?: unknown;
  tags?: unknown;
  integration?: unknown;
}

type Entry = { name: string; value?: unknown };
const HTTP_LISTS = [
  ["tokens", "token"],
  ["headers", "header"],
  ["urlParameters", "URL parameter"],
] as const;

const show = (v: unknown) => (isUnknown(v) ? "(known at up)" : quote(v));
const entries = (v: unknown): Entry[] =>
  Array.isArray(v)
    ? v.filter((e): e is Entry => e !== null && typeof e === "object" && typeof (e as Entry).name === "string")
    : [];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The live connection's credential fields (HTTP: its named entries and body), as drop keys. */
function liveFields(live: IntegrationSpec): string[] {
  if (live.type === "HTTP") {
    return [
      ...HTTP_LISTS.flatMap(([list]) => entries(live[list]).map((e) => `${list}.${e.name}`)),
      ...(live.body !== undefined ? ["body"] : []),
    ];
  }
  const def = integrationDef(live.type);
  const cred = def && credentialDef(def, live.credentialType);
  return Object.entries(cred?.fields ?? {})
    .filter(([field, f]) => f.required || (live[field] !== undefined && live[field] !== ""))
    .map(([field]) => field);
}

function httpPlan(live: IntegrationSpec, next: IntegrationSpec, plan: AdoptionPlan): void {
  if (!same(live.baseUrl, next.baseUrl)) plan.changes.push(`baseUrl: ${show(live.baseUrl)} → ${show(next.baseUrl)}`);
  for (const [list, what] of HTTP_LISTS) {
    if (isUnknown(next[list])) {
      plan.changes.push(`${list}: known at up`);
      continue;
    }
    const before = entries(live[list]),
      after = entries(next[list]);
    for (const e of after) {
      const old = before.find((b) => b.name === e.name);
      if (list === "tokens") plan.secretsWritten.push(`tokens.${e.name}`);
      if (!old) plan.changes.push(`+ ${what} ${quote(e.name)}`);
      else if (list !== "tokens" && !same(old.value, e.value))
        plan.changes.push(`${what} ${quote(e.name)}: value changed`);
    }
    for (const b of before) if (!after.some((e) => e.name === b.name)) plan.drops.push(`${list}.${b.name}`);
  }
  if (next.body === undefined) {
    if (live.body !== undefined) plan.kept.push("body");
  } else if (!same(live.body, next.body)) plan.changes.push("body: changed");
}

function fieldsPlan(live: IntegrationSpec, next: IntegrationSpec, plan: AdoptionPlan): void {
  const def = integrationDef(next.type);
  const cred = def && credentialDef(def, next.credentialType);
  for (const [field, f] of Object.entries(cred?.fields ?? {})) {
    const declared = next[field] !== undefined;
    if (f.secret) {
      if (declared) plan.secretsWritten.push(field);
      else if (live[field] !== undefined) plan.kept.push(field);
    } else if (declared && !same(live[field], next[field])) {
      plan.changes.push(
        `${field}: ${live[field] === undefined ? "(not set)" : show(live[field])} → ${show(next[field])}`,
      );
    } else if (!declared && live[field] !== undefined) {
      plan.kept.push(field);
    }
  }
}

export function adoptionPlan(live: Live, declared: Declared): AdoptionPlan {
  const plan: AdoptionPlan = { changes: [], secretsWritten: [], drops: [], kept: [] };
  if (!same(live.name, declared.name)) plan.changes.push(`name: ${quote(live.name)} → ${show(declared.name)}`);
  if (isUnknown(declared.tags)) plan.changes.push("tags: known at up");
  else {
    const tags = Array.isArray(declared.tags) ? (declared.tags as unknown[]) : [];
    const added = tags.filter((t) => !live.tags.includes(t as string)),
      removed = live.tags.filter((t) => !tags.includes(t));
    if (added.length || removed.length)
      plan.changes.push(
        `tags: ${[...added.map((t) => `+ ${show(t)}`), ...removed.map((t) => `- ${quote(t)}`)].join(", ")}`,
      );
  }
  const spec = declared.integration;
  if (spec === null || typeof spec !== "object" || isUnknown(spec) || isUnknown((spec as IntegrationSpec).type)) {
    plan.changes.push("integration: known at up");
    return plan;
  }
  const next = normalizeIntegration(spec as IntegrationSpec),
    current = normalizeIntegration(live.integration);
  if (next.type !== current.type || next.credentialType !== current.credentialType) {
    const kind = (i: IntegrationSpec) =>
      (integrationDef(i.type)?.credentials.length ?? 0) > 1 ? `${i.type} (${i.credentialType})` : i.type;
    plan.changes.push(`integration: ${kind(current)} → ${kind(next)}, replaced whole`);
    plan.drops.push(...liveFields(current));
    const blank = { type: next.type, credentialType: next.credentialType } as IntegrationSpec;
    if (next.type === "HTTP") httpPlan(blank, next, plan);
    else fieldsPlan(blank, next, plan);
    return plan;
  }
  if (next.type === "HTTP") httpPlan(current, next, plan);
  else fieldsPlan(current, next, plan);
  return plan;
}
