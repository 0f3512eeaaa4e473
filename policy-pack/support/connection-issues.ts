/**
 * Every rule a connection breaks, for both kinds of connection the pack sees, with paths that
 * name the property as the program wrote it:
 * - `ActionConnection` of @pulumi/datadog: translated to the rules' shape (datadog-connection.ts)
 *   and checked by `connectionIssues`, the function the provider and the backend use;
 * - this package's `Connection`: its inputs are the provider's own, checked by the provider's
 *   own check function (provider/checks/connection.ts), so the two say the same words.
 * PREVIEW mode: values unknown at preview are skipped, every known value is judged.
 */
import { connectionIssues, RuleIssue, UNKNOWN } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { connectionInputIssues } from "../../provider/checks/connection";
import { asProviderStrings, translate } from "./datadog-connection";
import { ACTION_CONNECTION, CONNECTION } from "./types";
import { Props } from "./values";

export function datadogConnectionIssues(props: Props): RuleIssue[] {
  const translated = translate(props);
  const integration = translated.kind === "spec" ? translated.spec : UNKNOWN;
  const spec = {
    name: asProviderStrings(props.name),
    integration,
    ...(props.tags === undefined || props.tags === null ? {} : { tags: asProviderStrings(props.tags) }),
  };
  const issues = connectionIssues(spec, PREVIEW).map((issue) =>
    issue.path[0] === "integration" && translated.kind === "spec"
      ? { ...issue, path: translated.toResourcePath(issue.path.slice(1)) }
      : issue,
  );
  if (translated.kind === "issues") issues.push(...translated.issues);
  return issues;
}

/** Issues of a connection of either kind; undefined for any other resource type. */
export function anyConnectionIssues(type: string, props: Props): RuleIssue[] | undefined {
  if (type === ACTION_CONNECTION) return datadogConnectionIssues(props);
  if (type === CONNECTION) return connectionInputIssues(props);
  return undefined;
}
