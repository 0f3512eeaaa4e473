/** Commands on groups: create, add and remove a member, re-key, delete, resolve. */
import type fc from "fast-check";
import {
  Actor,
  Integration,
  MGroup,
  Model,
  can,
  connection,
  groupValid,
  hidesMembers,
  nextName,
  selectFor,
  viewsConnection,
  viewsGroup,
} from "./model";
import { GROUPS, Real } from "./system";
import { agree, finish, ok, pick, sameAsMissing, snapshot } from "./step";

type Cmd = fc.AsyncCommand<Model, Real>;

const membersOf = (m: Model, ids: readonly string[]) => ids.map((id) => connection(m, id)!);
const relationship = (id: string) => ({ data: [{ type: "action_connection", id }] });

export class CreateGroup implements Cmd {
  constructor(
    readonly who: Actor,
    readonly integration: Integration,
    readonly keys: string[],
    readonly members: number[],
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const ids = [
      ...new Set(this.members.map((i) => pick(m.connections, i)?.id).filter((id): id is string => id !== undefined)),
    ];
    const name = nextName(m, "group");
    const what = `${this.toString()} with ${ids.map((id) => connection(m, id)!.name).join(",")}`;
    const accepted =
      ids.every((id) => viewsConnection(m, this.who, id) && can(this.who, connection(m, id)!.policy, "resolver")) &&
      groupValid(this.integration, this.keys, membersOf(m, ids));
    const body = {
      data: {
        type: "connection_group",
        attributes: { name, integration_type: this.integration, tag_keys: this.keys, connections: ids },
      },
    };
    const res = await r.sys.send(this.who, "POST", GROUPS, body);
    agree(r, accepted, res, what);
    const hidden = ids.find((id) => !viewsConnection(m, this.who, id));
    if (hidden && ids.length === 1) await sameAsMissing(r, this.who, "POST", GROUPS, hidden, body, res, what);
    if (ok(res))
      m.groups.push({ id: res.body.data.id, name, integration: this.integration, keys: [...this.keys], members: ids });
    await finish(r, this.who, before, m, [res], what);
  }
  toString = () =>
    `${this.who}.createGroup(${this.integration}, [${this.keys.join(",")}], conns#[${this.members.join(",")}])`;
}

/** A write on one group: 404 when the caller may not view it, 403 when they may not edit it. */
abstract class GroupWrite implements Cmd {
  constructor(
    readonly who: Actor,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => m.groups.length > 0;
  abstract describe(): string;
  /** The request, whether the model accepts it given the caller may edit the group, and its effect. */
  abstract plan(
    m: Model,
    g: MGroup,
  ): {
    method: "PATCH" | "POST" | "DELETE";
    path: string;
    body?: unknown;
    accepted: boolean;
    effect: () => void;
    aboutHidden?: string;
  };
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const g = pick(m.groups, this.index)!;
    const what = `${this.toString()} on ${g.name}`;
    const plan = this.plan(m, g);
    const accepted = viewsGroup(m, this.who, g.id) && can(this.who, g.policy, "editor") && plan.accepted;
    const res = await r.sys.send(this.who, plan.method, plan.path, plan.body);
    agree(r, accepted, res, what);
    if (!viewsGroup(m, this.who, g.id))
      await sameAsMissing(r, this.who, plan.method, plan.path, g.id, plan.body, res, what);
    else if (plan.aboutHidden && can(this.who, g.policy, "editor"))
      await sameAsMissing(r, this.who, plan.method, plan.path, plan.aboutHidden, plan.body, res, what);
    if (ok(res)) plan.effect();
    await finish(r, this.who, before, m, [res], what);
  }
  toString = () => `${this.who}.${this.describe()}`;
}

export class AddMember extends GroupWrite {
  constructor(
    who: Actor,
    index: number,
    readonly member: number,
  ) {
    super(who, index);
  }
  check = (m: Readonly<Model>) => m.groups.length > 0 && m.connections.length > 0;
  describe = () => `addMember(group#${this.index}, conn#${this.member})`;
  plan(m: Model, g: MGroup) {
    const c = pick(m.connections, this.member)!;
    const visible = viewsConnection(m, this.who, c.id);
    const already = g.members.includes(c.id);
    // A group holding members the caller may not view takes no new member from them: whether it
    // fits would depend on the hidden members' values.
    const accepted =
      visible &&
      (already ||
        (can(this.who, c.policy, "resolver") &&
          !hidesMembers(m, this.who, g) &&
          groupValid(g.integration, g.keys, membersOf(m, [...g.members, c.id]))));
    return {
      method: "POST" as const,
      path: `${GROUPS}/${g.id}/relationships/connections`,
      body: relationship(c.id),
      accepted,
      effect: () => {
        if (!g.members.includes(c.id)) g.members.push(c.id);
      },
      aboutHidden: visible ? undefined : c.id,
    };
  }
}

