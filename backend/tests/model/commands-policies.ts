/** Setting a restriction policy on a connection or a group (the auditor always stays viewer). */
import type fc from "fast-check";
import { Actor, AUDITOR, Binding, Model, Relation, can, relationOf, viewsConnection, viewsGroup } from "./model";
import { POLICY, Real } from "./system";
import { agree, finish, ok, pick, sameAsMissing, snapshot } from "./step";

/** Principal -> relation; groups have no resolver (it becomes viewer). */
export type Grants = [string, Relation][];

export function bindingsFor(grants: Grants, forGroup: boolean): Binding[] {
  const out: Binding[] = [];
  for (const relation of ["viewer", "resolver", "editor"] as const) {
    const principals = grants
      .filter(([, r]) => (forGroup && r === "resolver" ? "viewer" : r) === relation)
      .map(([p]) => p);
    if (relation === "viewer") principals.push(`user:${AUDITOR}`);
    if (principals.length) out.push({ relation, principals });
  }
  return out;
}

export class SetPolicy implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly who: Actor,
    readonly onGroup: boolean,
    readonly index: number,
    readonly grants: Grants,
  ) {}
  check = (m: Readonly<Model>) => (this.onGroup ? m.groups.length : m.connections.length) > 0;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const target = this.onGroup ? pick(m.groups, this.index)! : pick(m.connections, this.index)!;
    const what = `${this.toString()} on ${target.name}`;
    const kind = this.onGroup ? "connection-group" : "connection";
    const bindings = bindingsFor(this.grants, this.onGroup);
    const path = `${POLICY}/${kind}:${target.id}`;
    const body = { data: { type: "restriction_policy", id: `${kind}:${target.id}`, attributes: { bindings } } };
    const visible = this.onGroup ? viewsGroup(m, this.who, target.id) : viewsConnection(m, this.who, target.id);
    // A policy that takes editor away from its writer needs allow_self_lockout, never sent here.
    const accepted = visible && can(this.who, target.policy, "editor") && relationOf(this.who, bindings) === "editor";
    const res = await r.sys.send(this.who, "POST", path, body);
    agree(r, accepted, res, what);
    if (!visible) await sameAsMissing(r, this.who, "POST", path, target.id, body, res, what);
    if (ok(res)) target.policy = bindings;
    await finish(r, this.who, before, m, [res], what);
  }
  toString = () =>
    `${this.who}.setPolicy(${this.onGroup ? "group" : "conn"}#${this.index}, ${this.grants.map(([p, rel]) => `${p}=${rel}`).join(" ") || "none"})`;
}
