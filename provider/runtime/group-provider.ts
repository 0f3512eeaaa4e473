/**
 * The ConnectionGroup resource's provider. Its check is where preview earns its keep: the group
 * rules run against the members declared in the same program (from their inputs, even while
 * their ids are unknown) and against existing members fetched by id (their tags, integration,
 * and whether the caller may resolve them), so a clash or a missing permission fails the preview.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RemoteGroup } from "../../client";
import { AccessSpec, GroupSpec, isUnknown, isUuid, MemberFacts, RuleIssue } from "pulumi-workflow-connections-rules";
import {
  AccessState,
  accessChanged,
  accessCheckIssues,
  memberAccessIssues,
  readAccess,
  updateAccess,
  withAccess,
  writeAccess,
} from "./access-control";
import { createGroupWithAccess } from "./access-control";
import { groupInputIssues } from "../checks/group";
import { ifMatchFrom, withEtag } from "./etag";
import { explain, unlessGone } from "./explain";
import { createsOnDatadogSite, groupAdoptionIssues, groupTargetIssues } from "./group-adoption-check";
import { capabilities } from "./live-world";
import { sayUnder } from "./engine-log";
import type { PreflightNote } from "./targets";
import { sameValue, toFailures, withoutProvider } from "./inputs";
import { checkedMembers, MemberNames, memberIds, storedMemberIds } from "./member-names";
import { describeTarget, getClient } from "./settings";
import { backendMemberNames, lookupKeysProblem, lookupMissing } from "./lookup";

export interface GroupInputs {
  name: string;
  /** Undeclared: the live group's description is left as it is. */
  description?: string;
  integration: string;
  identifierTags: string[];
  /** Adopt an existing group by id instead of creating one (see ./group-adoption-check.ts). */
  adoptId?: string;
  /** With adoptId: which live members the adoption may drop (true: all; a list: by id or name). */
  adoptDropsMissing?: boolean | string[];
  /** The resource's URN, for diagnostics from the provider (adoption at preview, delete). */
  adoptUrn?: string;
  /** From the program: member ids. Check moves them into `memberNames` (./member-names.ts). */
  members: string[];
  /** As checked (stored inputs, what diffs show): member id -> its name (./member-names.ts). */
  memberNames?: MemberNames;
  /**
   * Per member: what the program declares about it; null for a member given by id. Only check
   * reads it: the inputs check returns (what state stores and diffs show) leave it out.
   */
  memberFacts?:
    | ({ label: string; integration?: unknown; tags?: unknown; access?: unknown; adoptId?: unknown } | null)[]
    | undefined;
  /** Who may view and edit the group (Datadog restriction policy); undeclared: left untouched. */
  access?: AccessSpec;
}

export interface GroupOutputs {
  name: string;
  description?: string;
  integration: string;
  identifierTags: string[];
  members: string[];
  /** Member id -> name; also what a refresh rebuilds the stored inputs from. */
  memberNames?: MemberNames;
  /** The policy as last written or refreshed (normalized). */
  access?: AccessState;
  adoptId?: string;
  adoptDropsMissing?: boolean | string[];
  adoptUrn?: string;
}

function label(inputs: { name?: unknown }): string {
  return typeof inputs.name === "string" ? `connection group ${JSON.stringify(inputs.name)}` : "connection group";
}

/** Facts for each member: declared ones as given, the others fetched from the backend. */
async function gatherMembers(
  ids: unknown[],
  inputs: GroupInputs,
  issues: RuleIssue[],
): Promise<(MemberFacts & { name: string; adoptId?: unknown })[]> {
  const c = require("../../client") as typeof import("../../client");
  const declared = Array.isArray(inputs.memberFacts) ? inputs.memberFacts : [];
  return Promise.all(
    ids.map(async (id, i): Promise<MemberFacts & { name: string; adoptId?: unknown }> => {
      const facts = declared[i];
      if (facts)
        return {
          label: facts.label,
          name: facts.label,
          id,
          integration: facts.integration,
          tags: facts.tags,
          adoptId: facts.adoptId,
        };
      // Not an id at all (the spec rules say so, once): nothing to fetch.
      if (typeof id !== "string" || isUnknown(id) || !isUuid(id))
        return { label: `members[${i}]`, name: `members[${i}]`, id };
      const problem = (message: string) => issues.push({ path: ["members", i], message });
      try {
        const remote = await getClient().connections.get(id);
        const name = `${remote.name} (${id})`;
        if (remote.actingUserCanResolve === false) {
          problem(
            `${JSON.stringify(name)}: the application key's user has no resolver permission on connection:${id}, so adding it would fail with 403 Forbidden; grant resolver on it or remove it from the group`,
          );
        }
        return { label: name, name: remote.name, id, integration: remote.integration.type, tags: remote.tags };
      } catch (err) {
        if (err instanceof c.NotFoundError)
          problem(`connection ${JSON.stringify(id)} does not exist (or is not visible to the application key's user)`);
        else if (err instanceof c.ForbiddenError)
          problem(
            `connection ${JSON.stringify(id)}: the application key's user may not view it, so it cannot be a member (403 Forbidden)`,
          );
        else
          problem(
            `could not check connection ${JSON.stringify(id)}: ${err instanceof Error ? err.message : String(err)}`,
          );
        return { label: id, name: id, id };
      }
    }),
  );
}

