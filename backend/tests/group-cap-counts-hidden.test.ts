/**
 * The member cap counts every member, the ones the writer cannot view too. A group of exactly
 * MAX_GROUP_MEMBERS members, some of them hidden from its editor alice: every write of hers that
 * would add a member is a 400 naming connections and the cap (nothing written), before
 * anything else is judged, and one that lowers the count is allowed; the owner who sees every member never finds more than the cap.
 * Runs on PGlite, and on PostgreSQL with CONNECTIONS_TEST_DATABASE_URL (scripts/test.sh).
 */
import assert from "node:assert/strict";
import { GROUP_ATTRIBUTES, MAX_GROUP_MEMBERS } from "pulumi-workflow-connections-rules";
import type { Caller } from "../auth/authenticate";
import { createConnection } from "../domain/connections";
import { addGroupMembers, createGroup, getGroup, updateGroup } from "../domain/groups";
import { DomainFixture, awsAttributes, openDomain } from "./domain-fixture";

const HIDDEN = 3;

describe("backend: the member cap counts members the writer cannot view", function () {
  this.timeout(600_000);
  let fx: DomainFixture;
  let alice: Caller, bob: Caller;
  let group: string;
  let visible: string[];
  let extra: string;

  const ids = (view: unknown) =>
    (view as { attributes: Record<string, string[]> }).attributes[GROUP_ATTRIBUTES.members];

  before(async () => {
    fx = await openDomain();
    alice = fx.caller("alice");
    bob = fx.caller("bob");
    const make = async (i: number, owner: Caller, onlyOwner: boolean) => {
      const policy = onlyOwner
        ? {
            bindings: [{ relation: "editor" as const, principals: [`user:${owner.user.id}`] }],
            allowSelfLockout: false,
          }
        : undefined;
      const view = await createConnection(fx.ctx, owner, awsAttributes(`m${i}`, [`env:e${i}`]), policy);
      return (view as { id: string }).id;
    };
    const hidden: string[] = [];
    for (let i = 0; i < HIDDEN; i++) hidden.push(await make(i, bob, true));
    visible = [];
    for (let i = HIDDEN; i < MAX_GROUP_MEMBERS; i++) visible.push(await make(i, alice, false));
    extra = await make(MAX_GROUP_MEMBERS, alice, false);
    // bob, who sees every member, fills the group to the cap; everyone may edit the group.
    const attrs = {
      [GROUP_ATTRIBUTES.name]: "full",
      [GROUP_ATTRIBUTES.integration]: "AWS",
      [GROUP_ATTRIBUTES.identifierTags]: ["env"],
      [GROUP_ATTRIBUTES.members]: [...visible, ...hidden],
    };
    group = ((await createGroup(fx.ctx, bob, attrs)) as { id: string }).id;
  });
  after(async () => fx?.close());

  const rows: { title: string; write: () => Promise<unknown>; refused: boolean }[] = [
    {
      title: "PATCH the list she sees plus one",
      write: () => updateGroup(fx.ctx, alice, group, { [GROUP_ATTRIBUTES.members]: [...visible, extra] }),
      refused: true,
    },
    {
      title: "add one member (relationship endpoint)",
      write: () => addGroupMembers(fx.ctx, alice, group, [extra]),
      refused: true,
    },
    {
      title: "PATCH: one she sees taken out (the count drops)",
      write: () => updateGroup(fx.ctx, alice, group, { [GROUP_ATTRIBUTES.members]: visible.slice(1) }),
      refused: false,
    },
  ];
  for (const row of rows) {
    it(`${row.title}: ${row.refused ? "400, nothing written" : "allowed"}; the owner never sees more than ${MAX_GROUP_MEMBERS}`, async () => {
      const before = ids(await getGroup(fx.ctx, bob, group));
      let error: unknown;
      try {
        await row.write();
      } catch (err) {
        error = err;
      }
      const after = ids(await getGroup(fx.ctx, bob, group));
      assert.ok(after.length <= MAX_GROUP_MEMBERS, `the owner sees ${after.length} members`);
      if (!row.refused) return assert.equal(error, undefined);
      const problem = error as { status: number; problems: { detail: string; pointer?: string }[] };
      assert.equal(problem?.status, 400, String(error));
      assert.match(problem.problems[0].detail, new RegExp(`exceed ${MAX_GROUP_MEMBERS} members`));
      assert.equal(problem.problems[0].pointer, `/data/attributes/${GROUP_ATTRIBUTES.members}`);
      assert.doesNotMatch(problem.problems[0].detail, new RegExp(`\\b${HIDDEN}\\b`), "no hidden count");
      assert.deepEqual(after, before, "nothing written");
    });
  }
});
