/** Commands on connections: create, change tags, delete, and two changes racing with one ETag. */
import type fc from "fast-check";
import type { ApiResponse } from "../../../tests/support/backend";
import {
  Actor,
  Integration,
  MConnection,
  MGroup,
  Model,
  can,
  changeEffects,
  nextName,
  viewsConnection,
  viewsGroup,
} from "./model";
import { CONNS, Real } from "./system";
import { agree, editorMay, finish, ok, pick, sameAsMissing, snapshot } from "./step";

type Cmd = fc.AsyncCommand<Model, Real>;

const integrationBody = (type: Integration) =>
  type === "AWS"
    ? { type: "AWS", credentials: { type: "AWSAssumeRole", account_id: "123456789012", role: "workflows" } }
    : {
        type: "HTTP",
        base_url: "https://api.example.com",
        credentials: { type: "HTTPTokenAuth", tokens: [{ name: "t", type: "SECRET", value: "s3cret" }] },
      };
const tagsBody = (tags: string[]) => ({ data: { type: "action_connection", attributes: { tags } } });

export class CreateConnection implements Cmd {
  constructor(
    readonly who: Actor,
    readonly integration: Integration,
    readonly tags: string[],
  ) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const name = nextName(m, "conn");
    const res = await r.sys.send(this.who, "POST", CONNS, {
      data: {
        type: "action_connection",
        attributes: { name, tags: this.tags, integration: integrationBody(this.integration) },
      },
    });
    agree(r, true, res, this.toString());
    if (ok(res))
      m.connections.push({ id: res.body.data.id, name, integration: this.integration, tags: [...this.tags] });
    await finish(r, this.who, before, m, [res], this.toString());
  }
  toString = () => `${this.who}.createConnection(${this.integration}, [${this.tags.join(",")}])`;
}

/** What the model says of `who` changing `c` into `after` (undefined: deleting it). */
function judge(m: Model, who: Actor, c: MConnection, after: MConnection | undefined) {
  const editor = can(who, c.policy, "editor");
  const { leaves, blocking } = changeEffects(m, who, c, after);
  const blocked = blocking.length > 0;
  return { editor, leaves, blocked, accepted: viewsConnection(m, who, c.id) && editor && !blocked };
}

/** Apply an acknowledged change or delete: the groups it leaves lose the member. */
function apply(m: Model, c: MConnection, after: MConnection | undefined, leaves: { id: string }[]) {
  for (const g of m.groups) if (leaves.some((b) => b.id === g.id)) g.members = g.members.filter((id) => id !== c.id);
  if (after) c.tags = [...after.tags];
  else m.connections.splice(m.connections.indexOf(c), 1);
}

/**
 * No silent drop: a change's answer names the groups it left that `who` may view, and says
 * whether it left others (never how many).
 */
function toldLeaving(r: Real, m: Model, who: Actor, leaves: MGroup[], res: ApiResponse, what: string) {
  if (!r.checks.has("answers") || !ok(res)) return;
  const seen = leaves.filter((g) => viewsGroup(m, who, g.id)).map((g) => g.id);
  const expected = leaves.length
    ? { left_groups: seen.sort(), left_groups_you_cannot_view: seen.length < leaves.length }
    : undefined;
  const meta = res.body?.meta;
  const told = meta && { ...meta, left_groups: [...(meta.left_groups ?? [])].sort() };
  if (JSON.stringify(told) !== JSON.stringify(expected))
    throw new Error(
      `${what}: the answer tells ${JSON.stringify(meta)} of the groups it left, the model says ${JSON.stringify(expected)}`,
    );
}