/**
 * `note`: what the program's preflight says (./targets.ts). Run from the program, the check does
 * not know the group's state, so an adoption (which depends on it: adopted once, later previews
 * are ordinary diffs) is judged by the engine's check only.
 */
export async function check(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  note: PreflightNote = {},
): Promise<pulumi.dynamic.CheckResult> {
  const inputs = withoutProvider(news as unknown as GroupInputs);
  const prior = withoutProvider(olds) as Partial<GroupInputs>;
  const fetched: RuleIssue[] = await groupTargetIssues(prior, inputs);
  const { memberFacts: _checkOnly, ...checked } = news as Record<string, unknown>;
  // Refused without asking the target anything (no member or principal lookups either).
  if (createsOnDatadogSite(prior, inputs))
    return { inputs: checked, failures: toFailures([...groupInputIssues(inputs, undefined), ...fetched]) };
  let facts: (MemberFacts & { name: string; adoptId?: unknown })[] | undefined;
  if (Array.isArray(inputs.members)) {
    const gathered = await gatherMembers(inputs.members, inputs, fetched);
    Object.assign(checked, checkedMembers(gathered));
    delete checked.members;
    facts = gathered;
    const declared = Array.isArray(inputs.memberFacts) ? inputs.memberFacts : [];
    fetched.push(
      ...(await memberAccessIssues(
        inputs.members.map((_, i) => ({ label: declared[i]?.label ?? `members[${i}]`, access: declared[i]?.access })),
      )),
    );
  }
  fetched.push(...(await accessCheckIssues("connection-group", inputs.access)));
  const local = groupInputIssues(inputs, facts);
  if (!local.length && !fetched.length && facts && !note.inProgram)
    fetched.push(...(await groupAdoptionIssues(prior, inputs, facts)));
  return { inputs: checked, failures: toFailures([...local, ...fetched]) };
}

const sameSet = (a: unknown, b: unknown) =>
  sameValue(Array.isArray(a) ? [...a].sort() : a, Array.isArray(b) ? [...b].sort() : b);

