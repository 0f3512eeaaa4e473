/** Identifier tags of every connection: `key:value`, one colon, a letter first, no `default`. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { anyConnectionIssues } from "../support/connection-issues";
import { kindOf, violationText } from "../support/report";
import { plainProps } from "../support/values";

export const identifierTags: ResourceValidationPolicy = {
  name: "identifier-tags",
  description:
    "Connection tags are identifier tags: key:value with exactly one ':', starting with a letter, then letters, digits, '_', '-', '/'; 'default' is reserved as key and value; at most 200 characters; none listed twice.",
  validateResource: (args, reportViolation) => {
    const issues = anyConnectionIssues(args.type, plainProps(args.props));
    for (const issue of issues ?? []) {
      if (issue.path[0] === "tags") reportViolation(violationText(kindOf(args.type), args.name, issue));
    }
  },
};
