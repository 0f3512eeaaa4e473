/**
 * A group's member rules (one integration, exactly one value per identifier key, unique
 * combinations) are the rules module's `memberIssues`, fed with the stored connections' facts.
 * Used when a group changes and when one of its members does.
 */
import { GROUP_ATTRIBUTES, MemberFacts, memberIssues, RuleIssue } from "pulumi-workflow-connections-rules";
import type { ConnectionRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import { HIDDEN } from "./permissions";
import { connectionLabel } from "./views";

/** A member's facts; messages about one the caller may not view name neither it nor its tags. */
export function memberFacts(row: ConnectionRow, visible: boolean): MemberFacts {
  const facts: MemberFacts = { label: visible ? connectionLabel(row) : HIDDEN.connection, id: row.id, integration: row.integration.type, tags: row.tags };
  if (!visible) facts.hidden = true;
  return facts;
}

export function membershipIssues(
  group: Pick<GroupRow, "integrationType" | "identifierTags">, members: readonly ConnectionRow[], visible: ReadonlySet<string>,
): RuleIssue[] {
  return memberIssues({ integration: group.integrationType, identifierTags: group.identifierTags }, members.map((m) => memberFacts(m, visible.has(m.id))));
}

/** `members[2]` in an issue path is `connection_ids[2]` on the wire. */
export function memberPathToWire(path: (string | number)[]): (string | number)[] {
  return path[0] === "members" ? [GROUP_ATTRIBUTES.members, ...path.slice(1)] : path;
}
