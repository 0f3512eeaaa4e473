/**
 * This package's `ConnectionGroup`s against the stack's own `Connection`s, once the whole stack
 * is known: each group's members, as its state names them (`memberNames`: member id -> the
 * Connection's resource name), are looked up among the stack's Connections and judged by their
 * state (integration, tags) with the rules' `memberIssues`. This catches a member that changed
 * after the group was checked, e.g. a Connection re-tagged by a later update, which per-resource
 * checks cannot see. Members that are not Connections of this stack are the provider's to check.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { MemberFacts, memberIssues } from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";
import { kindOf, violationText } from "../support/report";
import { CONNECTION, CONNECTION_GROUP } from "../support/types";
import { isPlainObject, plainProps, Props } from "../support/values";

/** Member id -> resource name, from the group's state (preview: the checked inputs' own map). */
function memberNames(group: Props): [string, string][] {
  const names = isPlainObject(group.memberNames)
    ? group.memberNames
    : isPlainObject(group.members)
      ? group.members
      : {};
  return Object.entries(names).filter((e): e is [string, string] => typeof e[1] === "string");
}

export const groupsInStack: StackValidationPolicy = {
  name: "connection-groups-in-stack",
  description:
    "Every ConnectionGroup's members that are Connections of this stack share its integration, have exactly one value per identifier tag key, and no two share a combination of values.",
  validateStack: (args, reportViolation) => {
    const connections = new Map<string, Props>();
    for (const r of args.resources) if (r.type === CONNECTION) connections.set(r.name, plainProps(r.props));
    for (const r of args.resources) {
      if (r.type !== CONNECTION_GROUP) continue;
      const group = plainProps(r.props);
      const members: MemberFacts[] = [];
      for (const [id, name] of memberNames(group)) {
        const c = connections.get(name);
        if (!c) continue;
        const integration = c.integrationType ?? (isPlainObject(c.integration) ? c.integration.type : undefined);
        members.push({ label: name, id, integration, tags: c.tags ?? [] });
      }
      for (const issue of memberIssues(
        { integration: group.integration, identifierTags: group.identifierTags },
        members,
        PREVIEW,
      )) {
        // The rules number members in the order given here (stack Connections only): say `members`.
        const message = issue.message.replace(/ \(members\[\d+\] and members\[\d+\] clash\)$/, "");
        reportViolation(violationText(kindOf(r.type), r.name, { path: ["members"], message }), r.urn);
      }
    }
  },
};
