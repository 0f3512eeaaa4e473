/**
 * What access (a resource's restriction policy) does in each provider method, in one place:
 * check (rules, the key's user, self-lockout, members' resolver), diff, create (with the
 * resource, atomically where the target allows it), read (refresh), update. The connection and
 * group providers call only this.
 */
export {
  accessChanged,
  accessCheckIssues,
  keyUser,
  memberAccessIssues,
  readAccess,
  updateAccess,
  withAccess,
  writeAccess,
} from "./lifecycle";
export type { AccessState, Identity, IdentityResult } from "./lifecycle";
export { createConnectionWithAccess, createGroupWithAccess } from "./create";
