/**
 * How a group's members are stored. Two needs pull apart:
 * - every output has its declared type in every phase: `members` is a list of ids. During a
 *   preview the engine shows the checked inputs as the outputs (the dynamic provider does not
 *   preview create/update), so whatever check stores under `members` is what a program's
 *   `group.members.apply(...)` receives there.
 * - a diff should read well: the CLI diffs stored inputs, and a list diffs by index, so removing
 *   the first of five members would read as four changed ids and one removed.
 * So check moves the program's list into `memberNames` (member id -> its name; a map diffs by
 * key: removing a member is one `- <id>: <name>` line) and stores no `members` at all. `members`
 * is then unknown during a preview that creates or changes the group (never a map), and the
 * backend's list of ids after `up`, `refresh` and in a lookup. A member whose id is unknown at
 * preview (created by the same `up`) is keyed `(new) <name>` until it exists.
 */
import { isUnknown } from "pulumi-workflow-connections-rules";

/** Member id -> the member's name: its resource name in the program, else its name on the backend. */
export type MemberNames = Record<string, string>;

/** The key of a member whose id is not known yet (preview only). */
export const pendingKey = (name: string) => `(new) ${name}`;

/** The checked inputs' member part, from the facts check gathered for each member. */
export function checkedMembers(members: readonly { id?: unknown; name: string }[]): { memberNames: MemberNames } {
  const names: MemberNames = {};
  for (const m of members) names[typeof m.id === "string" && !isUnknown(m.id) ? m.id : pendingKey(m.name)] = m.name;
  return { memberNames: names };
}

/** Member ids from a list (outputs, the program) or a map (stored inputs of earlier versions). */
export function memberIds(members: unknown): string[] {
  if (Array.isArray(members)) return members as string[];
  if (members !== null && typeof members === "object") return Object.keys(members);
  return members as string[]; // unknown at preview: passed on as is, so it compares as a change
}

/** Member ids from stored (checked) inputs: `memberNames`, else an older `members`. */
export function storedMemberIds(inputs: { members?: unknown; memberNames?: unknown }): string[] {
  if (inputs.memberNames !== null && typeof inputs.memberNames === "object") return Object.keys(inputs.memberNames);
  return memberIds(inputs.members);
}
