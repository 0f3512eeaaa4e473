/**
 * Every rule a ConnectionGroup's inputs must follow that needs no request: the group's own
 * shape and how its members relate, from the facts known about them. The provider's `check`
 * adds facts it fetches (members given by id); the program-side preflight uses the members the
 * program declares. One function, so both say the same (PREVIEW: unknown values are skipped).
 */
import { groupSpecIssues, MemberFacts, memberIssues, RuleIssue } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

export interface GroupCheckInputs {
  name: unknown;
  integration: unknown;
  identifierTags: unknown;
  members: unknown;
}

export function groupInputIssues(inputs: GroupCheckInputs, members: readonly MemberFacts[] | undefined): RuleIssue[] {
  const issues = groupSpecIssues(
    {
      name: inputs.name,
      integration: inputs.integration,
      identifierTags: inputs.identifierTags,
      members: inputs.members,
    },
    PREVIEW,
  );
  if (members)
    issues.push(
      ...memberIssues({ integration: inputs.integration, identifierTags: inputs.identifierTags }, members, PREVIEW),
    );
  return issues;
}
