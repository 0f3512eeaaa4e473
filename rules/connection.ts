/** A connection: a name, identifier tags, and one integration's credentials. */
import { z } from "zod";
import { IntegrationSpec, integrationIssues } from "./integrations";
import { RuleIssue, quote } from "./issue";
import { RuleMode, STRICT } from "./mode";
import { brokenTagRule, tagProblem } from "./tags";
import { nameSchema } from "./text";
import { zodIssues } from "./zod-issues";

export const NAME_MAX_LENGTH = 200;
/** Enough for any sane use; keeps one connection's tag list from growing without bound. */
export const MAX_TAGS = 100;

export interface ConnectionSpec {
  name: string;
  integration: IntegrationSpec;
  tags?: string[];
}

const tagListSchema = z
  .array(
    z.string().superRefine((tag, ctx) => {
      if (brokenTagRule(tag)) ctx.addIssue({ code: "custom", message: tagProblem(tag)! });
    }),
  )
  .max(MAX_TAGS)
  .superRefine((tags, ctx) => {
    tags.forEach((tag, i) => {
      if (tags.indexOf(tag) !== i)
        ctx.addIssue({ code: "custom", path: [i], message: `${quote(tag)} is listed twice` });
    });
  });

const connectionShape = z.strictObject({
  name: nameSchema(NAME_MAX_LENGTH),
  // Checked on its own below, so one integration mistake doesn't hide the others.
  integration: z.unknown(),
  tags: tagListSchema.optional(),
});

/** Every broken rule of a connection, at once. Only in `PREVIEW` mode are unknown values skipped. */
export function connectionIssues(spec: unknown, mode: RuleMode = STRICT): RuleIssue[] {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec))
    return [{ path: [], message: "must be an object" }];
  const issues = zodIssues(connectionShape, spec, mode);
  const integration = (spec as { integration?: unknown }).integration;
  if (integration === undefined) issues.push({ path: ["integration"], message: "is required" });
  else issues.push(...integrationIssues(integration, mode).map((i) => ({ ...i, path: ["integration", ...i.path] })));
  return issues;
}
