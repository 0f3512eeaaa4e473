/**
 * What adopting an existing connection group changes, as the preview reports it: computed from
 * the live group and the program's declaration, members named, drops listed apart.
 */
import { strict as assert } from "node:assert";
import { UNKNOWN } from "pulumi-workflow-connections-rules";
import { describeGroupPlan, groupAdoptionPlan, LiveGroup } from "../../provider/runtime/group-adoption-plan";
import { groupInputIssues } from "../../provider/checks/group";

const A = "0b0d5a4e-0000-4000-8000-00000000000a";
const B = "0b0d5a4e-0000-4000-8000-00000000000b";
const C = "0b0d5a4e-0000-4000-8000-00000000000c";
const names: Record<string, string> = { [A]: "aws-a", [B]: "aws-b", [C]: "aws-c" };
const nameOf = (id: string) => names[id] ?? id;

const live: LiveGroup = {
  id: "g-1",
  name: "AWS (by hand)",
  description: "made in the UI",
  integration: "AWS",
  identifierTags: ["account_id"],
  members: [A, B],
};

describe("group adoption plan: what adopting a group changes, before anything is written", () => {
  it("the same declaration changes nothing", () => {
    const plan = groupAdoptionPlan(
      live,
      {
        name: live.name,
        integration: "AWS",
        identifierTags: ["account_id"],
        members: [
          { id: A, name: "aws-a" },
          { id: B, name: "aws-b" },
        ],
      },
      nameOf,
    );
    assert.deepEqual([plan.changes, plan.added, plan.drops], [[], [], []]);
    assert.deepEqual(plan.staying, [A, B]);
    assert.match(
      describeGroupPlan("g-1", live.name, plan),
      /^adopting connection group g-1 \("AWS \(by hand\)"\) changes nothing/,
    );
  });

  it("name, description, tag keys; a new member added by name; a live member not declared is a drop, named", () => {
    const plan = groupAdoptionPlan(
      live,
      {
        name: "AWS accounts",
        description: "managed by Pulumi",
        integration: "AWS",
        identifierTags: ["account_id", "env"],
        members: [
          { id: A, name: "aws-a" },
          { id: UNKNOWN, name: "aws-new" },
        ],
      },
      nameOf,
    );
    assert.deepEqual(plan.changes, [
      'name: "AWS (by hand)" → "AWS accounts"',
      'description: "made in the UI" → "managed by Pulumi"',
      'tag keys: + "env"',
    ]);
    assert.deepEqual(plan.added, ["aws-new"]);
    assert.deepEqual(plan.drops, [{ id: B, name: "aws-b" }]);
    const text = describeGroupPlan("g-1", live.name, plan);
    assert.ok(text.includes('adds members: "aws-new"'), text);
    assert.ok(text.includes(`drops members (adoptDropsMissing): "aws-b" (${B})`), text);
  });

  it("a Connection of the program that adopts a live member keeps it (not a drop, not an addition); an undeclared description is kept", () => {
    const plan = groupAdoptionPlan(
      live,
      {
        name: live.name,
        integration: "AWS",
        identifierTags: ["account_id"],
        members: [
          { id: A, name: "aws-a" },
          { id: UNKNOWN, adoptId: B, name: "b-adopted" },
          { id: C, name: "aws-c" },
        ],
      },
      nameOf,
    );
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.added, ["aws-c"]);
    assert.deepEqual(plan.drops, []);
  });

  it("a member whose name is not known is shown by id; removed tag keys and another integration are changes", () => {
    const plan = groupAdoptionPlan(
      { ...live, members: ["f00"] },
      { name: live.name, integration: "HTTP", identifierTags: ["team"], members: [] },
      nameOf,
    );
    assert.deepEqual(plan.changes, ["integration: AWS → HTTP", 'tag keys: + "team", - "account_id"']);
    assert.match(describeGroupPlan("g-1", live.name, plan), /drops members \(adoptDropsMissing\): f00$/);
  });
});

describe("group inputs: adoptId, adoptDropsMissing, description", () => {
  const base = { name: "g", integration: "AWS", identifierTags: ["account_id"], members: [] };
  const messages = (extra: Record<string, unknown>) =>
    groupInputIssues({ ...base, ...extra }, []).map((i) => `${i.path.join(".")}: ${i.message}`);
  it("adoptDropsMissing only with adoptId, and only true/false or a list of names", () => {
    assert.deepEqual(messages({ adoptDropsMissing: true }), [
      "adoptDropsMissing: only applies with adoptId (it says which members adopting an existing group may drop from it)",
    ]);
    assert.match(
      messages({ adoptId: "g-1", adoptDropsMissing: [3] })[0],
      /^adoptDropsMissing: must be true, false, or a list/,
    );
    assert.deepEqual(messages({ adoptId: "g-1", adoptDropsMissing: ["aws-b"], description: "d" }), []);
  });
  it("adoptId must look like an id; description follows the rules' text rules", () => {
    assert.match(messages({ adoptId: "a/b" })[0], /^adoptId: "a\/b": must be the id of an existing connection group/);
    assert.equal(messages({ description: 5 }).length, 1);
    assert.match(messages({ description: 5 })[0], /^description: /);
  });
});
