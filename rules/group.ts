/**
 * Connection groups: members share one integration;
 * 1 to 3 identifier tag keys, never empty; every member selectable, i.e. for the group's keys
 * each member has exactly one value per key and no two members share a combination of values;
 * a group may have no members. (Resolver permission is an access rule: the backend checks it.)
 */
import { z } from "zod";
import { INTEGRATION_TYPES } from "./integrations";
import { RuleIssue, quote } from "./issue";
import { brokenKeyRule, keyProblem, splitTag, valuesForKey } from "./tags";
import { isUuid } from "./ids";
import { RuleMode, STRICT, skipsUnknown } from "./mode";
import { nameSchema, textSchema } from "./text";
import { zodIssues } from "./zod-issues";
import { isUnknown } from "./unknown";
import { NAME_MAX_LENGTH } from "./connection";

export const MAX_GROUP_KEYS = 3;
/** The longest group description, in characters. */
export const GROUP_DESCRIPTION_MAX_LENGTH = 2_000;
/**
 * The most members one group may list. It bounds the work of one group write (members are read,
 * checked and written per request) and the size of its answers; far above any real group.
 */
export const MAX_GROUP_MEMBERS = 5_000;
/** Repeated member ids named one by one in the issues; further repeats are counted in one. */
const MAX_NAMED_REPEATS = 10;

/** What a group declares about itself. */
export interface GroupSpec {
  name: string;
  /** Free text (one line or several); absent and "" both mean none. */
  description?: string;
  integration: string;
  identifierTags: string[];
  members: string[];
}

/** What is known about one member when the group is checked (any field may be unknown at preview). */
export interface MemberFacts {
  /** How messages name the member: a resource name in a program, else the connection id. */
  label: string;
  id?: unknown;
  integration?: unknown;
  tags?: unknown;
  /**
   * The one asking may not view this member (the backend): messages then say what is wrong
   * without its integration or any of its tags, which would tell a hidden connection's facts.
   */
  hidden?: boolean;
}

const keysSchema = z
  .array(
    z.string().superRefine((key, ctx) => {
      if (brokenKeyRule(key)) ctx.addIssue({ code: "custom", message: keyProblem(key)! });
    }),
  )
  .min(1, "must name at least one identifier tag key (a group's keys can be replaced but never emptied)")
  .max(MAX_GROUP_KEYS)
  .superRefine((keys, ctx) => {
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i)
        ctx.addIssue({ code: "custom", path: [i], message: `${quote(key)} is listed twice` });
    });
  });

export const groupSpecSchema = z.strictObject({
  name: nameSchema(NAME_MAX_LENGTH),
  description: textSchema("multiline").max(GROUP_DESCRIPTION_MAX_LENGTH).optional(),
  integration: z.enum(INTEGRATION_TYPES as [string, ...string[]]),
  identifierTags: keysSchema,
  members: z
    .array(
      z.string().superRefine((id, ctx) => {
        if (!isUuid(id)) ctx.addIssue({ code: "custom", message: `${quote(id)}: is not a connection id (a UUID)` });
      }),
    )
    .max(MAX_GROUP_MEMBERS)
    .superRefine((ids, ctx) => {
      // Ids are compared case-insensitively (a UUID's hex digits name the same connection either
      // way). The first few repeats are named; the rest are counted in one issue (a list of one
      // id thousands of times costs one pass, not thousands of messages).
      const first = new Map<string, number>();
      let more = 0;
      // Repeats of Pulumi's unknown value (at preview: members whose ids are not known yet) are
      // counted apart and reported at one of them, so preview mode skips them like any issue at
      // an unknown value; strict mode reports them as the repeated strings they are.
      const unknown = { count: 0, at: -1 };
      ids.forEach((id, i) => {
        if (typeof id !== "string") return;
        const seen = first.get(id.toLowerCase());
        if (seen === undefined) first.set(id.toLowerCase(), i);
        else if (i - first.size < MAX_NAMED_REPEATS)
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `${quote(id)} is listed twice (also at index ${seen}); a group lists each member once`,
          });
        else if (isUnknown(id)) {
          unknown.count++;
          if (unknown.at < 0) unknown.at = i;
        } else more++;
      });
      if (more)
        ctx.addIssue({ code: "custom", message: `lists ${more} more repeated ids; a group lists each member once` });
      if (unknown.count)
        ctx.addIssue({
          code: "custom",
          path: [unknown.at],
          message: `lists ${unknown.count} more repeated ids; a group lists each member once`,
        });
    }),
});

