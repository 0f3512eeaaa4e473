/**
 * Connection groups declared in the pack's configuration, for programs using @pulumi/datadog
 * (whose provider has no group resource): the policy `declared-groups` takes
 *
 *   { "groups": [{ "name", "integration", "identifierTags": [...],
 *                  "members": ["<resource name>", ...], "membersByTags": true }] }
 *
 * `members` names ActionConnection resources by their resource name (the logical name in the
 * program, in any language). `membersByTags: true` makes every ActionConnection of the group's
 * integration that carries any of the group's identifier tag keys a member too.
 */
import { groupSpecIssues, INTEGRATION_TYPES, MAX_GROUP_KEYS, RuleIssue } from "pulumi-workflow-connections-rules";
import { PolicyConfigSchema } from "@pulumi/policy";
import { isPlainObject } from "./values";

export interface DeclaredGroup {
  name: string;
  integration: string;
  identifierTags: string[];
  members?: string[];
  membersByTags?: boolean;
}

export const GROUPS_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    groups: {
      type: "array",
      description: "Connection groups the program's ActionConnections form.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "integration", "identifierTags"],
        properties: {
          name: { type: "string", description: "The group's name (used in messages)." },
          integration: {
            type: "string",
            enum: [...INTEGRATION_TYPES],
            description: "The integration every member uses.",
          },
          identifierTags: {
            type: "array",
            items: { type: "string" },
            minItems: 1,
            maxItems: MAX_GROUP_KEYS,
            description: '1 to 3 identifier tag keys, e.g. ["account_id"].',
          },
          members: {
            type: "array",
            items: { type: "string" },
            description: "Resource names of member ActionConnections.",
          },
          membersByTags: {
            type: "boolean",
            description: "Also every ActionConnection of the integration with any of the identifier tag keys.",
          },
        },
      },
    },
  },
};

/** The declared groups, and what is wrong with each declaration (by the rules' group shape). */
export function readGroups(config: unknown): { groups: DeclaredGroup[]; issues: RuleIssue[] } {
  const list = isPlainObject(config) && Array.isArray(config.groups) ? config.groups : [];
  const groups: DeclaredGroup[] = [];
  const issues: RuleIssue[] = [];
  list.forEach((g, i) => {
    if (!isPlainObject(g)) return;
    const spec = { name: g.name, integration: g.integration, identifierTags: g.identifierTags, members: [] };
    const found = groupSpecIssues(spec);
    issues.push(...found.map((issue) => ({ ...issue, path: ["groups", i, ...issue.path] })));
    if (found.length === 0) groups.push(g as unknown as DeclaredGroup);
  });
  return { groups, issues };
}
