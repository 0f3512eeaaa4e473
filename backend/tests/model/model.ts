/**
 * A small model of the backend's rules and of who may see and do what, written independently of
 * the code under test (it is the oracle). The model changes only when the real backend
 * acknowledges a write (2xx): what the model then holds is what the backend must hold.
 *
 * Access: no policy means everyone in the org is editor; otherwise a user's relation is the
 * highest one bound to any of their principals (viewer < resolver < editor). Group rules: one
 * integration, each member exactly one value per identifier key, unique combinations.
 * Decisions it encodes (the team's, for hidden members and pinning):
 * - a member the caller may not view is invisible on every group route (not listed, not
 *   counted; resolving its values answers as for values no member has; adding it answers as for
 *   a connection that does not exist);
 * - a connection's editor can always delete and change it: a group that change or delete would
 *   break loses the membership when the caller may not edit that group; a group they may edit
 *   still refuses (409), since they can fix it themselves;
 * - hidden members' values decide no answer (`changeEffects`, `hidesMembers`): a change of a
 *   member's identifier values in a group the caller cannot view whole ends that membership
 *   whatever the values, and the answer says so (`meta.left_groups`); a group write that would
 *   need hidden members checked (adding a member, re-keying) is refused (409) whatever the values.
 */
export const ACTORS = ["alice", "bob", "carol"] as const;
export type Actor = (typeof ACTORS)[number];
/** The observer: a viewer of everything (every policy binds it), never acting. */
export const AUDITOR = "auditor";
export const ORG = "test-org";

export const PRINCIPALS: Record<Actor | typeof AUDITOR, string[]> = {
  alice: ["user:alice", "role:admin", "team:platform", `org:${ORG}`],
  bob: ["user:bob", "role:dev", "team:payments", `org:${ORG}`],
  carol: ["user:carol", `org:${ORG}`],
  auditor: ["user:auditor", `org:${ORG}`],
};
/** Principals a generated policy may bind (the auditor is added as viewer to every one). */
export const BINDABLE = [
  "user:alice",
  "user:bob",
  "user:carol",
  "role:admin",
  "role:dev",
  "team:payments",
  "team:platform",
  `org:${ORG}`,
];

export type Relation = "viewer" | "resolver" | "editor";
export interface Binding {
  relation: Relation;
  principals: string[];
}
export type Integration = "AWS" | "HTTP";
export const KEYS = ["env", "region"] as const;

export interface MConnection {
  id: string;
  name: string;
  integration: Integration;
  tags: string[];
  policy?: Binding[];
}
export interface MGroup {
  id: string;
  name: string;
  integration: Integration;
  keys: string[];
  members: string[];
  policy?: Binding[];
}

export interface Model {
  connections: MConnection[];
  groups: MGroup[];
  /** Names are `conn-007` / `group-007`: unique, none a substring of another (leak scans). */
  counter: number;
}

export const emptyModel = (): Model => ({ connections: [], groups: [], counter: 0 });

const RANK: Record<Relation, number> = { viewer: 1, resolver: 2, editor: 3 };

export function relationOf(who: Actor | typeof AUDITOR, policy: Binding[] | undefined): Relation | undefined {
  if (!policy || policy.length === 0) return "editor";
  const mine = new Set(PRINCIPALS[who]);
  let best: Relation | undefined;
  for (const b of policy)
    if (b.principals.some((p) => mine.has(p)) && (!best || RANK[b.relation] > RANK[best])) best = b.relation;
  return best;
}

export const can = (who: Actor, policy: Binding[] | undefined, need: Relation) => {
  const have = relationOf(who, policy);
  return have !== undefined && RANK[have] >= RANK[need];
};

export const connection = (m: Model, id: string) => m.connections.find((c) => c.id === id);
export const group = (m: Model, id: string) => m.groups.find((g) => g.id === id);
export const viewsConnection = (m: Model, who: Actor, id: string) =>
  can(who, connection(m, id)?.policy, "viewer") && connection(m, id) !== undefined;
export const viewsGroup = (m: Model, who: Actor, id: string) =>
  group(m, id) !== undefined && can(who, group(m, id)!.policy, "viewer");

