/**
 * The ConnectionGroup resource's provider. Its check is where preview earns its keep: the group
 * rules run against the members declared in the same program (from their inputs, even while
 * their ids are unknown) and against existing members fetched by id (their tags, integration,
 * and whether the caller may resolve them), so a clash or a missing permission fails the preview.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RemoteGroup } from "../../client";
import { AccessSpec, isUnknown, isUuid, MemberFacts, RuleIssue } from "pulumi-workflow-connections-rules";
import {
  AccessState,
  accessChanged,
  accessCheckIssues,
  memberAccessIssues,
  readAccess,
  updateAccess,
  withAccess,
} from "./access-control";
import { createGroupWithAccess } from "./access-control";
import { groupInputIssues } from "../checks/group";
import { ifMatchFrom, withEtag } from "./etag";
import { explain, unlessGone } from "./explain";
import { missingGroupsApi } from "./groups-api";
import { sameValue, toFailures, withoutProvider } from "./inputs";
import { checkedMembers, MemberNames, memberIds, storedMemberIds } from "./member-names";
import { getClient } from "./settings";
import { backendMemberNames, lookupKeysProblem, lookupMissing } from "./lookup";

export interface GroupInputs {
  name: string;
  integration: string;
  identifierTags: string[];
  /** From the program: member ids. Check moves them into `memberNames` (./member-names.ts). */
  members: string[];
  /** As checked (stored inputs, what diffs show): member id -> its name (./member-names.ts). */
  memberNames?: MemberNames;
  /**
   * Per member: what the program declares about it; null for a member given by id. Only check
   * reads it: the inputs check returns (what state stores and diffs show) leave it out.
   */
  memberFacts?: ({ label: string; integration?: unknown; tags?: unknown; access?: unknown } | null)[];
  /** Who may view and edit the group (Datadog restriction policy); undeclared: left untouched. */
  access?: AccessSpec;
}

export interface GroupOutputs {
  name: string;
  integration: string;
  identifierTags: string[];
  members: string[];
  /** Member id -> name; also what a refresh rebuilds the stored inputs from. */
  memberNames?: MemberNames;
  /** The policy as last written or refreshed (normalized). */
  access?: AccessState;
}

function label(inputs: { name?: unknown }): string {
  return typeof inputs.name === "string" ? `connection group ${JSON.stringify(inputs.name)}` : "connection group";
}

/** Facts for each member: declared ones as given, the others fetched from the backend. */
async function gatherMembers(
  ids: unknown[],
  inputs: GroupInputs,
  issues: RuleIssue[],
): Promise<(MemberFacts & { name: string })[]> {
  const c = require("../../client") as typeof import("../../client");
  const declared = Array.isArray(inputs.memberFacts) ? inputs.memberFacts : [];
  return Promise.all(
    ids.map(async (id, i): Promise<MemberFacts & { name: string }> => {
      const facts = declared[i];
      if (facts) return { label: facts.label, name: facts.label, id, integration: facts.integration, tags: facts.tags };
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

export async function check(
  _olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const inputs = withoutProvider(news as unknown as GroupInputs);
  const fetched: RuleIssue[] = [];
  const noApi = await missingGroupsApi();
  if (noApi) fetched.push({ path: [], message: noApi });
  const { memberFacts: _checkOnly, ...checked } = news as Record<string, unknown>;
  let facts: MemberFacts[] | undefined;
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
  return { inputs: checked, failures: toFailures([...groupInputIssues(inputs, facts), ...fetched]) };
}

/** Before any group write: a target without a groups API gets none (check already said why). */
async function needGroupsApi(action: string): Promise<void> {
  const noApi = await missingGroupsApi();
  if (noApi) throw explain(action, new Error(noApi));
}

const sameSet = (a: unknown, b: unknown) =>
  sameValue(Array.isArray(a) ? [...a].sort() : a, Array.isArray(b) ? [...b].sort() : b);

export async function diff(_id: string, olds: GroupOutputs, news: GroupInputs): Promise<pulumi.dynamic.DiffResult> {
  const replaces = olds.integration !== news.integration && !isUnknown(news.integration) ? ["integration"] : [];
  const changes =
    replaces.length > 0 ||
    olds.integration !== news.integration ||
    !sameValue(olds.name, news.name) ||
    !sameValue(olds.identifierTags, news.identifierTags) ||
    !sameSet(memberIds(olds.members), storedMemberIds(news)) ||
    accessChanged(olds.access, news.access);
  return { changes, replaces, deleteBeforeReplace: false };
}

/** What state stores; `known` names members (from the checked inputs, or the prior state). */
function outputs(remote: RemoteGroup, known: unknown): GroupOutputs {
  const names: MemberNames = {};
  for (const id of remote.members)
    names[id] =
      known !== null && typeof known === "object" && typeof (known as MemberNames)[id] === "string"
        ? (known as MemberNames)[id]
        : id;
  return {
    name: remote.name,
    integration: remote.integration,
    identifierTags: remote.identifierTags,
    members: remote.members,
    memberNames: names,
  };
}

export async function create(news: GroupInputs): Promise<pulumi.dynamic.CreateResult> {
  const inputs = withoutProvider(news as GroupInputs);
  await needGroupsApi(`creating ${label(inputs)}`);
  try {
    const spec = {
      name: inputs.name,
      integration: inputs.integration,
      identifierTags: inputs.identifierTags,
      members: storedMemberIds(inputs) as string[],
    };
    const { remote, access } = await createGroupWithAccess(spec, inputs.access);
    return { id: remote.id, outs: withEtag(withAccess(outputs(remote, inputs.memberNames), access), remote) };
  } catch (err) {
    throw explain(`creating ${label(inputs)}`, err);
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
  const outs = withEtag(outputs(remote, props.memberNames ?? (await backendMemberNames(remote.members))), remote);
  const inputs: Record<string, unknown> = {
    name: outs.name,
    integration: outs.integration,
    identifierTags: outs.identifierTags,
    memberNames: outs.memberNames,
  };
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
  await needGroupsApi(`updating ${label(inputs)} (${id})`);
  try {
    const remote = await getClient().groups.update(
      id,
      {
        ...(sameValue(olds.name, inputs.name) ? {} : { name: inputs.name }),
        ...(sameValue(olds.identifierTags, inputs.identifierTags) ? {} : { identifierTags: inputs.identifierTags }),
        ...(sameSet(memberIds(olds.members), storedMemberIds(inputs))
          ? {}
          : { members: storedMemberIds(inputs) as string[] }),
      },
      ifMatchFrom(olds),
    );
    const access = await updateAccess("connection-group", id, olds.access, inputs.access);
    return { outs: withEtag(withAccess(outputs(remote, inputs.memberNames), access), remote) };
  } catch (err) {
    throw explain(`updating ${label(inputs)} (${id})`, err);
  }
}

export async function remove(id: string, props: GroupOutputs): Promise<void> {
  await unlessGone(`deleting ${label(props)} (${id})`, () => getClient().groups.delete(id));
}
