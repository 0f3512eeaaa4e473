/**
 * A group's member rules (one integration, exactly one value per identifier key, unique
 * combinations) are the rules module's `memberIssues`, fed with the stored connections' facts.
 * Used when a group changes and when one of its members does.
 *
 * Hidden members (connections the caller may not view) never decide an answer: whether a write
 * fits them would depend on their identifier values, which the caller must not learn (resolve
 * answers their values as values no member has). So a write whose fit depends on them is
 * decided the same way for every value: a group write that would need them checked is refused
 * (HIDDEN_MEMBERS_DECIDE), and a member's change that a group cannot be checked for without
 * them ends that membership and says so (domain/pinning.ts).
 */
import {
  GROUP_ATTRIBUTES,
  MemberFacts,
  memberIssues,
  RuleIssue,
  valuesForKey,
} from "pulumi-workflow-connections-rules";
import type { MemberRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import { connectionLabel } from "./views";

export const HIDDEN_MEMBERS_DECIDE =
  "the group has members you cannot view, and whether this change fits them would depend on their identifier values: only someone who can view every member may add members or change the group's integration or identifier keys (renaming it and removing members are fine); ask them";

function memberFacts(row: MemberRow): MemberFacts {
  return { label: connectionLabel(row), id: row.id, integration: row.integration.type, tags: row.tags };
}

/** Issues of a group whose members are `members` (issue paths index this list). */
export function membershipIssues(
  group: Pick<GroupRow, "integrationType" | "identifierTags">,
  members: readonly MemberRow[],
): RuleIssue[] {
  return memberIssues(
    { integration: group.integrationType, identifierTags: group.identifierTags },
    members.map(memberFacts),
  );
}

/** Whether a member's change touches what `group`'s rules read of it (its integration, its identifier values). */
export function identifierFactsChange(
  group: Pick<GroupRow, "identifierTags">,
  before: Pick<MemberRow, "integration" | "tags">,
  after: Pick<MemberRow, "integration" | "tags">,
): boolean {
  if (before.integration.type !== after.integration.type) return true;
  return group.identifierTags.some((key) => {
    const [a, b] = [valuesForKey(before.tags, key).sort(), valuesForKey(after.tags, key).sort()];
    return a.length !== b.length || a.some((v, i) => v !== b[i]);
  });
}

/** `members[2]` in an issue path is `connection_ids[2]` on the wire. */
export function memberPathToWire(path: (string | number)[]): (string | number)[] {
  return path[0] === "members" ? [GROUP_ATTRIBUTES.members, ...path.slice(1)] : path;
}
