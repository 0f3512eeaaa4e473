/**
 * Connection group operations. A group write reads its members, checks permissions and the
 * member rules, and saves, all inside one serialized transaction: two concurrent writes that
 * would each be fine alone but clash together cannot both pass.
 *
 * Hidden members (connections the caller may not view) are invisible on every route
 * (domain/group-view.ts): a write works on the members the caller sees and keeps the hidden ones
 * as they are; naming a hidden connection answers exactly as naming one that does not exist.
 */
import crypto from "node:crypto";
import { GROUP_ATTRIBUTES, GroupSpec, MAX_GROUP_MEMBERS } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { atLeast, callerPrincipals, relationOf } from "../auth/caller-relation";
import { ErrorResponse, issueProblems } from "../errors/error-response";
import type { Precondition } from "./precondition";
import type { Queryable, WriteOptions } from "../storage/database";
import type { GroupFilter, GroupRow } from "../storage/groups-table";
import type { Context } from "./context";
import type { ListQuery } from "./connections";
import { readGroupCreate, readGroupPatch, readPolicyAttributes } from "./group-input";
import { HIDDEN_MEMBERS_DECIDE, memberPathToWire, membershipIssues } from "./group-members";
import { findGroup, groupViewFor, groupViewsFor, splitMembers } from "./group-view";
import { InitialPolicy, checkInitialPolicy, saveInitialPolicy } from "./initial-policy";
import { denied, relationsOn, resourceId } from "./permissions";
import { updatedAfter } from "./timestamps";

type Obj = Record<string, unknown>;

/** A group's writes queue in its own lane across replicas (storage/engine.ts `WriteOptions.lane`). */
const groupWrite = (id: string): WriteOptions => ({ lane: `group:${id}` });

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** The write changes nothing the member rules depend on: the stored group is valid, so it stays valid. */
const sameMembership = (stored: GroupRow, spec: GroupSpec) =>
  stored.integrationType === spec.integration &&
  sameList(stored.identifierTags, spec.identifierTags) &&
  sameList(stored.members, spec.members);

/**
 * Load and check the members of `spec` (the caller's view of the list), in bulk: one query for
 * the members' rule facts (nothing decrypted), one for their policies. An id that does not exist
 * or that the caller may not view is 404 (naming the id and its place); a newly added connection
 * needs resolver on it (403); member rule failures are 409. With `hiddenDecide` (the group has
 * members the caller cannot view, and the write adds members or changes the integration or the
 * identifier keys) the write is refused before the rules run, with one answer whatever the
 * values: its fit would depend on the hidden members' values, and the answer must not.
 */
async function checkMembers(
  ctx: Context,
  tx: Queryable,
  caller: Caller,
  spec: GroupSpec,
  already: readonly string[],
  hiddenDecide = false,
): Promise<void> {
  const rows = await ctx.connections.memberRows(tx, spec.members);
  const relations = await relationsOn(ctx, tx, caller, "connection", [...rows.keys()]);
  const missing = spec.members.map((id, i) => [id, i] as const).filter(([id]) => !atLeast(relations.get(id), "viewer"));
  if (missing.length) {
    throw new ErrorResponse(
      404,
      missing.map(([id, i]) => ({
        detail: `connection ${id} (${GROUP_ATTRIBUTES.members}[${i}]) does not exist`,
        pointer: `/data/attributes/${GROUP_ATTRIBUTES.members}/${i}`,
      })),
    );
  }
  const before = new Set(already);
  for (const id of spec.members) {
    if (before.has(id)) continue;
    const have = relations.get(id);
    if (!atLeast(have, "resolver"))
      throw denied(caller, "connection", id, "resolver", have, "it cannot be added to a group");
  }
  // Before the rules: the same answer whatever the values, those of visible members included.
  if (hiddenDecide) throw new ErrorResponse(409, { detail: HIDDEN_MEMBERS_DECIDE, pointer: "/data/attributes" });
  const members = spec.members.map((id) => rows.get(id)!);
  const issues = membershipIssues({ integrationType: spec.integration, identifierTags: spec.identifierTags }, members);
  if (issues.length) throw new ErrorResponse(409, issueProblems(issues, memberPathToWire));
}

