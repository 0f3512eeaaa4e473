/**
 * A ConnectionGroup at preview, against the live world: what the target can do with groups,
 * and, when the group adopts an existing one (`adoptId`), what adopting changes on it.
 * - A target that does not list groups has none to adopt or change: the group fails, saying so.
 * - A target that cannot create groups (Datadog: groups are made in its UI) needs `adoptId`.
 * - Adopting reads the live group, says under the resource what changes (name, description,
 *   integration, tag keys, members added and dropped by name), and fails when a live member the
 *   program does not declare would be dropped, unless `adoptDropsMissing` allows it (true: all;
 *   a list: those, by connection id or name). Runs again at `up`, right before the write.
 */
import { isUnknown, quote, RuleIssue } from "pulumi-workflow-connections-rules";
import { sayUnder } from "./engine-log";
import {
  DeclaredGroupMember,
  describeGroupPlan,
  groupAdoptionPlan,
  LiveGroup,
  showMember,
} from "./group-adoption-plan";
import { capabilities, GroupCapabilities, liveConnections } from "./live-world";
import { describeTarget, getClient, resolveTarget } from "./settings";

export interface GroupAdoptionInputs {
  name?: unknown;
  description?: unknown;
  integration?: unknown;
  identifierTags?: unknown;
  adoptId?: unknown;
  adoptDropsMissing?: unknown;
  /** The resource's URN, set by the ConnectionGroup class for these diagnostics. */
  adoptUrn?: unknown;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Why a group cannot be created at the current target: one sentence, with how to find the id to adopt. */
export function createInUiSentence(): string {
  return (
    `${describeTarget()} cannot create connection groups (Datadog's API has no operation for it): create the group in Datadog's UI ` +
    `(Actions > Connections > Groups), then adopt it here with adoptId: "<group id>"; the id is in the group list ` +
    "(`npx pulumi-workflow-connections generate --all` writes every group with its id as adoptId) or at the end of the group's URL in the Datadog UI"
  );
}

/** The target's capabilities, or undefined when it cannot be asked (no keys, unreachable: said elsewhere). */
async function targetCapabilities(): Promise<GroupCapabilities | undefined> {
  try {
    return await capabilities(getClient());
  } catch {
    return undefined;
  }
}

/** The group would be created (no adoptId, not in the state yet). */
const toCreate = (olds: GroupAdoptionInputs, news: GroupAdoptionInputs) =>
  (news.adoptId === undefined || news.adoptId === null) && typeof olds.name !== "string";

/**
 * A group to create on a Datadog site: known to fail without asking anything (Datadog creates
 * groups in its UI only), so nothing is sent for it, not even a key check.
 */
export function createsOnDatadogSite(olds: GroupAdoptionInputs, news: GroupAdoptionInputs): boolean {
  if (!toCreate(olds, news)) return false;
  try {
    return resolveTarget().isDatadog;
  } catch {
    return false;
  }
}

/** What the target can do, as issues of this group: none to list, or no way to create it. */
export async function groupTargetIssues(olds: GroupAdoptionInputs, news: GroupAdoptionInputs): Promise<RuleIssue[]> {
  if (createsOnDatadogSite(olds, news)) return [{ path: [], message: createInUiSentence() }];
  const caps = await targetCapabilities();
  if (!caps) return [];
  if (!caps.listGroups)
    return [
      {
        path: [],
        message: `${describeTarget()} does not answer the list of connection groups (GET /api/v2/actions/connections/groups), so it has no groups to create, adopt or change; point connections:apiUrl (or CONNECTIONS_API_URL) at a Datadog site or a backend that has them, such as the local backend (npm run backend), or remove the ConnectionGroup`,
      },
    ];
  if (toCreate(olds, news) && !caps.createGroups) return [{ path: [], message: createInUiSentence() }];
  return [];
}

/** Which drops the program allows; undefined while unknown (preview: judged at up). */
function allowedDrops(option: unknown): ((m: { id: string; name: string }) => boolean) | undefined {
  if (isUnknown(option) || (Array.isArray(option) && option.some(isUnknown))) return undefined;
  if (option === true) return () => true;
  const names = Array.isArray(option) ? option.filter((o): o is string => typeof o === "string") : [];
  return (m) => names.some((n) => n.toLowerCase() === m.id.toLowerCase() || n === m.name);
}

/** Reads the live group and says what adopting it changes; issues for drops the program does not allow. */
export async function groupAdoptionIssues(
  olds: GroupAdoptionInputs,
  news: GroupAdoptionInputs,
  members: readonly DeclaredGroupMember[],
): Promise<RuleIssue[]> {
  const id = news.adoptId;
  if (typeof id !== "string" || isUnknown(id) || olds.adoptId === id) return [];
  const c = require("../../client") as typeof import("../../client");
  const client = getClient();
  let live: LiveGroup;
  try {
    live = await client.groups.get(id);
  } catch (err) {
    const why =
      err instanceof c.NotFoundError
        ? "no connection group with this id exists (or the application key's user may not view it), so there is nothing to adopt"
        : `could not read the connection group to adopt, to show what adopting changes: ${message(err)}`;
    return [{ path: ["adoptId"], message: `${quote(id)}: ${why}` }];
  }
  const listed = await liveConnections(client).catch(() => []);
  const nameOf = (memberId: string) =>
    listed.find((l) => l.id.toLowerCase() === memberId.toLowerCase())?.name ?? memberId;
  const plan = groupAdoptionPlan(live, { ...news, members }, nameOf);
  const issues: RuleIssue[] = [];
  const allowed = allowedDrops(news.adoptDropsMissing);
  if (allowed) {
    const refused = plan.drops.filter((m) => !allowed(m));
    if (refused.length)
      issues.push({
        path: ["adoptId"],
        message:
          `${quote(id)}: adopting connection group ${quote(live.name)} would drop members it has and this program does not declare: ${refused.map(showMember).join(", ")}. ` +
          `Declare them in members, or let the adoption drop them with adoptDropsMissing: true (or name them: adoptDropsMissing: ${JSON.stringify(refused.map((m) => m.id))})`,
      });
    const named = Array.isArray(news.adoptDropsMissing)
      ? news.adoptDropsMissing.filter((o): o is string => typeof o === "string")
      : [];
    const stray = named.filter((n) => !plan.drops.some((m) => n.toLowerCase() === m.id.toLowerCase() || n === m.name));
    if (stray.length)
      issues.push({
        path: ["adoptDropsMissing"],
        message: `names ${stray.map((s) => quote(s)).join(", ")}, which adopting connection group ${id} does not drop (it drops ${plan.drops.length ? plan.drops.map(showMember).join(", ") : "no member"})`,
      });
  }
  if (!issues.length && typeof news.adoptUrn === "string" && !isUnknown(news.adoptUrn))
    await sayUnder(news.adoptUrn, plan.drops.length ? "warning" : "info", describeGroupPlan(id, live.name, plan));
  return issues;
}