/** Shape rules of the group itself (name, integration, keys, member ids). */
export function groupSpecIssues(spec: unknown, mode: RuleMode = STRICT): RuleIssue[] {
  return zodIssues(groupSpecSchema, spec, mode);
}

/**
 * For a member without a `key` tag that has one differing only in case (`Env:prod` for `env`):
 * say so, since that is almost always the mistake. Empty when there is none.
 */
function caseHint(tags: readonly string[], key: string): string {
  const near = tags.filter(
    (t) => t.includes(":") && splitTag(t)[0] !== key && splitTag(t)[0].toLowerCase() === key.toLowerCase(),
  );
  if (near.length === 0) return "";
  return ` (it has ${near.join(", ")}: tag keys are case-sensitive, and Datadog tags are conventionally lowercase)`;
}

/**
 * Rules that relate members to the group and to each other. `members` are in the group's
 * member order; issues point at `members[i]`. (A member listed twice is a shape rule: groupSpecIssues.) In `PREVIEW` mode unknown values are skipped and
 * known ones checked: members whose ids are unknown are still compared by their tags.
 */
export function memberIssues(
  group: { integration: unknown; identifierTags: unknown },
  members: readonly MemberFacts[],
  mode: RuleMode = STRICT,
): RuleIssue[] {
  const unknown = (value: unknown) => skipsUnknown(mode, value);
  const issues: RuleIssue[] = [];
  const keys =
    Array.isArray(group.identifierTags) &&
    group.identifierTags.every((k) => typeof k === "string" && !unknown(k) && !brokenKeyRule(k))
      ? (group.identifierTags as string[])
      : undefined;
  const seenCombos = new Map<string, number>();

  members.forEach((member, i) => {
    const at = (message: string) => issues.push({ path: ["members", i], message: `${quote(member.label)} ${message}` });

    const integration = member.integration;
    if (
      typeof integration === "string" &&
      !unknown(integration) &&
      typeof group.integration === "string" &&
      !unknown(group.integration) &&
      integration !== group.integration
    ) {
      at(
        `${member.hidden ? "is of another integration" : `is a ${integration} connection`}, but the group is for ${group.integration} connections (members share one integration)`,
      );
    }

    if (!keys || !Array.isArray(member.tags)) return;
    const tags = member.tags as unknown[];
    const someTagUnknown = tags.some(unknown);
    const knownTags = tags.filter((t): t is string => typeof t === "string" && !unknown(t));
    const combo: string[] = [];
    for (const key of keys) {
      const values = valuesForKey(knownTags, key);
      if (values.length > 1) {
        const which = member.hidden ? "" : ` (${values.map((v) => `${key}:${v}`).join(", ")})`;
        at(`has ${values.length} values for ${key}${which}; a member needs exactly one per identifier key`);
        return;
      }
      if (values.length === 0) {
        if (!someTagUnknown)
          at(
            `has no ${key} tag${member.hidden ? "" : caseHint(knownTags, key)}, so a workflow could never select it; a member needs exactly one value per identifier key`,
          );
        return;
      }
      combo.push(`${key}:${values[0]}`);
    }
    const comboKey = combo.join(",");
    const other = seenCombos.get(comboKey);
    if (other !== undefined) {
      const shared = members[other].hidden || member.hidden ? "the same identifier values" : combo.join(", ");
      issues.push({
        path: ["members", i],
        message: `${quote(members[other].label)} and ${quote(member.label)} both have ${shared}; each member needs a unique combination of identifier values (members[${other}] and members[${i}] clash)`,
      });
    } else {
      seenCombos.set(comboKey, i);
    }
  });
  return issues;
}

/**
 * Pick the one member whose identifier values match `values` (e.g. `{ env: "prod" }`), the
 * runtime use of a group. Returns undefined when none matches; throws when `values` does not
 * give exactly the group's keys.
 */
export function selectMember<M extends { tags: readonly string[] }>(
  identifierTags: readonly string[],
  members: readonly M[],
  values: Record<string, string>,
): M | undefined {
  const given = Object.keys(values).sort();
  const expected = [...identifierTags].sort();
  if (given.join("\u0000") !== expected.join("\u0000")) {
    throw new Error(
      `identifier values must give exactly the group's keys (${expected.join(", ")}), got ${given.length ? given.join(", ") : "none"}`,
    );
  }
  return members.find((m) =>
    identifierTags.every(
      (key) => valuesForKey(m.tags, key).length === 1 && valuesForKey(m.tags, key)[0] === values[key],
    ),
  );
}
