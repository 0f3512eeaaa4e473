/**
 * What the target holds, asked once per target and key pair (per client, see ./settings.ts) and
 * kept for the rest of the preview or update: what the target can do with groups (the client
 * learns it once), and every connection it lists (paged). Preview uses them to say what adopting
 * a group changes, to name the members it would drop, and to warn before creating a connection
 * that already exists.
 */
import type { ConnectionsClient, GroupCapabilities, RemoteConnection } from "../../client";

export type { GroupCapabilities };

const liveLists = new WeakMap<ConnectionsClient, Promise<RemoteConnection[]>>();

/** The target's capabilities (the client asks once and keeps the answer). */
export function capabilities(client: ConnectionsClient): Promise<GroupCapabilities> {
  return client.capabilities();
}

/**
 * Every connection the target lists to the key's user, all pages, once per client; empty where
 * the target does not list (nothing to compare with, so nothing is said).
 */
export function liveConnections(client: ConnectionsClient): Promise<RemoteConnection[]> {
  let list = liveLists.get(client);
  if (!list) {
    list = (async () => {
      if (!(await capabilities(client)).listConnections) return [];
      const all: RemoteConnection[] = [];
      for await (const c of client.connections.listAll({})) all.push(c);
      return all;
    })();
    liveLists.set(client, list);
  }
  return list;
}
