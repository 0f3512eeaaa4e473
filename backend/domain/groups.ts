/**
 * Connection group operations. A group write reads its members, checks permissions and the
 * member rules, and saves, all inside one serialized transaction: two concurrent writes that
 * would each be fine alone but clash together cannot both pass.
 */
import crypto from "node:crypto";
import { GroupSpec, quote, selectMember } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { atLeast, callerPrincipals } from "../auth/access";
import { ErrorResponse, issueProblems } from "../errors/error-response";
import type { Queryable, WriteOptions } from "../storage/database";
import type { ConnectionRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import type { Context } from "./context";
import type { Page } from "./connections";
import { readGroupCreate, readGroupPatch } from "./group-input";
import { memberPathToWire, membershipIssues } from "./group-members";
import { denied, notFoundError, relationOn, requireRelation, resourceId, viewable } from "./permissions";
import { connectionView, groupView } from "./views";

type Obj = Record<string, unknown>;

/** Group writes queue in one lane across replicas (storage/engine.ts `WriteOptions.lane`). */
const GROUP_WRITE: WriteOptions = { lane: "groups" };

/**
 * Load and check the members of `spec`. Unknown ids are 404 (naming the id and its place);
 * a newly added connection needs resolver on it (403); member rule failures are 409.
 */
async function checkMembers(ctx: Context, tx: Queryable, caller: Caller, spec: GroupSpec, already: readonly string[]): Promise<void> {
  const rows = await ctx.connections.getMany(tx, spec.members);
  const missing = spec.members.map((id, i) => [id, i] as const).filter(([id]) => !rows.has(id));
  if (missing.length) {
    throw new ErrorResponse(404, missing.map(([id, i]) => ({ detail: `connection ${id} (connection_ids[${i}]) does not exist`, pointer: `/data/attributes/connection_ids/${i}` })));
  }
  for (const id of spec.members) {
    if (already.includes(id)) continue;
    const have = await relationOn(ctx, tx, caller, "connection", id);
    if (!atLeast(have, "resolver")) throw denied(caller, "connection", id, "resolver", have, "it cannot be added to a group");
  }
  const members = spec.members.map((id) => rows.get(id)!) as ConnectionRow[];
  const visible = await viewable(ctx, tx, caller, "connection", spec.members);
  const issues = membershipIssues({ integrationType: spec.integration, identifierTags: spec.identifierTags }, members, visible);
  if (issues.length) throw new ErrorResponse(409, issueProblems(issues, memberPathToWire));
}

export async function createGroup(ctx: Context, caller: Caller, attrs: Obj) {
  const spec = readGroupCreate(attrs);
  return ctx.db.write(async (tx) => {
    await checkMembers(ctx, tx, caller, spec, []);
    const now = new Date().toISOString();
    const row: GroupRow = {
      id: crypto.randomUUID(),
      name: spec.name,
      integrationType: spec.integration,
      identifierTags: spec.identifierTags,
      members: spec.members,
      createdAt: now,
      updatedAt: now,
      createdBy: caller.user.id,
    };
    await ctx.groups.save(tx, row);
    return groupView(row);
  }, GROUP_WRITE);
}

export async function getGroup(ctx: Context, caller: Caller, id: string) {
  const row = await ctx.groups.get(ctx.db.reader, id);
  if (!row) throw notFoundError("connection-group", id);
  await requireRelation(ctx, ctx.db.reader, caller, "connection-group", id, "viewer", "it cannot be read");
  return groupView(row);
}

export async function listGroups(ctx: Context, caller: Caller, integration: string | undefined, page: Page) {
  const { rows, total } = await ctx.groups.list(ctx.db.reader, integration, callerPrincipals(caller), page);
  return {
    data: rows.map(({ row }) => groupView(row)),
    meta: { page: { total_count: total, size: page.size, number: page.number } },
  };
}

/** Replace any subset of the attributes; `change` computes the new spec from the stored row. */
async function changeGroup(ctx: Context, caller: Caller, id: string, change: (stored: GroupRow) => GroupSpec) {
  return ctx.db.write(async (tx) => {
    const stored = await ctx.groups.get(tx, id);
    if (!stored) throw notFoundError("connection-group", id);
    await requireRelation(ctx, tx, caller, "connection-group", id, "editor", "it cannot be changed");
    const spec = change(stored);
    await checkMembers(ctx, tx, caller, spec, stored.members);
    const next: GroupRow = {
      ...stored,
      name: spec.name,
      integrationType: spec.integration,
      identifierTags: spec.identifierTags,
      members: spec.members,
      updatedAt: new Date().toISOString(),
    };
    await ctx.groups.save(tx, next);
    return groupView(next);
  }, GROUP_WRITE);
}

export function updateGroup(ctx: Context, caller: Caller, id: string, attrs: Obj) {
  return changeGroup(ctx, caller, id, (stored) => readGroupPatch(attrs, stored));
}

/** Add members (JSON:API relationship endpoint): the group's list plus these, in order. */
export function addGroupMembers(ctx: Context, caller: Caller, id: string, ids: string[]) {
  return changeGroup(ctx, caller, id, (stored) =>
    readGroupPatch({ connection_ids: [...stored.members, ...ids.filter((m) => !stored.members.includes(m.toLowerCase()))] }, stored),
  );
}

export function removeGroupMembers(ctx: Context, caller: Caller, id: string, ids: string[]) {
  const drop = new Set(ids.map((m) => m.toLowerCase()));
  return changeGroup(ctx, caller, id, (stored) => readGroupPatch({ connection_ids: stored.members.filter((m) => !drop.has(m)) }, stored));
}

export async function deleteGroup(ctx: Context, caller: Caller, id: string): Promise<void> {
  await ctx.db.write(async (tx) => {
    if (!(await ctx.groups.get(tx, id))) throw notFoundError("connection-group", id);
    await requireRelation(ctx, tx, caller, "connection-group", id, "editor", "it cannot be deleted");
    await ctx.groups.delete(tx, id);
    await ctx.policies.delete(tx, resourceId("connection-group", id));
  }, GROUP_WRITE);
}

/**
 * The runtime use of a group: the one member whose identifier values are `values` (rules'
 * `selectMember`). Needs viewer on the group (groups have no resolver relation: Datadog's are
 * viewer and editor) and resolver on the chosen connection.
 */
export async function resolveGroup(ctx: Context, caller: Caller, id: string, values: Record<string, string>) {
  const q = ctx.db.reader;
  const group = await ctx.groups.get(q, id);
  if (!group) throw notFoundError("connection-group", id);
  await requireRelation(ctx, q, caller, "connection-group", id, "viewer", "it cannot be resolved");
  const rows = await ctx.connections.getMany(q, group.members);
  const members = group.members.map((m) => rows.get(m)!).filter(Boolean);
  let match: ConnectionRow | undefined;
  try {
    match = selectMember(group.identifierTags, members, values);
  } catch (err) {
    throw new ErrorResponse(400, { detail: `group ${quote(group.name)} (${group.id}): ${(err as Error).message}`, parameter: "identifiers" });
  }
  const wanted = group.identifierTags.map((k) => `${k}:${values[k]}`).join(", ");
  if (!match) throw new ErrorResponse(404, { detail: `no member of group ${quote(group.name)} (${group.id}) has ${wanted}` });
  const have = await relationOn(ctx, q, caller, "connection", match.id);
  if (!atLeast(have, "resolver")) throw denied(caller, "connection", match.id, "resolver", have, `group ${quote(group.name)} cannot resolve ${wanted} to it`);
  return connectionView(match, ctx.awsPrincipalId, have);
}
