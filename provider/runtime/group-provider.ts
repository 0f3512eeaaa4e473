/**
 * The ConnectionGroup resource's provider. Its check is where preview earns its keep: the group
 * rules run against the members declared in the same program (from their inputs, even while
 * their ids are unknown) and against existing members fetched by id (their tags, integration,
 * and whether the caller may resolve them), so a clash or a missing permission fails the preview.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RemoteGroup } from "../../client";
import { AccessSpec, groupSpecIssues, isUnknown, MemberFacts, memberIssues, RuleIssue } from "../../rules";
import { AccessState, accessChanged, accessCheckIssues, createWithAccess, memberAccessIssues, readAccess, updateAccess, withAccess } from "./access";
import { explain, unlessGone } from "./explain";
import { sameValue, toFailures, withoutProvider } from "./inputs";
import { getClient } from "./settings";

export interface GroupInputs {
  name: string;
  integration: string;
  identifierTags: string[];
  members: string[];
  /** Per member: what the program declares about it; null for a member given by id. */
  memberFacts?: ({ label: string; integration?: unknown; tags?: unknown; access?: unknown } | null)[];
  /** Who may view and edit the group (Datadog restriction policy); undeclared: left untouched. */
  access?: AccessSpec;
}
export type GroupOutputs = Omit<GroupInputs, "memberFacts" | "access"> & { access?: AccessState };

function label(inputs: { name?: unknown }): string {
  return typeof inputs.name === "string" ? `connection group ${JSON.stringify(inputs.name)}` : "connection group";
}

/** Facts for each member: declared ones as given, the others fetched from the backend. */
async function gatherMembers(inputs: GroupInputs, issues: RuleIssue[]): Promise<MemberFacts[]> {
  const c = require("../../client") as typeof import("../../client");
  const declared = Array.isArray(inputs.memberFacts) ? inputs.memberFacts : [];
  return Promise.all(inputs.members.map(async (id, i): Promise<MemberFacts> => {
    const facts = declared[i];
    if (facts) return { label: facts.label, id, integration: facts.integration, tags: facts.tags };
    if (typeof id !== "string" || isUnknown(id)) return { label: `members[${i}]`, id };
    const problem = (message: string) => issues.push({ path: ["members", i], message });
    try {
      const remote = await getClient().connections.get(id);
      const name = `${remote.name} (${id})`;
      if (remote.actingUserCanResolve === false) {
        problem(`${JSON.stringify(name)}: the application key's user has no resolver permission on connection:${id}, so adding it would fail with 403 Forbidden; grant resolver on it or remove it from the group`);
      }
      return { label: name, id, integration: remote.integration.type, tags: remote.tags };
    } catch (err) {
      if (err instanceof c.NotFoundError) problem(`connection ${JSON.stringify(id)} does not exist (or is not visible to the application key's user)`);
      else if (err instanceof c.ForbiddenError) problem(`connection ${JSON.stringify(id)}: the application key's user may not view it, so it cannot be a member (403 Forbidden)`);
      else problem(`could not check connection ${JSON.stringify(id)}: ${err instanceof Error ? err.message : String(err)}`);
      return { label: id, id };
    }
  }));
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const inputs = withoutProvider(news as unknown as GroupInputs);
  const issues: RuleIssue[] = groupSpecIssues({ name: inputs.name, integration: inputs.integration, identifierTags: inputs.identifierTags, members: inputs.members });
  if (Array.isArray(inputs.members)) {
    const facts = await gatherMembers(inputs, issues);
    issues.push(...memberIssues({ integration: inputs.integration, identifierTags: inputs.identifierTags }, facts));
    const declared = Array.isArray(inputs.memberFacts) ? inputs.memberFacts : [];
    issues.push(...(await memberAccessIssues(inputs.members.map((_, i) => ({ label: declared[i]?.label ?? `members[${i}]`, access: declared[i]?.access })))));
  }
  issues.push(...(await accessCheckIssues("connection-group", inputs.access)));
  return { inputs: news, failures: toFailures(issues) };
}

const sameSet = (a: unknown, b: unknown) => sameValue(Array.isArray(a) ? [...a].sort() : a, Array.isArray(b) ? [...b].sort() : b);

export async function diff(_id: string, olds: GroupOutputs, news: GroupInputs): Promise<pulumi.dynamic.DiffResult> {
  const replaces = olds.integration !== news.integration && !isUnknown(news.integration) ? ["integration"] : [];
  const changes = replaces.length > 0 || olds.integration !== news.integration || !sameValue(olds.name, news.name)
    || !sameValue(olds.identifierTags, news.identifierTags) || !sameSet(olds.members, news.members)
    || accessChanged(olds.access, news.access);
  return { changes, replaces, deleteBeforeReplace: false };
}

function outputs(remote: RemoteGroup): GroupOutputs {
  return { name: remote.name, integration: remote.integration, identifierTags: remote.identifierTags, members: remote.members };
}

export async function create(news: GroupInputs): Promise<pulumi.dynamic.CreateResult> {
  const inputs = withoutProvider(news as GroupInputs);
  try {
    const client = getClient();
    const { remote, access } = await createWithAccess(
      "connection-group", inputs.access,
      () => client.groups.create({ name: inputs.name, integration: inputs.integration, identifierTags: inputs.identifierTags, members: inputs.members }),
      (id) => client.groups.delete(id),
    );
    return { id: remote.id, outs: withAccess(outputs(remote), access) };
  } catch (err) {
    throw explain(`creating ${label(inputs)}`, err);
  }
}

export async function read(id: string, props: GroupOutputs): Promise<pulumi.dynamic.ReadResult> {
  const remote = await unlessGone(`reading ${label(props)} (${id})`, () => getClient().groups.get(id));
  if (!remote) return { id: "" }; // deleted outside Pulumi: an empty id drops it from state
  const outs = outputs(remote);
  // Only a policy the program manages is read (see ./access.ts).
  if (props.access) {
    outs.access = await readAccess("connection-group", id, props.access).catch((err) => { throw explain(`reading the access policy of ${label(props)} (${id})`, err); });
  }
  return { id, props: outs, inputs: outs };
}

export async function update(id: string, olds: GroupOutputs, news: GroupInputs): Promise<pulumi.dynamic.UpdateResult> {
  const inputs = withoutProvider(news as GroupInputs);
  try {
    const remote = await getClient().groups.update(id, {
      ...(sameValue(olds.name, inputs.name) ? {} : { name: inputs.name }),
      ...(sameValue(olds.identifierTags, inputs.identifierTags) ? {} : { identifierTags: inputs.identifierTags }),
      ...(sameSet(olds.members, inputs.members) ? {} : { members: inputs.members }),
    });
    const access = await updateAccess("connection-group", id, olds.access, inputs.access);
    return { outs: withAccess(outputs(remote), access) };
  } catch (err) {
    throw explain(`updating ${label(inputs)} (${id})`, err);
  }
}

export async function remove(id: string, props: GroupOutputs): Promise<void> {
  await unlessGone(`deleting ${label(props)} (${id})`, () => getClient().groups.delete(id));
}
