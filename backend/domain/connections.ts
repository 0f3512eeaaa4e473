/**
 * Connection operations. Each write runs in the serialized write transaction, and everything it
 * depends on (permissions, the groups the connection belongs to) is read inside it.
 */
import crypto from "node:crypto";
import type { Caller } from "../auth/authenticate";
import { callerPrincipals, relationOf } from "../auth/caller-relation";
import type { Precondition } from "./precondition";
import type { ConnectionFilter, ConnectionRow } from "../storage/connections-table";
import type { Context } from "./context";
import { readConnectionCreate, readConnectionPatch } from "./connection-input";
import { releaseFromGroups } from "./pinning";
import { requireRelationOf, resourceId } from "./permissions";
import { connectionListItem, connectionView } from "./views";
import type { PageSpec, SortKey } from "../storage/list-sql";
import { InitialPolicy, checkInitialPolicy, saveInitialPolicy } from "./initial-policy";
import { updatedAfter } from "./timestamps";

type Obj = Record<string, unknown>;

/** A fresh AWS external id: 32 hex digits, like Datadog's. */
const newExternalId = () => crypto.randomBytes(16).toString("hex");

export async function createConnection(ctx: Context, caller: Caller, attrs: Obj, policy?: InitialPolicy) {
  const input = readConnectionCreate(attrs);
  checkInitialPolicy(ctx, caller, "connection", policy);
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
  if (policy?.bindings.length) {
    // The row and its policy commit together: nobody the policy leaves out ever sees the row.
    await ctx.db.write(async (tx) => {
      await ctx.connections.save(tx, row);
      await saveInitialPolicy(ctx, tx, "connection", row.id, policy);
    });
    return connectionView(row, ctx.awsPrincipalId, relationOf(caller, policy.bindings));
  }
  // One INSERT that depends on no read: atomic alone, no transaction round trips needed.
  await ctx.db.write((tx) => ctx.connections.save(tx, row), { single: true });
  return connectionView(row, ctx.awsPrincipalId, "editor"); // no policy: everyone edits
}

export async function getConnection(ctx: Context, caller: Caller, id: string) {
  // Visibility first, from the policy read with the row; only a visible row is decrypted.
  const found = await ctx.connections.find(ctx.db.reader, id);
  const relation = requireRelationOf(caller, "connection", id, found, "viewer", "it cannot be read");
  return connectionView(found!.open(), ctx.awsPrincipalId, relation);
}

/** A list request: its filters, order and page. */
export interface ListQuery<F> {
  filter: F;
  sort: SortKey[];
  page: PageSpec;
}

/**
 * Datadog's ListActionConnections: only the connections the caller may view, filtered, counted
 * and paged in SQL; `meta` counts only those too.
 */
export async function listConnections(ctx: Context, caller: Caller, query: ListQuery<ConnectionFilter>) {
  const { rows, counts } = await ctx.connections.list(
    ctx.db.reader,
    query.filter,
    callerPrincipals(caller),
    query.sort,
    query.page,
  );
  return {
    data: rows.map(({ row, policy }) => connectionListItem(row, ctx.awsPrincipalId, relationOf(caller, policy))),
    meta: counts,
  };
}

export async function updateConnection(
  ctx: Context,
  caller: Caller,
  id: string,
  attrs: Obj,
  precondition?: Precondition,
) {
  return ctx.db.write(async (tx) => {
    const found = await ctx.connections.find(tx, id);
    const relation = requireRelationOf(caller, "connection", id, found, "editor", "it cannot be changed");
    const stored = found!.open();
    precondition?.(connectionView(stored, ctx.awsPrincipalId, relation));
    const input = readConnectionPatch(attrs, stored);

    let externalId: string | null = null;
    if (input.integration.type === "AWS")
      externalId = stored.externalId && !input.rotateExternalId ? stored.externalId : newExternalId();
    const next: ConnectionRow = {
      ...stored,
      name: input.name,
      integration: input.integration,
      tags: input.tags,
      externalId,
      updatedAt: updatedAfter(stored.updatedAt),
    };

    // Every group it belongs to must stay valid with the changed tags/integration: a group the
    // caller may edit and fully view refuses (409), any other lets the connection go, and the
    // answer says so (domain/pinning.ts).
    const left = await releaseFromGroups(ctx, tx, caller, stored, next);
    await ctx.connections.save(tx, next);
    return { data: connectionView(next, ctx.awsPrincipalId, relation), ...(left ? { meta: left } : {}) };
  });
}

export async function deleteConnection(
  ctx: Context,
  caller: Caller,
  id: string,
  precondition?: Precondition,
): Promise<void> {
  await ctx.db.write(async (tx) => {
    const found = await ctx.connections.find(tx, id);
    const relation = requireRelationOf(caller, "connection", id, found, "editor", "it cannot be deleted");
    const stored = found!.open();
    precondition?.(connectionView(stored, ctx.awsPrincipalId, relation));
    await releaseFromGroups(ctx, tx, caller, stored);
    await ctx.connections.delete(tx, id);
    await ctx.policies.delete(tx, resourceId("connection", id));
  });
}
