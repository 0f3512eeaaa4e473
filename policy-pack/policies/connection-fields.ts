/**
 * Everything else about a connection: its name and its integration's fields (AWS account ids of
 * 12 digits and IAM role names, absolute http(s) base URLs, token
 * and header names, required credential fields, no control characters), as the rules define them.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { anyConnectionIssues } from "../support/connection-issues";
import { kindOf, violationText } from "../support/report";
import { plainProps } from "../support/values";

export const connectionFields: ResourceValidationPolicy = {
  name: "connection-fields",
  description:
    "A connection's name and integration fields follow the rules: one integration, its required credential fields, AWS account ids of exactly 12 digits, valid IAM role names, absolute http(s) base URLs, valid token and header names, no control characters.",
  validateResource: (args, reportViolation) => {
    const issues = anyConnectionIssues(args.type, plainProps(args.props));
    for (const issue of issues ?? []) {
      if (issue.path[0] !== "tags") reportViolation(violationText(kindOf(args.type), args.name, issue));
    }
  },
};