/** The write needs the group's members checked anew (added members, another integration or keys). */
const needsMemberCheck = (seen: GroupRow, spec: GroupSpec) => {
  const had = new Set(seen.members);
  return (
    seen.integrationType !== spec.integration ||
    !sameList(seen.identifierTags, spec.identifierTags) ||
    spec.members.some((m) => !had.has(m))
  );
};

export async function createGroup(ctx: Context, caller: Caller, attrs: Obj, policy?: InitialPolicy) {
  const spec = readGroupCreate(attrs);
  const policyAttributes = readPolicyAttributes(attrs) ?? null;
  checkInitialPolicy(ctx, caller, "connection-group", policy);
  const id = crypto.randomUUID();
  return ctx.db.write(async (tx) => {
    await checkMembers(ctx, tx, caller, spec, []);
    const now = new Date().toISOString();
    const row: GroupRow = {
      id,
      name: spec.name,
      description: spec.description ?? "",
      policyAttributes,
      integrationType: spec.integration,
      identifierTags: spec.identifierTags,
      members: spec.members,
      createdAt: now,
      updatedAt: now,
      createdBy: caller.user.id,
    };
    await ctx.groups.save(tx, row);
    // In the same transaction: nobody the policy leaves out ever sees the group.
    await saveInitialPolicy(ctx, tx, "connection-group", row.id, policy);
    return groupViewFor(ctx, tx, caller, row, policy?.bindings.length ? relationOf(caller, policy.bindings) : "editor");
  }, groupWrite(id));
}

export async function getGroup(ctx: Context, caller: Caller, id: string) {
  const q = ctx.db.reader;
  const { row, relation } = await findGroup(ctx, q, caller, id, "viewer", "it cannot be read");
  return groupViewFor(ctx, q, caller, row, relation);
}

/** Datadog's ListConnectionGroups: the page of groups the caller may view, and `meta`'s counts. */
export async function listGroups(ctx: Context, caller: Caller, query: ListQuery<GroupFilter>) {
  const q = ctx.db.reader;
  const { rows, counts } = await ctx.groups.list(q, query.filter, callerPrincipals(caller), query.sort, query.page);
  return {
    data: await groupViewsFor(
      ctx,
      q,
      caller,
      rows.map(({ row, policy }) => ({ row, relation: relationOf(caller, policy) })),
    ),
    meta: counts,
  };
}

/**
 * Replace any subset of the attributes; `change` computes the new spec from the stored row as
 * the caller sees it (hidden members left out). Hidden members stay members, in their place
 * when the visible list is unchanged, else after it. With `membersUnchanged` (nothing the member
 * rules depend on is given: e.g. a rename) the transaction neither reads nor writes the members
 * (unless an If-Match needs this caller's view), and they are read for the answer after it
 * commits: a rename of a group of thousands holds the group's lane (and PGlite's one
 * connection) for a one-row write, not for reading thousands of rows.
 */
async function changeGroup(
  ctx: Context,
  caller: Caller,
  id: string,
  change: (seen: GroupRow) => GroupSpec,
  options: { membersUnchanged?: boolean; precondition?: Precondition; policyAttributes?: string } = {},
) {
  const { membersUnchanged = false, precondition, policyAttributes } = options;
  const readMembers = !membersUnchanged || precondition !== undefined;
  const { next, relation } = await ctx.db.write(async (tx) => {
    const { row: stored, relation } = await findGroup(ctx, tx, caller, id, "editor", "it cannot be changed", {
      members: readMembers,
    });
    // The ETag is the one this caller was given: of their view of the group.
    if (precondition) precondition(await groupViewFor(ctx, tx, caller, stored, relation));
    const { shown, hidden } = membersUnchanged
      ? { shown: stored.members, hidden: [] }
      : await splitMembers(ctx, tx, caller, stored);
    const seen = { ...stored, members: shown };
    const spec = change(seen);
    if (!membersUnchanged && !sameList(spec.members, shown)) checkCap(spec.members.length + hidden.length);
    // Removing or reordering members never breaks a group: only a write that adds members or
    // changes the integration or keys is checked (and refused when hidden members would decide).
    if (!membersUnchanged && !sameMembership(seen, spec) && needsMemberCheck(seen, spec))
      await checkMembers(ctx, tx, caller, spec, shown, hidden.length > 0);
    const next: GroupRow = {
      ...stored,
      name: spec.name,
      description: spec.description ?? "",
      policyAttributes: policyAttributes ?? stored.policyAttributes,
      integrationType: spec.integration,
      identifierTags: spec.identifierTags,
      members: membersUnchanged || sameList(spec.members, shown) ? stored.members : [...spec.members, ...hidden],
      updatedAt: updatedAfter(stored.updatedAt),
    };
    await ctx.groups.save(tx, next, stored);
    return { next, relation };
  }, groupWrite(id));
  if (!readMembers) next.members = await ctx.groups.members(ctx.db.reader, id);
  return groupViewFor(ctx, ctx.db.reader, caller, next, relation);
}

