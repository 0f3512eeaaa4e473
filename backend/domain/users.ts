/**
 * Who a caller is, in Datadog's shapes, so a client can tell which principals its application
 * key's user holds (and check a policy it is about to write against them):
 * - `GET /api/v2/current_user` (Datadog's UsersApi.getCurrentUser): the user, with its org and
 *   roles as relationships;
 * - `GET /api/v2/users/{user_id}/memberships` (Datadog's TeamsApi.getUserMemberships): the
 *   user's teams, one `team_memberships` resource each, paged with `page[size]`/`page[number]`.
 */
import type { Caller } from "../auth/authenticate";
import type { KeysFile, KeysUser } from "../auth/keys-file";
import { quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";

/** A keys-file user as Datadog's `users` resource, with its org and roles as relationships. */
export function userResource(u: Pick<KeysUser, "id" | "name" | "roles">, orgId: string) {
  return {
    type: "users",
    id: u.id,
    attributes: { name: u.name, handle: u.id, status: "Active", disabled: false, service_account: false },
    relationships: {
      org: { data: { type: "orgs", id: orgId } },
      roles: { data: u.roles.map((id) => ({ type: "roles", id })) },
    },
  };
}

export function currentUserView(caller: Caller) {
  return { data: userResource(caller.user, caller.orgId) };
}

export function membershipsView(keys: KeysFile, userId: string, page: { size: number; number: number }) {
  const user: KeysUser | undefined = keys.users.find((u) => u.id === userId);
  if (!user) throw new ErrorResponse(404, { detail: `user ${quote(userId)} not found` });
  const all = user.teams.map((team) => ({
    type: "team_memberships",
    id: `${team}:${user.id}`,
    attributes: { role: null },
    relationships: { team: { data: { type: "team", id: team } }, user: { data: { type: "users", id: user.id } } },
  }));
  const start = page.size * page.number;
  return {
    data: all.slice(start, start + page.size),
    meta: { pagination: { total: all.length, size: page.size, offset: start } },
  };
}
