/**
 * This package's `ConnectionGroup`: the group's own shape (name, integration, 1 to 3 identifier
 * tag keys, member ids) and how its members relate (one integration, exactly one value per key
 * each, unique combinations), by the provider's own check function.
 *
 * What the pack sees is the group's inputs after the provider's `check`, which keeps the members
 * as `memberNames`, a map (member id, or "(new) <name>" while the id is unknown -> the member
 * Connection's resource name; stored inputs of older versions held it under `members`), and
 * drops `members` and the member facts the program declared. So the members are judged by
 * the inputs of the stack's Connections of those names, which the engine registers, and this
 * policy records, before the group that depends on them. A member that is no Connection of the
 * program (given by id) is the provider's to look up: it asks the target.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { MemberFacts, UNKNOWN } from "pulumi-workflow-connections-rules";
import { groupInputIssues } from "../../provider/checks/group";
import { kindOf, violationText } from "../support/report";
import { CONNECTION, CONNECTION_GROUP } from "../support/types";
import { isPlainObject, plainProps, Props } from "../support/values";

/** Connection resource name -> what its inputs say (integration type, tags), this run. */
const connections = new Map<string, { integration: unknown; tags: unknown }>();

const NEW_MEMBER = "(new) ";

/** The group's members as ids (unknown while new) and the facts known about each. */
export function groupMembers(props: Props): { ids: unknown; facts: MemberFacts[] | undefined } {
  const members = props.memberNames ?? props.members;
  if (isPlainObject(members)) {
    const entries = Object.entries(members);
    const ids = entries.map(([key]) => (key.startsWith(NEW_MEMBER) ? UNKNOWN : key));
    const facts = entries.map(([, name], i): MemberFacts => {
      const label = typeof name === "string" ? name : `members[${i}]`;
      const known = connections.get(label);
      return { label, id: ids[i], ...(known ?? {}) };
    });
    return { ids, facts };
  }
  if (!Array.isArray(members)) return { ids: members, facts: undefined };
  // Inputs as the program wrote them (before check): the facts it declared for each member.
  const declared = Array.isArray(props.memberFacts) ? props.memberFacts : [];
  const facts = members.map((id, i): MemberFacts => {
    const f = declared[i];
    return isPlainObject(f)
      ? { label: typeof f.label === "string" ? f.label : `members[${i}]`, id, integration: f.integration, tags: f.tags }
      : { label: `members[${i}]`, id };
  });
  return { ids: members, facts };
}

export const connectionGroups: ResourceValidationPolicy = {
  name: "connection-groups",
  description:
    "A ConnectionGroup has a name, one integration, 1 to 3 identifier tag keys, and members of that integration each with exactly one value per key and a unique combination of values.",
  validateResource: (args, reportViolation) => {
    if (args.type === CONNECTION) {
      const props = plainProps(args.props);
      const integration = isPlainObject(props.integration) ? props.integration.type : props.integration;
      connections.set(args.name, { integration, tags: props.tags ?? [] });
      return;
    }
    if (args.type !== CONNECTION_GROUP) return;
    const props = plainProps(args.props);
    const { ids, facts } = groupMembers(props);
    const inputs = {
      name: props.name,
      integration: props.integration,
      identifierTags: props.identifierTags,
      members: ids,
    };
    for (const issue of groupInputIssues(inputs, facts)) {
      reportViolation(violationText(kindOf(args.type), args.name, issue));
    }
  },
};
