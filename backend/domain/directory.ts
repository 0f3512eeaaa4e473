/**
 * The keys file's users, roles and teams, looked up one at a time in Datadog's shapes, so a
 * client can tell whether a principal a restriction policy names exists (Datadog's
 * UsersApi.getUser, RolesApi.getRole, TeamsApi.getTeam). A role or team exists when some user
 * of the keys file holds it; ids are the keys file's names, as in `role:admin`.
 */
import type { KeysFile } from "../auth/keys-file";
import { quote } from "pulumi-workflow-connections-rules";
import { ErrorResponse, Problem, pointer } from "../errors/error-response";
import { userResource } from "./users";

/** Whether a principal exists: a restriction policy naming one that does not binds nobody. */
export interface Principals {
  exists(principal: string): boolean;
}

/**
 * The keys file's principals: `user:<id>` of a user, `role:<r>` / `team:<t>` some user holds,
 * `org:<id>` of the org (as auth/caller-relation.ts gives a caller).
 */
export function principalsOf(keys: KeysFile): Principals {
  const known = new Set<string>([`org:${keys.org.id}`]);
  for (const u of keys.users) {
    known.add(`user:${u.id}`);
    for (const r of u.roles) known.add(`role:${r}`);
    for (const t of u.teams) known.add(`team:${t}`);
  }
  return { exists: (principal) => known.has(principal) };
}

/**
 * One 400 problem per principal of `bindings` nobody holds, at `at` + its place: a policy naming
 * one would give its relation to nobody (and with `allow_self_lockout`, an editor nobody holds
 * would leave the resource without anyone who can see or delete it).
 */
export function unknownPrincipalProblems(
  principals: Principals,
  bindings: readonly { relation: string; principals: readonly string[] }[],
  at: (string | number)[],
  label: string,
): Problem[] {
  const problems: Problem[] = [];
  bindings.forEach((binding, i) =>
    binding.principals.forEach((principal, j) => {
      if (principals.exists(principal)) return;
      const colon = principal.indexOf(":");
      const [type, id] = [principal.slice(0, colon), principal.slice(colon + 1)];
      const what =
        type === "org"
          ? `it is not this backend's org`
          : `no ${type} with id ${quote(id)} exists in this backend's keys file`;
      problems.push({
        detail: `${label}bindings[${i}].principals[${j}] ${quote(principal)} binds nobody: ${what}; a policy may name only principals that exist`,
        pointer: pointer([...at, "bindings", i, "principals", j]),
      });
    }),
  );
  return problems;
}

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
