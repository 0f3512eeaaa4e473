/**
 * Every rule a Connection's inputs must follow, as one list of issues. The provider's `check`
 * (in the engine, with values known at that point) and the program-side preflight (every
 * resource at once, see ../preflight) both call this, so they can never disagree. Both see
 * values not known yet as Pulumi's unknown sentinels, hence PREVIEW (the backend is strict).
 */
import { connectionIssues, isUnknown, isUuid, RuleIssue } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

export function connectionInputIssues(inputs: Record<string, unknown>): RuleIssue[] {
  const issues = connectionIssues(
    { name: inputs.name, integration: inputs.integration, ...(inputs.tags === undefined ? {} : { tags: inputs.tags }) },
    PREVIEW,
  );
  const adoptId = inputs.adoptId;
  if (adoptId !== undefined && adoptId !== null && !isUnknown(adoptId) && !isUuid(adoptId)) {
    issues.push({
      path: ["adoptId"],
      message: `${JSON.stringify(adoptId)}: must be the id (a UUID) of an existing connection`,
    });
  }
  const drops = inputs.adoptDropsMissing;
  if (drops !== undefined && drops !== null && !isUnknown(drops)) {
    const valid =
      typeof drops === "boolean" || (Array.isArray(drops) && drops.every((d) => typeof d === "string" && d !== ""));
    if (!valid)
      issues.push({
        path: ["adoptDropsMissing"],
        message: 'must be true, false, or a list of field names (e.g. ["tokens.apiToken", "headers.Authorization"])',
      });
    else if (adoptId === undefined || adoptId === null)
      issues.push({
        path: ["adoptDropsMissing"],
        message: "only applies with adoptId (it says what adopting an existing connection may drop from it)",
      });
  }
  return issues;
}
