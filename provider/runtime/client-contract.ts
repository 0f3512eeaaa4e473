/**
 * The client's group operations as the provider uses them: `capabilities()` (what the target
 * can do with groups, learned once per client) and the paged connection list. Until the client
 * has them on every target, they are derived here from what it has.
 */
import type { ConnectionsClient, RemoteConnection } from "../../client";
import type { GroupCapabilities } from "./live-world";

type WithContract = ConnectionsClient & {
  capabilities?: () => Promise<GroupCapabilities>;
};

const learned = new WeakMap<ConnectionsClient, Promise<GroupCapabilities>>();

export function clientCapabilities(client: ConnectionsClient): Promise<GroupCapabilities> {
  const own = (client as WithContract).capabilities;
  if (typeof own === "function") return own.call(client);
  let caps = learned.get(client);
  if (!caps) {
    const c = require("../../client") as typeof import("../../client");
    caps = client.groups.probe().then(
      () => ({
        listConnections: true,
        listGroups: true,
        updateGroups: true,
        createGroups: true,
        deleteGroups: true,
        resolveGroups: true,
      }),
      (err: unknown) => {
        if (!(err instanceof c.UnsupportedError)) throw err;
        const none = {
          listGroups: false,
          updateGroups: false,
          createGroups: false,
          deleteGroups: false,
          resolveGroups: false,
        };
        return { listConnections: !client.target.isDatadog, ...none };
      },
    );
    learned.set(client, caps);
  }
  return caps;
}

export function listAllConnections(client: ConnectionsClient): AsyncGenerator<RemoteConnection, void, undefined> {
  return client.connections.listAll({});
}
