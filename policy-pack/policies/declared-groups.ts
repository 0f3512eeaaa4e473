/**
 * Groups declared in the pack's configuration (support/group-config.ts), checked as each member
 * ActionConnection is registered: the rules' `memberIssues` (one integration, exactly one value
 * per key, unique combinations) over the members seen so far in this run, reporting what the
 * newest member breaks. So at `up` the second of two connections a workflow cannot tell apart
 * is stopped before it is written, and a preview lists it under that resource.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { formatIssue, MemberFacts, memberIssues, quote, splitTag } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { asProviderStrings, declaredType } from "../support/datadog-connection";
import { DeclaredGroup, GROUPS_CONFIG_SCHEMA, readGroups } from "../support/group-config";
import { kindOf } from "../support/report";
import { ACTION_CONNECTION } from "../support/types";
import { plainProps } from "../support/values";

/** Group name -> member URN -> facts, in the order members were registered in this run. */
const seen = new Map<string, Map<string, MemberFacts>>();
const reportedConfig = new Set<string>();

function isMember(group: DeclaredGroup, name: string, integration: string | undefined, tags: unknown): boolean {
  if (group.members?.includes(name)) return true;
  if (!group.membersByTags || integration !== group.integration || !Array.isArray(tags)) return false;
  return tags.some((t) => typeof t === "string" && t.includes(":") && group.identifierTags.includes(splitTag(t)[0]));
}

export const declaredGroups: ResourceValidationPolicy = {
  name: "declared-groups",
  description:
    "ActionConnections of a connection group declared in this policy's configuration share the group's integration, have exactly one value for each identifier tag key, and no two share a combination of values.",
  configSchema: GROUPS_CONFIG_SCHEMA,
  validateResource: (args, reportViolation) => {
    if (args.type !== ACTION_CONNECTION) return;
    const { groups, issues: configIssues } = readGroups(args.getConfig());
    for (const issue of configIssues) {
      const text = `the policy's configuration: ${formatIssue(issue)}`;
      if (!reportedConfig.has(text)) reportViolation(text);
      reportedConfig.add(text);
    }
    const props = plainProps(args.props);
    const integration = declaredType(props);
    const tags = asProviderStrings(props.tags ?? []);
    for (const group of groups) {
      if (!isMember(group, args.name, integration, tags)) continue;
      const members = seen.get(group.name) ?? new Map<string, MemberFacts>();
      seen.set(group.name, members);
      // Re-registered (preview then update in one process): judged again as the newest.
      members.delete(args.urn);
      members.set(args.urn, { label: args.name, integration, tags });
      const newest = members.size - 1;
      for (const issue of memberIssues(group, [...members.values()], PREVIEW)) {
        if (issue.path[1] !== newest) continue;
        // The rules number members in the order given; here that is only the order seen.
        const message = issue.message.replace(/ \(members\[\d+\] and members\[\d+\] clash\)$/, "");
        reportViolation(`${kindOf(args.type)} ${quote(args.name)}: connection group ${quote(group.name)}: ${message}`);
      }
    }
  },
};
