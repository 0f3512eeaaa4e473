/**
 * A group's member rules (one integration, exactly one value per identifier key, unique
 * combinations) are the rules module's `memberIssues`, fed with the stored connections' facts.
 * Used when a group changes and when one of its members does.
 */
import { MemberFacts, RuleIssue, memberIssues } from "../../rules";
import type { ConnectionRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import { connectionLabel } from "./views";

export function memberFacts(row: ConnectionRow): MemberFacts {
  return { label: connectionLabel(row), id: row.id, integration: row.integration.type, tags: row.tags };
}

export function membershipIssues(group: Pick<GroupRow, "integrationType" | "identifierTags">, members: readonly ConnectionRow[]): RuleIssue[] {
  return memberIssues({ integration: group.integrationType, identifierTags: group.identifierTags }, members.map(memberFacts));
}

/** `members[2]` in an issue path is `connection_ids[2]` on the wire. */
export function memberPathToWire(path: (string | number)[]): (string | number)[] {
  return path[0] === "members" ? ["connection_ids", ...path.slice(1)] : path;
}
