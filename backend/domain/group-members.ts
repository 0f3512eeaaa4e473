/**
 * A group's member rules (one integration, exactly one value per identifier key, unique
 * combinations) are the rules module's `memberIssues`, fed with the stored connections' facts.
 * Used when a group changes and when one of its members does.
 *
 * Members the caller may not view are checked too, but never described: when one of them would
 * break the group, the caller reads one sentence, HIDDEN_MEMBER_BREAKS, whatever the reason and
 * however many there are (no id, tag, integration, position or count).
 */
import { GROUP_ATTRIBUTES, MemberFacts, memberIssues, RuleIssue } from "pulumi-workflow-connections-rules";
import type { MemberRow } from "../storage/connections-table";
import type { GroupRow } from "../storage/groups-table";
import { connectionLabel } from "./views";

export const HIDDEN_MEMBER_BREAKS =
  "the change does not fit a member you cannot view (members share the group's integration, have exactly one value per identifier key and a unique combination of values); ask someone who can view the group's members";

function memberFacts(row: MemberRow, hidden: boolean): MemberFacts {
  const facts: MemberFacts = {
    label: hidden ? "a member you cannot view" : connectionLabel(row),
    id: row.id,
    integration: row.integration.type,
    tags: row.tags,
  };
  if (hidden) facts.hidden = true;
  return facts;
}

/**
 * Issues of a group whose members are `shown` (the caller may view them; issue paths index this
 * list, which is the caller's view of `connection_ids`) plus `hidden`.
 */
export function membershipIssues(
  group: Pick<GroupRow, "integrationType" | "identifierTags">,
  shown: readonly MemberRow[],
  hidden: readonly MemberRow[] = [],
): RuleIssue[] {
  const rules = { integration: group.integrationType, identifierTags: group.identifierTags };
  const issues = memberIssues(
    rules,
    shown.map((m) => memberFacts(m, false)),
  );
  if (!hidden.length) return issues;
  // Hidden members only ever add issues (each visible member's own issue stays), so more
  // issues with them than without means one of them breaks the group.
  const all = memberIssues(rules, [
    ...shown.map((m) => memberFacts(m, false)),
    ...hidden.map((m) => memberFacts(m, true)),
  ]);
  return all.length > issues.length ? [...issues, { path: [], message: HIDDEN_MEMBER_BREAKS }] : issues;
}

/** `members[2]` in an issue path is `connection_ids[2]` on the wire. */
export function memberPathToWire(path: (string | number)[]): (string | number)[] {
  return path[0] === "members" ? [GROUP_ATTRIBUTES.members, ...path.slice(1)] : path;
}
