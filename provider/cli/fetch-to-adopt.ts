/**
 * What `generate` adopts, read from the target: every connection and group it lists (`--all`,
 * page by page to the end), or the named connections and groups, with each group's members.
 */
import type { ConnectionsClient, RemoteConnection, RemoteGroup } from "../../client";
import { sourceString } from "../codegen/source-text";
import { targetId } from "../codegen/target-id";

export class UsageError extends Error {}

export interface ToAdopt {
  connections: RemoteConnection[];
  groups: RemoteGroup[];
  /** What the user should know about the selection (already plain text). */
  notes: string[];
}

export interface Selection {
  all: boolean;
  ids: string[];
  groupIds: string[];
  pageSize: number;
}

/** Requests at a time when reading named connections one by one. */
const CONCURRENCY = 8;

async function eachLimited<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A connection by id; the id is the user's, so it must be a UUID, and the target must answer with it. */
async function connectionById(client: ConnectionsClient, id: string, what: string): Promise<RemoteConnection> {
  const c = await client.connections.get(id).catch((err: unknown) => {
    throw new Error(`${what} ${sourceString(id)}: ${reason(err)}`);
  });
  if (c.id !== id)
    throw new Error(`${what} ${sourceString(id)}: the target answered with another connection (${sourceString(c.id)})`);
  return c;
}

async function groupById(client: ConnectionsClient, id: string): Promise<RemoteGroup> {
  const g = await client.groups.get(id).catch((err: unknown) => {
    throw new Error(`connection group ${sourceString(id)}: ${reason(err)}`);
  });
  if (g.id !== id)
    throw new Error(
      `connection group ${sourceString(id)}: the target answered with another group (${sourceString(g.id)})`,
    );
  return g;
}

function userIds(flag: string, ids: readonly string[]): string[] {
  for (const id of ids) {
    try {
      targetId(`${flag} ${sourceString(id)}`, id);
    } catch (err) {
      throw new UsageError(reason(err).replace("the target gave the id", "the id"));
    }
  }
  return [...new Set(ids)];
}

async function everything(client: ConnectionsClient, pageSize: number): Promise<ToAdopt> {
  // The client's walk reads every page to the end (client/list-pages.ts decides where it ends).
  const connections: RemoteConnection[] = [];
  for await (const c of client.connections.listAll({ pageSize })) connections.push(c);
  const groups: RemoteGroup[] = [];
  if (!(await client.capabilities()).listGroups)
    return { connections, groups, notes: [`No groups: ${client.baseUrl} has no list of connection groups.`] };
  for await (const g of client.groups.listAll({ pageSize })) groups.push(g);
  return { connections, groups, notes: [] };
}

async function named(client: ConnectionsClient, selection: Selection): Promise<ToAdopt> {
  const ids = userIds("--id", selection.ids);
  const groupIds = userIds("--group", selection.groupIds);
  const groups = await eachLimited(groupIds, (id) => groupById(client, id));
  for (const g of groups)
    for (const m of g.members) targetId(`a member of connection group ${sourceString(g.name)} (${g.id})`, m);
  // The named connections, then each group's members not named already.
  const wanted = [...new Set([...ids, ...groups.flatMap((g) => g.members)])];
  const connections = await eachLimited(wanted, (id) =>
    connectionById(client, id, ids.includes(id) ? "connection" : "member connection"),
  );
  return { connections, groups, notes: [] };
}

export function fetchToAdopt(client: ConnectionsClient, selection: Selection): Promise<ToAdopt> {
  return selection.all ? everything(client, selection.pageSize) : named(client, selection);
}
