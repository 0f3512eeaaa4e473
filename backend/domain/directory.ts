/**
 * The keys file's users, roles and teams, looked up one at a time in Datadog's shapes, so a
 * client can tell whether a principal a restriction policy names exists (Datadog's
 * UsersApi.getUser, RolesApi.getRole, TeamsApi.getTeam). A role or team exists when some user
 * of the keys file holds it; ids are the keys file's names, as in `role:admin`.
 */
import type { KeysFile } from "../auth/keys-file";
import { quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse } from "../errors/error-response";
import { userResource } from "./users";

const notFound = (what: string, id: string) => new ErrorResponse(404, { detail: `${what} ${quote(id)} not found` });

export function userView(keys: KeysFile, id: string) {
  const u = keys.users.find((user) => user.id === id);
  if (!u) throw notFound("user", id);
  return { data: userResource(u, keys.org.id) };
}

export function roleView(keys: KeysFile, id: string) {
  const holders = keys.users.filter((u) => u.roles.includes(id));
  if (holders.length === 0) throw notFound("role", id);
  return { data: { type: "roles", id, attributes: { name: id, user_count: holders.length } } };
}

export function teamView(keys: KeysFile, id: string) {
  const members = keys.users.filter((u) => u.teams.includes(id));
  if (members.length === 0) throw notFound("team", id);
  return { data: { type: "team", id, attributes: { name: id, handle: id, user_count: members.length } } };
}
