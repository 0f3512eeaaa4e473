/**
 * One way every policy words a violation: the resource, then the rules' own text (the same
 * words the provider's check prints), whose path names the property as the program spells it.
 */
import { formatIssue, quote, RuleIssue } from "pulumi-workflow-connections-rules";

/** `ActionConnection "prod-aws": tags[0] "env:staging:east": exactly one ':' is allowed` */
export function violationText(kind: string, resourceName: string, issue: RuleIssue): string {
  return `${kind} ${quote(resourceName)}: ${formatIssue(issue)}`;
}

/** The short type name (`datadog:index/actionConnection:ActionConnection` -> `ActionConnection`). */
export function kindOf(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}
