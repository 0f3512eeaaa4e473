/**
 * The toolchain works end to end: a tiny TypeScript program with one dynamic resource goes
 * through the real CLI (preview, up, a second preview with no changes, destroy), and the state
 * file shows what really happened.
 */
import { strict as assert } from "node:assert";
import { PulumiWorkspace } from "../support/pulumi";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: "note-" + inputs.text.length, outs: { text: inputs.text, length: inputs.text.length } };
  },
};

class Note extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, text: string) {
    super(provider, name, { text, length: undefined }, {});
  }
}

const note = new Note("hello", "hello, pulumi");
export const length = note.length;
`;

describe("smoke: the real Pulumi CLI runs a dynamic resource", function () {
  this.timeout(300_000);
  const ws = new PulumiWorkspace("smoke");
  after(() => ws.cleanup());

  it("previews, creates, shows no changes, and destroys", async () => {
    ws.writeProgram({ "index.ts": PROGRAM });
    await ws.init();

    const preview = await ws.must(["preview"]);
    assert.match(preview.stdout, /\+ .*hello|create/i);

    await ws.must(["up", "--yes", "--skip-preview"]);
    const created = ws.state().resources.find((r) => r.urn.endsWith("::hello"));
    assert.ok(created, "the resource is in the state file after up");
    assert.equal(created.id, "note-13");
    assert.equal(created.outputs?.length, 13);

    const again = await ws.run(["preview", "--expect-no-changes"]);
    assert.equal(again.code, 0, `second preview should report no changes:\n${again.output}`);

    await ws.must(["destroy", "--yes", "--skip-preview"]);
    assert.equal(
      ws.state().resources.find((r) => r.urn.endsWith("::hello")),
      undefined,
      "destroy removed it from state",
    );
  });
});