export class RemoveMember extends GroupWrite {
  constructor(
    who: Actor,
    index: number,
    readonly member: number,
  ) {
    super(who, index);
  }
  check = (m: Readonly<Model>) =>
    m.groups.length > 0 && m.connections.some((c) => viewsConnection(m as Model, this.who, c.id));
  describe = () => `removeMember(group#${this.index}, member#${this.member})`;
  plan(m: Model, g: MGroup) {
    // Only members the caller may view: what removing a hidden one should do is not decided.
    const candidates = g.members.filter((id) => viewsConnection(m, this.who, id));
    const id =
      pick(candidates, this.member) ??
      pick(
        m.connections.filter((c) => viewsConnection(m, this.who, c.id)),
        this.member,
      )!.id;
    return {
      method: "DELETE" as const,
      path: `${GROUPS}/${g.id}/relationships/connections`,
      body: relationship(id),
      accepted: true,
      effect: () => {
        g.members = g.members.filter((x) => x !== id);
      },
    };
  }
}

export class RekeyGroup extends GroupWrite {
  constructor(
    who: Actor,
    index: number,
    readonly keys: string[],
  ) {
    super(who, index);
  }
  describe = () => `rekeyGroup(group#${this.index}, [${this.keys.join(",")}])`;
  plan(m: Model, g: MGroup) {
    return {
      method: "PATCH" as const,
      path: `${GROUPS}/${g.id}`,
      body: { data: { type: "connection_group", attributes: { tag_keys: this.keys } } },
      // Re-keying needs every member checked: refused when some are hidden from the caller.
      accepted:
        g.keys.join() === this.keys.join() ||
        (!hidesMembers(m, this.who, g) && groupValid(g.integration, this.keys, membersOf(m, g.members))),
      effect: () => {
        g.keys = [...this.keys];
      },
    };
  }
}

export class DeleteGroup extends GroupWrite {
  describe = () => `deleteGroup(group#${this.index})`;
  plan(m: Model, g: MGroup) {
    return {
      method: "DELETE" as const,
      path: `${GROUPS}/${g.id}`,
      accepted: true,
      effect: () => {
        m.groups.splice(m.groups.indexOf(g), 1);
      },
    };
  }
}

export class ResolveGroup implements Cmd {
  constructor(
    readonly who: Actor,
    readonly index: number,
    readonly values: Record<string, string>,
  ) {}
  check = (m: Readonly<Model>) => m.groups.length > 0;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const g = pick(m.groups, this.index)!;
    const what = `${this.toString()} on ${g.name}`;
    const query = g.keys.map((k) => `identifiers[${k}]=${this.values[k] ?? "prod"}`).join("&");
    const values = Object.fromEntries(g.keys.map((k) => [k, this.values[k] ?? "prod"]));
    const res = await r.sys.send(this.who, "GET", `${GROUPS}/${g.id}/resolve?${query}`);
    const selected = viewsGroup(m, this.who, g.id) ? selectFor(m, this.who, g, values) : undefined;
    const accepted = selected !== undefined && can(this.who, selected.policy, "resolver");
    agree(r, accepted, res, what);
    if (r.checks.has("agree") && accepted && res.body?.data?.id !== selected!.id)
      throw new Error(`${what}: resolved to ${res.body?.data?.id}, the model says ${selected!.name}`);
    // A hidden member with these values answers as no member: 404.
    if (r.checks.has("answers") && viewsGroup(m, this.who, g.id) && !selected && res.status !== 404) {
      throw new Error(
        `${what}: values no member ${this.who} may view has answered ${res.status} (not 404): ${JSON.stringify(res.body)}`,
      );
    }
    await finish(r, this.who, before, m, [res], what);
  }
  toString = () => `${this.who}.resolve(group#${this.index}, ${JSON.stringify(this.values)})`;
}
