/**
 * This package's `ConnectionGroup`: the group's own shape (name, integration, 1 to 3 identifier
 * tag keys, member ids) and how its members relate (one integration, exactly one value per key
 * each, unique combinations), by the provider's own check function. The members are judged by
 * what the program declares about each (its `memberFacts` input: resource name, integration,
 * tags), as the provider's check does at preview; members given only by id are connections
 * outside the program, which only the provider can look up (it asks the target).
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { MemberFacts } from "../../rules";
import { groupInputIssues } from "../../provider/checks/group";
import { kindOf, violationText } from "../support/report";
import { CONNECTION_GROUP } from "../support/types";
import { isPlainObject, Props } from "../support/values";
import { plainProps } from "../support/values";

/** The facts the program declared for each member (null for a member given by id). */
export function declaredMembers(props: Props): MemberFacts[] | undefined {
  if (!Array.isArray(props.members)) return undefined;
  const declared = Array.isArray(props.memberFacts) ? props.memberFacts : [];
  return props.members.map((id, i): MemberFacts => {
    const facts = declared[i];
    if (isPlainObject(facts)) return { label: typeof facts.label === "string" ? facts.label : `members[${i}]`, id, integration: facts.integration, tags: facts.tags };
    return { label: `members[${i}]`, id };
  });
}

export const connectionGroups: ResourceValidationPolicy = {
  name: "connection-groups",
  description: "A ConnectionGroup has a name, one integration, 1 to 3 identifier tag keys, and members of that integration each with exactly one value per key and a unique combination of values.",
  validateResource: (args, reportViolation) => {
    if (args.type !== CONNECTION_GROUP) return;
    const props = plainProps(args.props);
    const inputs = { name: props.name, integration: props.integration, identifierTags: props.identifierTags, members: props.members };
    for (const issue of groupInputIssues(inputs, declaredMembers(props))) {
      reportViolation(violationText(kindOf(args.type), args.name, issue));
    }
  },
};