/**
 * The cap counts every member, hidden ones too: counting only those the writer sees would let a
 * writer who cannot view some members grow the group past it (and its owner then get 400 on
 * the very list they read). The rules already refuse a visible list over the cap.
 */
function checkCap(total: number): void {
  if (total <= MAX_GROUP_MEMBERS) return;
  throw new ErrorResponse(400, {
    detail: `${GROUP_ATTRIBUTES.members} would make the group exceed ${MAX_GROUP_MEMBERS} members, counting members you cannot view (a group has at most ${MAX_GROUP_MEMBERS})`,
    pointer: `/data/attributes/${GROUP_ATTRIBUTES.members}`,
  });
}

/** Attributes the member rules depend on: a PATCH without them leaves the members as they are. */
const MEMBER_ATTRIBUTES = [GROUP_ATTRIBUTES.members, GROUP_ATTRIBUTES.integration, GROUP_ATTRIBUTES.identifierTags];

export function updateGroup(ctx: Context, caller: Caller, id: string, attrs: Obj, precondition?: Precondition) {
  const membersUnchanged = !MEMBER_ATTRIBUTES.some((key) => Object.hasOwn(attrs, key));
  const policyAttributes = readPolicyAttributes(attrs);
  return changeGroup(ctx, caller, id, (seen) => readGroupPatch(attrs, seen), {
    membersUnchanged,
    precondition,
    policyAttributes,
  });
}

/** Add members (JSON:API relationship endpoint): the group's list plus these, in order. */
export function addGroupMembers(ctx: Context, caller: Caller, id: string, ids: string[], precondition?: Precondition) {
  // Already a member, or listed twice here: added once (adding is idempotent, as in JSON:API).
  const add = (seen: GroupRow) => {
    const added = new Set<string>(seen.members);
    const fresh = ids.filter((m) => !added.has(m.toLowerCase()) && added.add(m.toLowerCase()));
    return readGroupPatch({ [GROUP_ATTRIBUTES.members]: [...seen.members, ...fresh] }, seen);
  };
  return changeGroup(ctx, caller, id, add, { precondition });
}

/** Remove members; ids that are no member the caller sees are ignored, as absent ones always were. */
export function removeGroupMembers(
  ctx: Context,
  caller: Caller,
  id: string,
  ids: string[],
  precondition?: Precondition,
) {
  const drop = new Set(ids.map((m) => m.toLowerCase()));
  return changeGroup(
    ctx,
    caller,
    id,
    (seen) => readGroupPatch({ [GROUP_ATTRIBUTES.members]: seen.members.filter((m) => !drop.has(m)) }, seen),
    { precondition },
  );
}

export async function deleteGroup(
  ctx: Context,
  caller: Caller,
  id: string,
  precondition?: Precondition,
): Promise<void> {
  await ctx.db.write(async (tx) => {
    const { row: stored, relation } = await findGroup(ctx, tx, caller, id, "editor", "it cannot be deleted", {
      members: precondition !== undefined,
    });
    precondition?.(await groupViewFor(ctx, tx, caller, stored, relation));
    await ctx.groups.delete(tx, id);
    await ctx.policies.delete(tx, resourceId("connection-group", id));
  }, groupWrite(id));
}
