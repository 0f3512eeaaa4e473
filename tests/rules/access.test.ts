/** The access rules (rules/restriction-policy.ts): what preview and the backend's policy endpoint both enforce. */
import assert from "node:assert/strict";
import {
  UNKNOWN,
  accessIssues,
  accessToBindings,
  bindingsIssues,
  bindingsToAccess,
  formatIssue,
  normalizeAccess,
  principalProblem,
  principalsOf,
  relationUnder,
} from "pulumi-workflow-connections-rules";
import { PREVIEW } from "pulumi-workflow-connections-rules/mode";

const messages = (issues: { path: (string | number)[]; message: string }[]) => issues.map(formatIssue);
const UUID = "3f9c2b1a-7d6e-4c5b-8a9f-0e1d2c3b4a59";

describe("rules: access", () => {
  it("principals: type:id with type user, role, team or org", () => {
    for (const ok of [
      "user:alice",
      "role:admin",
      "team:payments",
      "org:test-org",
      `team:${UUID}`,
      "user:ci@example.com",
    ])
      assert.equal(principalProblem(ok), undefined, ok);
    for (const bad of ["alice", "group:x", "user:", "role:a b", "team:a:b", ":x", "USER:x", ""])
      assert.ok(principalProblem(bad), bad);
    assert.match(principalProblem(42)!, /must be a string/);
  });

  it("on a Datadog site user, role and team ids are UUIDs; org ids are only checked to be ids", () => {
    assert.match(principalProblem("team:payments", { datadog: true })!, /Datadog team ids are UUIDs/);
    assert.equal(principalProblem(`team:${UUID}`, { datadog: true }), undefined);
    assert.equal(principalProblem("org:abc123", { datadog: true }), undefined);
  });

  it("relations per resource type: groups have no resolver; unknown keys are named", () => {
    assert.deepEqual(
      accessIssues("connection", { viewer: [], resolver: ["team:a"], editor: ["role:b"], allowSelfLockout: false }),
      [],
    );
    assert.deepEqual(messages(accessIssues("connection-group", { resolver: ["team:a"] })), [
      'access.resolver "resolver" is not a relation of connection groups (viewer, editor)',
    ]);
    assert.deepEqual(messages(accessIssues("connection", { owner: ["team:a"], allowSelfLockout: "yes" })), [
      'access.owner "owner" is not a relation of connections (viewer, resolver, editor)',
      "access.allowSelfLockout must be true or false",
    ]);
    assert.deepEqual(messages(accessIssues("connection", ["team:a"])), [
      "access must be an object like { viewer: [...], resolver: [...], editor: [...] }",
    ]);
    assert.deepEqual(messages(accessIssues("connection", { editor: "role:a" })), [
      "access.editor must be a list of principals",
    ]);
  });

  it("no principal twice in a relation (the same one in two relations is fine)", () => {
    assert.deepEqual(
      messages(accessIssues("connection", { editor: ["role:a", "user:b", "role:a"], viewer: ["role:a"] })),
      ['access.editor[2] "role:a" is listed twice (also editor[0])'],
    );
  });

  it("unknown values are skipped in PREVIEW mode only, known ones still checked", () => {
    assert.deepEqual(accessIssues("connection", UNKNOWN, {}, PREVIEW), []);
    assert.deepEqual(
      accessIssues("connection", { editor: UNKNOWN, resolver: [UNKNOWN, "bad"] }, {}, PREVIEW).map((i) => i.path),
      [["access", "resolver", 1]],
    );
    // Strict (the default, and the backend's): a sentinel is just a string that breaks the rules.
    assert.equal(accessIssues("connection", UNKNOWN).length, 1);
    assert.deepEqual(
      bindingsIssues("connection", [{ relation: "editor", principals: [UNKNOWN] }]).map((i) => i.path),
      [["bindings", 0, "principals", 0]],
    );
  });

  it("bindings on the wire: relation once, known relations, principals, no extra fields", () => {
    assert.deepEqual(bindingsIssues("connection", [{ relation: "editor", principals: ["user:a"] }]), []);
    const issues = bindingsIssues("connection-group", [
      { relation: "resolver", principals: ["user:a"] },
      { relation: "editor", principals: ["user:a", "user:a"] },
      { relation: "editor", principals: ["x"] },
      { principals: [], extra: 1 },
    ]);
    assert.deepEqual(messages(issues), [
      'bindings[0].relation "resolver" is not a relation of connection groups (viewer, editor)',
      'bindings[1].principals[1] "user:a" is listed twice (also principals[0])',
      'bindings[2].relation repeats relation "editor" (also bindings[1]); list each relation once',
      'bindings[2].principals[0] "x": a principal is type:id with type user, role, team, org (e.g. "team:<team id>")',
      "bindings[3].extra is not a field of a binding (relation, principals)",
      "bindings[3].relation is required (a string)",
      "bindings[3].principals must name at least one principal (leave the relation out instead)",
    ]);
  });

  it("normalizes: relation order, sorted unique principals, empty lists dropped; round-trips the wire", () => {
    const a = normalizeAccess({
      editor: ["role:b", "role:a"],
      viewer: [],
      resolver: ["team:x"],
      allowSelfLockout: true,
    });
    assert.deepEqual(a, { resolver: ["team:x"], editor: ["role:a", "role:b"] });
    assert.deepEqual(Object.keys(a!), ["resolver", "editor"]);
    assert.deepEqual(accessToBindings({ editor: ["role:b", "role:a"], resolver: ["team:x"] }), [
      { relation: "resolver", principals: ["team:x"] },
      { relation: "editor", principals: ["role:a", "role:b"] },
    ]);
    assert.deepEqual(
      bindingsToAccess([
        { relation: "editor", principals: ["role:b"] },
        { relation: "viewer", principals: ["org:o"] },
        { relation: "editor", principals: ["role:a"] },
      ]),
      { viewer: ["org:o"], editor: ["role:a", "role:b"] },
    );
    assert.deepEqual(
      bindingsToAccess([{ relation: "runner", principals: ["user:z"] }]),
      { runner: ["user:z"] },
      "unknown relations are kept, so drift in them shows",
    );
    assert.deepEqual(accessToBindings({}), []);
  });

  it("the relation someone has: the highest bound to any of their principals; no policy is editor", () => {
    const bob = principalsOf({ userId: "bob", roles: ["dev"], teams: ["payments"], orgId: "o" });
    assert.deepEqual(bob, ["user:bob", "role:dev", "team:payments", "org:o"]);
    assert.equal(relationUnder(bob, undefined), "editor");
    assert.equal(relationUnder(bob, []), "editor");
    assert.equal(relationUnder(bob, [{ relation: "editor", principals: ["user:alice"] }]), undefined);
    assert.equal(
      relationUnder(bob, [
        { relation: "viewer", principals: ["org:o"] },
        { relation: "resolver", principals: ["team:payments"] },
        { relation: "editor", principals: ["user:alice"] },
      ]),
      "resolver",
    );
  });
});
