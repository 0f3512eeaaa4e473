/**
 * What adopting an existing connection group (`adoptId`) changes on it: the program's
 * declaration compared with the live group, before anything is written. The adoption is one
 * PATCH (Datadog's update of a group): the name, description, integration, tag keys and the whole
 * member list. A live member the program does not declare would leave the group, so it is a
 * *drop*, refused unless `adoptDropsMissing` allows it (./group-adoption-check.ts).
 */
import type { RemoteGroup } from "../../client";
import { isUnknown, quote } from "pulumi-workflow-connections-rules";

/** The live group, as the client reads it. */
export type LiveGroup = Omit<RemoteGroup, "etag">;

/** A member as the program declares it: its id (unknown for a connection not created yet) and its name. */
export interface DeclaredGroupMember {
  id?: unknown;
  /** The live connection a Connection of the program adopts: the same connection as that id. */
  adoptId?: unknown;
  name: string;
}

export interface DeclaredGroup {
  name?: unknown;
  description?: unknown;
  integration?: unknown;
  identifierTags?: unknown;
  members: readonly DeclaredGroupMember[];
}

/** A live member the adoption removes from the group. */
export interface DroppedMember {
  id: string;
  name: string;
}

export interface GroupAdoptionPlan {
  /** One line per change of the group itself (name, description, integration, tag keys). */
  changes: string[];
  /** Names of the members the adoption adds. */
  added: string[];
  /** Live members the program does not declare. */
  drops: DroppedMember[];
  /** Live ids of the members that stay in the group. */
  staying: string[];
}

const show = (v: unknown) => (isUnknown(v) ? "(known at up)" : quote(v));
const known = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);

/** The live connection a declared member is (by its id, else the connection it adopts); undefined: a new one. */
export const memberLiveId = (m: DeclaredGroupMember): string | undefined =>
  known(m.id) ? m.id : known(m.adoptId) ? m.adoptId : undefined;

/** `live.members` names come from `nameOf` (the live connection's name, else its id). */
export function groupAdoptionPlan(
  live: LiveGroup,
  declared: DeclaredGroup,
  nameOf: (id: string) => string,
): GroupAdoptionPlan {
  const plan: GroupAdoptionPlan = { changes: [], added: [], drops: [], staying: [] };
  if (live.name !== declared.name) plan.changes.push(`name: ${quote(live.name)} → ${show(declared.name)}`);
  // Undeclared, the description stays as it is (a PATCH leaves out what it does not change).
  if (declared.description !== undefined && declared.description !== (live.description ?? ""))
    plan.changes.push(
      `description: ${live.description === undefined ? "(none)" : quote(live.description)} → ${show(declared.description)}`,
    );
  if (live.integration !== declared.integration)
    plan.changes.push(
      `integration: ${live.integration || "(none)"} → ${isUnknown(declared.integration) ? "(known at up)" : String(declared.integration)}`,
    );
  if (isUnknown(declared.identifierTags)) plan.changes.push("tag keys: known at up");
  else if (Array.isArray(declared.identifierTags)) {
    const keys = declared.identifierTags as unknown[];
    const added = keys.filter((k) => !live.identifierTags.includes(k as string));
    const removed = live.identifierTags.filter((k) => !keys.includes(k));
    if (added.length || removed.length)
      plan.changes.push(
        `tag keys: ${[...added.map((k) => `+ ${show(k)}`), ...removed.map((k) => `- ${quote(k)}`)].join(", ")}`,
      );
  }
  const declaredIds = new Set<string>();
  for (const m of declared.members) {
    const id = memberLiveId(m);
    if (id !== undefined) declaredIds.add(id.toLowerCase());
    if (id === undefined || !live.members.some((l) => l.toLowerCase() === id.toLowerCase())) plan.added.push(m.name);
  }
  for (const id of live.members) {
    if (declaredIds.has(id.toLowerCase())) plan.staying.push(id);
    else plan.drops.push({ id, name: nameOf(id) });
  }
  return plan;
}

/** `"aws-old" (<id>)`, or just the id when the name is not known. */
export const showMember = (m: DroppedMember) => (m.name === m.id ? m.id : `${quote(m.name)} (${m.id})`);

/** The diagnostic: every change of the group, the members added and dropped by name. */
export function describeGroupPlan(id: string, liveName: string, plan: GroupAdoptionPlan): string {
  const head = `adopting connection group ${id} (${quote(liveName)})`;
  if (!plan.changes.length && !plan.added.length && !plan.drops.length)
    return `${head} changes nothing: its name, description, integration, tag keys and members match this program`;
  const lines = [`${head} changes:`, ...plan.changes.map((c) => `  ${c}`)];
  if (plan.added.length) lines.push(`  adds members: ${plan.added.map((n) => quote(n)).join(", ")}`);
  if (plan.drops.length) lines.push(`  drops members (adoptDropsMissing): ${plan.drops.map(showMember).join(", ")}`);
  return lines.join("\n");
}
