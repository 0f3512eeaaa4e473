/**
 * Minimal command sequences, run as regular tests against the real backend with the same model
 * and checks as model-based.test.ts: the shrunk counterexamples the properties found, and the
 * classes they stand for.
 */
import fc from "fast-check";
import { CreateConnection, DeleteConnection, PatchConnectionTags, RacingPatches } from "./commands-connections";
import { AddMember, CreateGroup, ResolveGroup, RekeyGroup } from "./commands-groups";
import { SetPolicy } from "./commands-policies";
import { Model, emptyModel } from "./model";
import { Check, Real, System, startSystem } from "./system";

type Cmd = fc.AsyncCommand<Model, Real>;

describe("backend model-based: kept counterexamples", function () {
  this.timeout(120_000);
  let sys: System;
  before(async () => (sys = await startSystem()));
  after(async () => sys?.close());

  async function replay(checks: Check[], cmds: Cmd[]): Promise<void> {
    await sys.reset();
    const real = { sys, checks: new Set(checks) };
    await fc.asyncModelRun(() => ({ model: emptyModel(), real }), cmds);
  }

  // A resolver pins a connection: bob adds alice's connection to his group and makes himself its
  // only editor; alice, the connection's editor, must still be able to delete and re-tag it.
  it("pinning: the connection's editor deletes a member of a group only someone else may edit", async () => {
    await replay(
      ["editor", "state"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new CreateGroup("bob", "AWS", ["env"], [0]),
        new SetPolicy("bob", true, 0, [["user:bob", "editor"]]),
        new DeleteConnection("alice", 0),
      ],
    );
  });
  it("pinning: the connection's editor re-tags a member out of a group only someone else may edit", async () => {
    await replay(
      ["editor", "state"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new CreateGroup("bob", "AWS", ["env"], [0]),
        new SetPolicy("bob", true, 0, [["user:bob", "editor"]]),
        new PatchConnectionTags("alice", 0, ["region:eu"]),
      ],
    );
  });

  // Hidden members: carol views the group but not its member.
  it("hidden members: a group viewer does not see the id of a member they may not view", async () => {
    await replay(
      ["views"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new CreateGroup("alice", "AWS", ["env"], [0]),
        new SetPolicy("alice", false, 0, [["user:alice", "editor"]]),
      ],
    );
  });
  it("hidden members: resolving a hidden member's values answers as for values no member has", async () => {
    await replay(
      ["answers"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new CreateGroup("alice", "AWS", ["env"], [0]),
        new SetPolicy("alice", false, 0, [["user:alice", "editor"]]),
        new ResolveGroup("carol", 0, { env: "prod", region: "prod" }),
      ],
    );
  });
  it("hidden members: adding a connection the caller may not view answers as for one that does not exist", async () => {
    await replay(
      ["answers"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new SetPolicy("alice", false, 0, [["user:alice", "editor"]]),
        new CreateGroup("carol", "AWS", ["env"], []),
        new AddMember("carol", 0, 0),
      ],
    );
  });
  it("hidden members: creating a group with a connection the caller may not view answers as for one that does not exist", async () => {
    await replay(
      ["answers"],
      [
        new CreateConnection("alice", "HTTP", []),
        new SetPolicy("bob", false, 0, [["user:bob", "editor"]]),
        new CreateGroup("alice", "AWS", ["env"], [0]),
      ],
    );
  });
  it("hidden members: deleting a connection never counts the hidden groups it is in", async () => {
    await replay(
      ["answers"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new CreateGroup("bob", "AWS", ["env"], [0]),
        new CreateGroup("bob", "AWS", ["env"], [0]),
        new SetPolicy("bob", true, 0, [["user:bob", "editor"]]),
        new SetPolicy("bob", true, 1, [["user:bob", "editor"]]),
        new DeleteConnection("alice", 0),
      ],
    );
  });

  it("hidden members: adding a hidden connection that is already a member answers as for one that does not exist (not 200)", async () => {
    await replay(
      ["agree"],
      [
        new CreateConnection("alice", "AWS", ["region:prod"]),
        new SetPolicy("bob", false, 0, [["user:bob", "editor"]]),
        new CreateGroup("bob", "AWS", ["region"], [0]),
        new AddMember("alice", 0, 0),
      ],
    );
  });

  // Held on both engines; kept so a regression shows as a named test.
  it("racing tag changes with one ETag: at most one is acknowledged, and it is the one stored", async () => {
    await replay(
      ["state", "agree"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new RacingPatches("alice", 0, ["env:dev"], ["region:eu"]),
        new RacingPatches("bob", 0, ["env:prod"], ["env:dev"]),
      ],
    );
  });
  it("a re-key a hidden member does not fit is refused without naming it", async () => {
    await replay(
      ["state", "answers", "agree"],
      [
        new CreateConnection("alice", "AWS", ["env:prod"]),
        new CreateGroup("alice", "AWS", ["env"], [0]),
        new SetPolicy("alice", false, 0, [["user:alice", "editor"]]),
        new RekeyGroup("carol", 0, ["region"]),
      ],
    );
  });
});