export class PatchConnectionTags implements Cmd {
  constructor(
    readonly who: Actor,
    readonly index: number,
    readonly tags: string[],
  ) {}
  check = (m: Readonly<Model>) => m.connections.length > 0;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const c = pick(m.connections, this.index)!;
    const what = `${this.toString()} on ${c.name}`;
    const after = { ...c, tags: [...this.tags] };
    const verdict = judge(m, this.who, c, after);
    const path = `${CONNS}/${c.id}`;
    const res = await r.sys.send(this.who, "PATCH", path, tagsBody(this.tags));
    agree(r, verdict.accepted, res, what);
    if (verdict.editor && viewsConnection(m, this.who, c.id)) editorMay(r, verdict.blocked, res, what);
    if (!viewsConnection(m, this.who, c.id))
      await sameAsMissing(r, this.who, "PATCH", path, c.id, tagsBody(this.tags), res, what);
    toldLeaving(r, m, this.who, verdict.leaves, res, what);
    if (ok(res)) apply(m, c, after, verdict.leaves);
    await finish(r, this.who, before, m, [res], what);
  }
  toString = () => `${this.who}.patchTags(conn#${this.index}, [${this.tags.join(",")}])`;
}

export class DeleteConnection implements Cmd {
  constructor(
    readonly who: Actor,
    readonly index: number,
  ) {}
  check = (m: Readonly<Model>) => m.connections.length > 0;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const c = pick(m.connections, this.index)!;
    const what = `${this.toString()} on ${c.name}`;
    const verdict = judge(m, this.who, c, undefined);
    const path = `${CONNS}/${c.id}`;
    const res = await r.sys.send(this.who, "DELETE", path);
    agree(r, verdict.accepted, res, what);
    if (verdict.editor && viewsConnection(m, this.who, c.id)) editorMay(r, verdict.blocked, res, what);
    if (!viewsConnection(m, this.who, c.id))
      await sameAsMissing(r, this.who, "DELETE", path, c.id, undefined, res, what);
    if (ok(res)) {
      apply(m, c, undefined, verdict.leaves);
      for (const g of m.groups) g.members = g.members.filter((id) => id !== c.id);
    }
    await finish(r, this.who, before, m, [res], what);
  }
  toString = () => `${this.who}.deleteConnection(conn#${this.index})`;
}

/**
 * Two tag changes sent at once with the ETag just read: at most one may be acknowledged (two
 * acknowledged writes from one version would mean one was silently lost), and it is the one stored.
 */
export class RacingPatches implements Cmd {
  constructor(
    readonly who: Actor,
    readonly index: number,
    readonly first: string[],
    readonly second: string[],
  ) {}
  check = (m: Readonly<Model>) => m.connections.length > 0;
  async run(m: Model, r: Real) {
    const before = snapshot(m);
    const c = pick(m.connections, this.index)!;
    const what = `${this.toString()} on ${c.name}`;
    const path = `${CONNS}/${c.id}`;
    const read = await r.sys.send(this.who, "GET", path);
    const responses = [read];
    if (ok(read)) {
      const headers = { "If-Match": read.headers.etag as string };
      const results = await Promise.all(
        [this.first, this.second].map((tags) => r.sys.send(this.who, "PATCH", path, tagsBody(tags), headers)),
      );
      responses.push(...results);
      const winners = results.filter(ok);
      if (r.checks.has("state") && winners.length > 1)
        throw new Error(
          `${what}: both writes from one ETag were acknowledged (${results.map((x) => x.status)}); one is lost`,
        );
      for (const loser of results.filter((x) => !ok(x))) {
        if (r.checks.has("state") && ![409, 412, 403].includes(loser.status))
          throw new Error(`${what}: unexpected ${loser.status} ${JSON.stringify(loser.body)}`);
      }
      if (winners.length === 1) {
        const tags = results[0] === winners[0] ? this.first : this.second;
        apply(m, c, { ...c, tags }, judge(m, this.who, c, { ...c, tags }).leaves);
      }
    }
    await finish(r, this.who, before, m, responses, what);
  }
  toString = () =>
    `${this.who}.racingPatches(conn#${this.index}, [${this.first.join(",")}] vs [${this.second.join(",")}])`;
}
