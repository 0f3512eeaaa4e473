/**
 * What must hold after every step, checked against the real backend:
 * - state: the backend holds exactly what the model holds (every acknowledged write is there,
 *   nothing else is), and every group obeys the group rules;
 * - views: each user sees exactly what the model says they may view (lists, totals, group
 *   members);
 * - answers: no response names an id or a name its caller may not view, nor counts hidden things.
 */
import assert from "node:assert/strict";
import { MAX_GROUP_MEMBERS } from "pulumi-workflow-connections-rules";
import type { ApiResponse } from "../../../tests/support/backend";
import {
  ACTORS,
  AUDITOR,
  Actor,
  Binding,
  Integration,
  Model,
  groupValid,
  hiddenFrom,
  sortedTags,
  viewsConnection,
  viewsGroup,
  visibleMembers,
} from "./model";
import { CONNS, GROUPS, POLICY, Real, System } from "./system";

const sorted = (ids: readonly string[]) => [...ids].sort();
const policyKey = (p: Binding[] | undefined) =>
  JSON.stringify(
    (p ?? [])
      .map((b) => ({ relation: b.relation, principals: sorted(b.principals) }))
      .sort((a, b) => (a.relation < b.relation ? -1 : 1)),
  );

async function listAll(
  sys: System,
  who: Actor | typeof AUDITOR,
  base: string,
): Promise<{ data: any[]; total: number }> {
  const res = await sys.send(who, "GET", `${base}?page[size]=100`);
  assert.equal(res.status, 200, `${who} lists ${base}: ${JSON.stringify(res.body)}`);
  return { data: res.body.data, total: res.body.meta?.total_filtered };
}

/** The backend, as the auditor reads it, equals the model; every group is valid. */
export async function checkState(model: Model, sys: System): Promise<void> {
  const conns = (await listAll(sys, AUDITOR, CONNS)).data;
  assert.deepEqual(
    sorted(conns.map((c) => c.id)),
    sorted(model.connections.map((c) => c.id)),
    "the connections are exactly the acknowledged ones",
  );
  const byId = new Map(conns.map((c) => [c.id as string, c]));
  for (const c of model.connections) {
    const real = byId.get(c.id)!;
    assert.deepEqual(
      { name: real.attributes.name, tags: sortedTags(real.attributes.tags), type: real.attributes.integration.type },
      { name: c.name, tags: sortedTags(c.tags), type: c.integration },
      `connection ${c.name}: the last acknowledged write`,
    );
  }
  const groups = (await listAll(sys, AUDITOR, GROUPS)).data;
  assert.deepEqual(
    sorted(groups.map((g) => g.id)),
    sorted(model.groups.map((g) => g.id)),
    "the groups are exactly the acknowledged ones",
  );
  for (const g of model.groups) {
    const real = groups.find((r) => r.id === g.id)!.attributes;
    assert.deepEqual(
      { name: real.name, keys: real.tag_keys, members: sorted(real.connections) },
      { name: g.name, keys: g.keys, members: sorted(g.members) },
      `group ${g.name}`,
    );
    const members = (real.connections as string[])
      .map((id) => byId.get(id))
      .map((c) => ({ integration: c.attributes.integration.type as Integration, tags: c.attributes.tags as string[] }));
    assert.ok(members.length <= MAX_GROUP_MEMBERS, `group ${g.name} has more members than the cap`);
    assert.ok(
      groupValid(real.integration_type, real.tag_keys, members),
      `group ${g.name} breaks the group rules: ${JSON.stringify(members)}`,
    );
  }
  for (const [kind, list] of [
    ["connection", model.connections],
    ["connection-group", model.groups],
  ] as const) {
    for (const r of list) {
      const res = await sys.send(AUDITOR, "GET", `${POLICY}/${kind}:${r.id}`);
      assert.equal(res.status, 200);
      assert.equal(policyKey(res.body.data.attributes.bindings), policyKey(r.policy), `the policy of ${r.name}`);
    }
  }
}

/** Each actor's lists and group views are exactly what the model lets them view. */
export async function checkViews(model: Model, sys: System): Promise<void> {
  for (const who of ACTORS) {
    const conns = await listAll(sys, who, CONNS);
    const mayView = model.connections.filter((c) => viewsConnection(model, who, c.id));
    assert.deepEqual(
      sorted(conns.data.map((c) => c.id)),
      sorted(mayView.map((c) => c.id)),
      `${who} lists the connections they may view`,
    );
    assert.equal(conns.total, mayView.length, `${who}: total_count counts only what they may view`);
    const groups = await listAll(sys, who, GROUPS);
    const groupsVisible = model.groups.filter((g) => viewsGroup(model, who, g.id));
    assert.deepEqual(
      sorted(groups.data.map((g) => g.id)),
      sorted(groupsVisible.map((g) => g.id)),
      `${who} lists the groups they may view`,
    );
    assert.equal(groups.total, groupsVisible.length);
    for (const g of groupsVisible) {
      const listed = groups.data.find((r) => r.id === g.id)!;
      const read = await sys.send(who, "GET", `${GROUPS}/${g.id}`);
      for (const [how, ids] of [
        ["list", listed.attributes.connections],
        ["GET", read.body.data.attributes.connections],
      ] as const) {
        assert.deepEqual(
          sorted(ids),
          sorted(visibleMembers(model, who, g)),
          `${who} (${how}) sees only the members of ${g.name} they may view`,
        );
      }
    }
  }
}

const HIDDEN_COUNT = /\b\d+ (groups?|connections?|members?) (you cannot view|that you cannot view)/;

/**
 * A response to `who` names nothing hidden from them both before and after the step (ids,
 * names) but what their own request named, and counts nothing hidden.
 */
export function checkResponse(
  real: Real,
  who: Actor,
  before: Model,
  after: Model,
  res: ApiResponse,
  what: string,
  sent: string,
): void {
  if (!real.checks.has("answers")) return;
  const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? "");
  const hiddenAfter = new Set(hiddenFrom(after, who));
  for (const secret of hiddenFrom(before, who).filter((s) => hiddenAfter.has(s) && !sent.includes(s))) {
    assert.ok(
      !text.includes(secret),
      `${what}: the answer to ${who} names ${secret}, which they may not view: ${text}`,
    );
  }
  assert.doesNotMatch(text, HIDDEN_COUNT, `${what}: the answer to ${who} counts what they may not view`);
}

export async function afterStep(model: Model, real: Real): Promise<void> {
  if (real.checks.has("state")) await checkState(model, real.sys);
  if (real.checks.has("views")) await checkViews(model, real.sys);
}
