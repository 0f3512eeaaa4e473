/**
 * Resolving a group: what a workflow does at run time, picking the one member whose identifier
 * values are asked for. Nothing of a member is decrypted but the one chosen.
 */
import { quote, selectMember } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { atLeast } from "../auth/caller-relation";
import { ErrorResponse } from "../errors/error-response";
import type { MemberRow } from "../storage/connections-table";
import type { Context } from "./context";
import { findGroup, splitMembers } from "./group-view";
import { denied, relationOn } from "./permissions";
import { connectionView } from "./views";

/**
 * The runtime use of a group: the one member whose identifier values are `values` (rules'
 * `selectMember`), among the members the caller may view: a hidden member's values answer as
 * values no member has. Needs viewer on the group (groups have no resolver relation: Datadog's
 * are viewer and editor) and resolver on the chosen connection.
 */
export async function resolveGroup(ctx: Context, caller: Caller, id: string, values: Record<string, string>) {
  const q = ctx.db.reader;
  const { row: group } = await findGroup(ctx, q, caller, id, "viewer", "it cannot be resolved");
  const { shown } = await splitMembers(ctx, q, caller, group);
  const rows = await ctx.connections.memberRows(q, shown);
  const members = shown.map((m) => rows.get(m)!).filter(Boolean);
  let match: MemberRow | undefined;
  try {
    match = selectMember(group.identifierTags, members, values);
  } catch (err) {
    throw new ErrorResponse(400, {
      detail: `group ${quote(group.name)} (${group.id}): ${(err as Error).message}`,
      parameter: "identifiers",
    });
  }
  const wanted = group.identifierTags.map((k) => `${k}:${values[k]}`).join(", ");
  if (!match)
    throw new ErrorResponse(404, { detail: `no member of group ${quote(group.name)} (${group.id}) has ${wanted}` });
  const have = await relationOn(ctx, q, caller, "connection", match.id);
  if (!atLeast(have, "resolver"))
    throw denied(
      caller,
      "connection",
      match.id,
      "resolver",
      have,
      `group ${quote(group.name)} cannot resolve ${wanted} to it`,
    );
  // Only the chosen member is decrypted.
  const chosen = await ctx.connections.get(q, match.id);
  if (!chosen)
    throw new ErrorResponse(404, { detail: `no member of group ${quote(group.name)} (${group.id}) has ${wanted}` });
  return connectionView(chosen, ctx.awsPrincipalId, have);
}
