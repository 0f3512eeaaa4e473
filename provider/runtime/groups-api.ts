/**
 * Can the target hold this provider's groups? The provider creates and deletes them, which only
 * the local backend's extensions do; Datadog's API lists and updates groups but cannot create
 * one. Learned once per client (the client's `capabilities()`: one group-list request, none for
 * a Datadog site, which is known to have no extensions), so a preview fails at the group, and
 * `up` never sends a group write there.
 */
import type { ConnectionsClient } from "../../client";
import { getClient } from "./settings";

const answers = new WeakMap<ConnectionsClient, Promise<string | undefined>>();

const POINT =
  "point connections:apiUrl (or CONNECTIONS_API_URL) at a backend that creates groups, such as the local backend (npm run backend), or remove the ConnectionGroup";

/**
 * What to tell the user when the target cannot create groups; undefined when it can, or when
 * asking could not tell (unreachable, no keys, 403...): the real request then reports that.
 */
export function missingGroupsApi(): Promise<string | undefined> {
  const c = require("../../client") as typeof import("../../client");
  let client: ConnectionsClient;
  try {
    client = getClient();
  } catch {
    return Promise.resolve(undefined); // e.g. no keys at preview: nothing to ask with
  }
  let answer = answers.get(client);
  if (!answer) {
    answer = client.target.isDatadog
      ? Promise.resolve(
          `the target ${client.baseUrl} cannot create connection groups (it is a Datadog site: Datadog's API lists and updates groups, and groups are created in Datadog's UI); ${POINT}`,
        )
      : client.capabilities().then(
          (can) => {
            if (can.createGroups) return undefined;
            const why = can.listGroups
              ? `its group list names no create extension`
              : `GET ${c.ROUTES.groups}: no such route`;
            return `the target ${client.baseUrl} cannot create connection groups (${why}); ${POINT}`;
          },
          () => undefined,
        );
    answers.set(client, answer);
  }
  return answer;
}
