/**
 * Does the target have a connection-groups API? Datadog has none, and neither has a proxy in
 * front of it. Asked once per provider process (one read-only request; none for a Datadog
 * site), so a preview fails at the group, and `up` never sends a group write there.
 */
import type { ConnectionsClient } from "../../client";
import { getClient } from "./settings";

const answers = new WeakMap<ConnectionsClient, Promise<string | undefined>>();

/**
 * What to tell the user when the target has no groups API; undefined when it has one, or when
 * the probe could not tell (unreachable, no keys, 403...): the real request then reports that.
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
    answer = client.groups.probe().then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof c.UnsupportedError)) return undefined;
        const why = client.target.isDatadog
          ? "it is a Datadog site, and Datadog offers none"
          : `GET ${c.ROUTES.groups} answered ${err.status ?? "404"}: no such route`;
        return `the target ${client.baseUrl} has no connection-groups API (${why}); point connections:apiUrl (or CONNECTIONS_API_URL) at a backend that has one, such as the local backend (npm run backend), or remove the ConnectionGroup`;
      },
    );
    answers.set(client, answer);
  }
  return answer;
}
