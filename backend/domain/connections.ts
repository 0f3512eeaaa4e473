/**
 * Connection operations. Each write runs in the serialized write transaction, and everything it
 * depends on (permissions, the groups the connection belongs to) is read inside it.
 */
import crypto from "node:crypto";
import { formatIssue, quote } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { callerPrincipals, relationOf } from "../auth/access";
import { ErrorResponse, conflict } from "../errors/error-response";
import type { ConnectionFilter, ConnectionRow } from "../storage/connections-table";
import type { Context } from "./context";
import { readConnectionCreate, readConnectionPatch } from "./connection-input";
import { memberPathToWire, membershipIssues } from "./group-members";
import { HIDDEN, notFoundError, requireRelation, resourceId, viewable } from "./permissions";
import { connectionLabel, connectionView } from "./views";

type Obj = Record<string, unknown>;

/** A fresh AWS external id: 32 hex digits, like Datadog's. */
const newExternalId = () => crypto.randomBytes(16).toString("hex");

export async function createConnection(ctx: Context, caller: Caller, attrs: Obj) {
  const input = readConnectionCreate(attrs);
  const now = new Date().toISOString();
  const row: ConnectionRow = {
    id: crypto.randomUUID(),
    name: input.name,
    integration: input.integration,
    tags: input.tags,
    externalId: input.integration.type === "AWS" ? newExternalId() : null,
    createdAt: now,
    updatedAt: now,
    createdBy: caller.user.id,
  };
  // One INSERT that depends on no read: atomic alone, no transaction round trips needed.
  await ctx.db.write((tx) => ctx.connections.save(tx, row), { single: true });
  return connectionView(row, ctx.awsPrincipalId, "editor"); // no policy yet: everyone edits
}

export async function getConnection(ctx: Context, caller: Caller, id: string) {
  const q = ctx.db.reader;
  const row = await ctx.connections.get(q, id);
  if (!row) throw notFoundError("connection", id);
  const relation = await requireRelation(ctx, q, caller, "connection", id, "viewer", "it cannot be read");
  return connectionView(row, ctx.awsPrincipalId, relation);
}

export interface Page {
  size: number;
  number: number;
}

/** Only the connections the caller may view; filtered, counted and paged in SQL. */
export async function listConnections(ctx: Context, caller: Caller, filter: ConnectionFilter, page: Page) {
  const { rows, total } = await ctx.connections.list(ctx.db.reader, filter, callerPrincipals(caller), page);
  return {
    data: rows.map(({ row, policy }) => connectionView(row, ctx.awsPrincipalId, relationOf(caller, policy))),
    meta: { page: { total_count: total, size: page.size, number: page.number } },
  };
}

export async function updateConnection(ctx: Context, caller: Caller, id: string, attrs: Obj) {
  return ctx.db.write(async (tx) => {
    const stored = await ctx.connections.get(tx, id);
    if (!stored) throw notFoundError("connection", id);
    const relation = await requireRelation(ctx, tx, caller, "connection", id, "editor", "it cannot be changed");
    const input = readConnectionPatch(attrs, stored);

    let externalId: string | null = null;
    if (input.integration.type === "AWS") externalId = stored.externalId && !input.rotateExternalId ? stored.externalId : newExternalId();
    const next: ConnectionRow = {
      ...stored,
      name: input.name,
      integration: input.integration,
      tags: input.tags,
      externalId,
      updatedAt: new Date().toISOString(),
    };

    // Every group it belongs to must stay valid with the changed tags/integration. The
    // message names only the groups and members the caller may view.
    const groups = await ctx.groups.containing(tx, id);
    const visibleGroups = await viewable(ctx, tx, caller, "connection-group", groups.map((g) => g.id));
    for (const group of groups) {
      const members = await ctx.connections.getMany(tx, group.members);
      const rows = group.members.map((m) => (m === id ? next : members.get(m)!));
      const issues = membershipIssues(group, rows, await viewable(ctx, tx, caller, "connection", group.members));
      if (issues.length) {
        const why = issues.map((i) => formatIssue({ ...i, path: memberPathToWire(i.path) })).join("; ");
        const which = visibleGroups.has(group.id) ? `group ${quote(group.name)} (${group.id})` : HIDDEN["connection-group"];
        throw conflict(`connection ${quote(connectionLabel(stored))} cannot be changed this way: it is a member of ${which}, which would become invalid: ${why}`);
      }
    }
    await ctx.connections.save(tx, next);
    return connectionView(next, ctx.awsPrincipalId, relation);
  });
}

export async function deleteConnection(ctx: Context, caller: Caller, id: string): Promise<void> {
  await ctx.db.write(async (tx) => {
    const stored = await ctx.connections.get(tx, id);
    if (!stored) throw notFoundError("connection", id);
    await requireRelation(ctx, tx, caller, "connection", id, "editor", "it cannot be deleted");
    const groups = await ctx.groups.containing(tx, id);
    if (groups.length) {
      const visible = await viewable(ctx, tx, caller, "connection-group", groups.map((g) => g.id));
      const shown = groups.filter((g) => visible.has(g.id)).map((g) => `group ${quote(g.name)} (${g.id})`);
      const hidden = groups.length - shown.length;
      if (hidden) shown.push(hidden === 1 ? HIDDEN["connection-group"] : `${hidden} groups you cannot view`);
      throw new ErrorResponse(409, {
        detail: `connection ${quote(connectionLabel(stored))} is still a member of ${shown.join(", ")}; remove it from the group first`,
      });
    }
    await ctx.connections.delete(tx, id);
    await ctx.policies.delete(tx, resourceId("connection", id));
  });
}
