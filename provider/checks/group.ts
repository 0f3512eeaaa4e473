/**
 * Every rule a ConnectionGroup's inputs must follow that needs no request: the group's own
 * shape and how its members relate, from the facts known about them. The provider's `check`
 * adds facts it fetches (members given by id); the program-side preflight uses the members the
 * program declares. One function, so both say the same (PREVIEW: unknown values are skipped).
 */
import { groupSpecIssues, isUnknown, MemberFacts, memberIssues, RuleIssue } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

export interface GroupCheckInputs {
  name: unknown;
  integration: unknown;
  identifierTags: unknown;
  members: unknown;
  description?: unknown;
  adoptId?: unknown;
  adoptDropsMissing?: unknown;
}

const given = (v: unknown) => v !== undefined && v !== null && !isUnknown(v);

/** `adoptId` and `adoptDropsMissing`: their shapes, and the latter only with adoptId. */
function adoptionInputIssues(inputs: GroupCheckInputs): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const id = inputs.adoptId;
  if (given(id) && (typeof id !== "string" || id.trim() === "" || /[\s/?#]/.test(id)))
    issues.push({
      path: ["adoptId"],
      message: `${JSON.stringify(id)}: must be the id of an existing connection group (as the group list or the Datadog UI shows it)`,
    });
  const drops = inputs.adoptDropsMissing;
  if (given(drops)) {
    const valid =
      typeof drops === "boolean" ||
      (Array.isArray(drops) && drops.every((d) => isUnknown(d) || (typeof d === "string" && d !== "")));
    if (!valid)
      issues.push({
        path: ["adoptDropsMissing"],
        message: "must be true, false, or a list of the members it may drop (their connection ids or names)",
      });
    else if (id === undefined || id === null)
      issues.push({
        path: ["adoptDropsMissing"],
        message: "only applies with adoptId (it says which members adopting an existing group may drop from it)",
      });
  }
  return issues;
}

export function groupInputIssues(inputs: GroupCheckInputs, members: readonly MemberFacts[] | undefined): RuleIssue[] {
  const issues = groupSpecIssues(
    {
      name: inputs.name,
      ...(inputs.description === undefined || inputs.description === null ? {} : { description: inputs.description }),
      integration: inputs.integration,
      identifierTags: inputs.identifierTags,
      members: inputs.members,
    },
    PREVIEW,
  );
  issues.push(...adoptionInputIssues(inputs));
  if (members)
    issues.push(
      ...memberIssues({ integration: inputs.integration, identifierTags: inputs.identifierTags }, members, PREVIEW),
    );
  return issues;
}