export async function diff(_id: string, olds: GroupOutputs, news: GroupInputs): Promise<pulumi.dynamic.DiffResult> {
  const adopted = Boolean(news.adoptId) && news.adoptId === olds.adoptId;
  // An adopted group changes integration in place (Datadog's PATCH can): replacing it would
  // adopt the same id again, and the engine would then delete it.
  const replaces =
    olds.integration !== news.integration && !isUnknown(news.integration) && !adopted ? ["integration"] : [];
  if ((olds.adoptId ?? undefined) !== (news.adoptId ?? undefined)) replaces.push("adoptId");
  const changes =
    replaces.length > 0 ||
    olds.integration !== news.integration ||
    !sameValue(olds.name, news.name) ||
    (news.description !== undefined && !sameValue(olds.description, news.description)) ||
    !sameValue(olds.identifierTags, news.identifierTags) ||
    !sameSet(memberIds(olds.members), storedMemberIds(news)) ||
    accessChanged(olds.access, news.access);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** What state stores; `known` names members (from the checked inputs, or the prior state). */
function outputs(remote: RemoteGroup, known: unknown, inputs: Partial<GroupInputs> = {}): GroupOutputs {
  const names: MemberNames = {};
  for (const id of remote.members)
    names[id] =
      known !== null && typeof known === "object" && typeof (known as MemberNames)[id] === "string"
        ? (known as MemberNames)[id]
        : id;
  const outs: GroupOutputs = {
    name: remote.name,
    integration: remote.integration,
    identifierTags: remote.identifierTags,
    members: remote.members,
    memberNames: names,
  };
  if (remote.description !== undefined) outs.description = remote.description;
  if (inputs.adoptId) outs.adoptId = inputs.adoptId;
  if (inputs.adoptDropsMissing !== undefined) outs.adoptDropsMissing = inputs.adoptDropsMissing;
  if (inputs.adoptUrn) outs.adoptUrn = inputs.adoptUrn;
  return outs;
}

/** The PATCH that makes `from` what `to` declares: only what differs (an unchanged group gets none). */
function groupChange(from: Partial<GroupOutputs> & { members?: unknown }, to: GroupInputs) {
  return {
    ...(sameValue(from.name, to.name) ? {} : { name: to.name }),
    ...(to.description === undefined || sameValue(from.description, to.description)
      ? {}
      : { description: to.description }),
    ...(sameValue(from.integration, to.integration) ? {} : { integration: to.integration }),
    ...(sameValue(from.identifierTags, to.identifierTags) ? {} : { identifierTags: to.identifierTags }),
    ...(sameSet(memberIds(from.members), storedMemberIds(to)) ? {} : { members: storedMemberIds(to) as string[] }),
  };
}

export async function create(news: GroupInputs): Promise<pulumi.dynamic.CreateResult> {
  const inputs = withoutProvider(news as GroupInputs);
  const action = inputs.adoptId ? `adopting ${label(inputs)} (${inputs.adoptId})` : `creating ${label(inputs)}`;
  try {
    let remote: RemoteGroup;
    let access: AccessState | undefined;
    if (inputs.adoptId) {
      // One PATCH of what differs from the live group (as the preview said); nothing when nothing does.
      const client = getClient();
      const live = await client.groups.get(inputs.adoptId);
      remote = await client.groups.update(inputs.adoptId, groupChange(live, inputs) as Partial<GroupSpec>);
      // An adopted group is not deleted when its policy fails: it existed before.
      if (inputs.access) access = await writeAccess("connection-group", remote.id, inputs.access);
    } else {
      const spec = {
        name: inputs.name,
        ...(inputs.description === undefined ? {} : { description: inputs.description }),
        integration: inputs.integration,
        identifierTags: inputs.identifierTags,
        members: storedMemberIds(inputs) as string[],
      };
      ({ remote, access } = await createGroupWithAccess(spec as GroupSpec, inputs.access));
    }
    return {
      id: remote.id,
      outs: withEtag(withAccess(outputs(remote, inputs.memberNames, inputs), access), remote),
    };
  } catch (err) {
    throw explain(action, err);
  }
}

export async function read(id: string, props: GroupOutputs): Promise<pulumi.dynamic.ReadResult> {
  // No prior names: a lookup (`ConnectionGroup.get`).
  if (!props.memberNames) {
    const missing = lookupKeysProblem("ConnectionGroup", id);
    if (missing) throw missing;
  }
  const remote = await unlessGone(`reading ${label(props)} (${id})`, () => getClient().groups.get(id));
  if (!remote && !props.memberNames) throw lookupMissing("ConnectionGroup", id);
  if (!remote) return { id: "" }; // deleted outside Pulumi: an empty id drops it from state
  const outs = withEtag(
    outputs(remote, props.memberNames ?? (await backendMemberNames(remote.members)), props),
    remote,
  );
  const inputs: Record<string, unknown> = {
    name: outs.name,
    ...(outs.description === undefined ? {} : { description: outs.description }),
    integration: outs.integration,
    identifierTags: outs.identifierTags,
    memberNames: outs.memberNames,
  };
  for (const key of ["adoptId", "adoptDropsMissing", "adoptUrn"] as const)
    if (outs[key] !== undefined) inputs[key] = outs[key];
  // Only a policy the program manages is read (see ./access-control/).
  if (props.access) {
    outs.access = await readAccess("connection-group", id, props.access).catch((err) => {
      throw explain(`reading the access policy of ${label(props)} (${id})`, err);
    });
    inputs.access = outs.access;
  }
  return { id, props: outs, inputs };
}

export async function update(id: string, olds: GroupOutputs, news: GroupInputs): Promise<pulumi.dynamic.UpdateResult> {
  const inputs = withoutProvider(news as GroupInputs);
  try {
    const remote = await getClient().groups.update(
      id,
      groupChange(olds, inputs) as Partial<GroupSpec>,
      ifMatchFrom(olds),
    );
    const access = await updateAccess("connection-group", id, olds.access, inputs.access);
    return { outs: withEtag(withAccess(outputs(remote, inputs.memberNames, inputs), access), remote) };
  } catch (err) {
    throw explain(`updating ${label(inputs)} (${id})`, err);
  }
}

/**
 * Where the target cannot delete groups (Datadog: only its UI can), the group is left exactly as
 * it is (not emptied either: its members may serve workflows outside this stack) and the output
 * says so; the resource leaves the stack.
 */
export async function remove(id: string, props: GroupOutputs): Promise<void> {
  const caps = await capabilities(getClient()).catch(() => undefined);
  if (caps && !caps.deleteGroups) {
    await sayUnder(
      typeof props.adoptUrn === "string" ? props.adoptUrn : "",
      "warning",
      `${label(props)} (${id}) was left as it is at ${describeTarget()}: the target cannot delete connection groups (Datadog's API has no operation for it), so nothing was deleted and no member was removed; it is no longer managed by this stack (delete it in Datadog's UI if it should go)`,
    );
    return;
  }
  await unlessGone(`deleting ${label(props)} (${id})`, () => getClient().groups.delete(id));
}