/** What `who` may see of a group: its members they may view. */
export const visibleMembers = (m: Model, who: Actor, g: MGroup) =>
  g.members.filter((id) => viewsConnection(m, who, id));

export const valuesFor = (tags: readonly string[], key: string) =>
  tags.filter((t) => t.startsWith(`${key}:`)).map((t) => t.slice(key.length + 1));

/** Whether a group with these members obeys the rules. */
export function groupValid(
  integration: Integration,
  keys: readonly string[],
  members: readonly { integration: Integration; tags: readonly string[] }[],
): boolean {
  const combos = new Set<string>();
  for (const member of members) {
    if (member.integration !== integration) return false;
    const combo: string[] = [];
    for (const key of keys) {
      const values = valuesFor(member.tags, key);
      if (values.length !== 1) return false;
      combo.push(values[0]);
    }
    const id = combo.join("\u0000");
    if (combos.has(id)) return false;
    combos.add(id);
  }
  return true;
}

/** The group's members with `changed` standing in for its stored copy. */
export const membersWith = (m: Model, g: MGroup, changed?: MConnection) =>
  g.members.map((id) => (changed && id === changed.id ? changed : connection(m, id)!));

/** Whether `who` may not view some member of `g` other than `except`. */
export const hidesMembers = (m: Model, who: Actor, g: MGroup, except?: string) =>
  g.members.some((id) => id !== except && !viewsConnection(m, who, id));

/** Whether the change touches what `g`'s rules read of the member: its values of the group's keys. */
const factsChange = (g: MGroup, c: MConnection, after: MConnection) =>
  g.keys.some((k) => valuesFor(c.tags, k).sort().join("\u0000") !== valuesFor(after.tags, k).sort().join("\u0000"));

/**
 * What a change of (or, with `after` undefined, the delete of) connection `c` by `who` does to
 * its groups. Hidden values decide nothing: a change of the member's identifier values in a
 * group `who` cannot view whole (the group, or another member, is hidden from them) ends the
 * membership whatever the values; in a group they view whole, the rules decide: a group they
 * may edit that would break refuses (`blocking`), any other that would break loses the member.
 * A delete: a group they may edit refuses, any other loses the member.
 */
export function changeEffects(
  m: Model,
  who: Actor,
  c: MConnection,
  after: MConnection | undefined,
): { leaves: MGroup[]; blocking: MGroup[] } {
  const leaves: MGroup[] = [];
  const blocking: MGroup[] = [];
  for (const g of m.groups.filter((x) => x.members.includes(c.id))) {
    const editable = can(who, g.policy, "editor");
    if (!after) {
      (editable ? blocking : leaves).push(g);
      continue;
    }
    if (!factsChange(g, c, after)) continue;
    if (!viewsGroup(m, who, g.id) || hidesMembers(m, who, g, c.id)) leaves.push(g);
    else if (!groupValid(g.integration, g.keys, membersWith(m, g, after))) (editable ? blocking : leaves).push(g);
  }
  return { leaves, blocking };
}

/** The member `values` select for `who`, among the members they may view. */
export function selectFor(m: Model, who: Actor, g: MGroup, values: Record<string, string>): MConnection | undefined {
  return visibleMembers(m, who, g)
    .map((id) => connection(m, id)!)
    .find((c) =>
      g.keys.every((k) => {
        const v = valuesFor(c.tags, k);
        return v.length === 1 && v[0] === values[k];
      }),
    );
}

/** Ids, names of everything `who` may not view: no response to them may contain one. */
export function hiddenFrom(m: Model, who: Actor): string[] {
  const out: string[] = [];
  for (const c of m.connections) if (!viewsConnection(m, who, c.id)) out.push(c.id, c.name);
  for (const g of m.groups) if (!viewsGroup(m, who, g.id)) out.push(g.id, g.name);
  return out;
}

export const nextName = (m: Model, kind: "conn" | "group") => `${kind}-${String(++m.counter).padStart(3, "0")}`;

/** A copy the commands may change (fast-check hands the same model object along the run). */
export const sortedTags = (tags: readonly string[]) => [...tags].sort();
