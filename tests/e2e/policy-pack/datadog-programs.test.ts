/**
 * The policy pack through the real CLI, on programs that use @pulumi/datadog: a TypeScript
 * program (the real npm package) and a Pulumi YAML program, the same four mistakes in each.
 * The Datadog provider plugin is a test double (./datadog-double) that serves the real type
 * tokens and property names and logs what it is asked to create.
 */
import * as assert from "node:assert/strict";
import { clash, DatadogProgram, EXPECTED, Language, MISTAKES, violationBlock } from "./support";

/** Wrong on their own; aws-prod and aws-staging are also wrong together (same account_id). */
const WRONG = ["aws-prod", "aws-sandbox", "group-access"];

for (const language of ["typescript", "yaml"] as Language[]) {
  describe(`e2e: policy pack on a ${language} program using @pulumi/datadog`, function () {
    this.timeout(900_000);

    describe("with the four mistakes", () => {
      let program: DatadogProgram;
      before(async () => {
        program = new DatadogProgram(language);
        await program.init(MISTAKES);
      });
      after(() => program.cleanup());

      it("one preview lists every mistake under its resource, exits non-zero and writes nothing", async () => {
        const result = await program.withPack("preview");
        assert.notEqual(result.code, 0, result.output);
        for (const expected of EXPECTED) {
          const { policy } = expected;
          let { resource, message } = expected;
          if (expected.pair) {
            const [a, b] = expected.pair;
            ({ resource, message } = violationBlock(result.output, policy, clash(a, b).resource)
              ? clash(a, b)
              : clash(b, a));
          }
          const block = violationBlock(result.output, policy, resource);
          assert.ok(block, `no ${policy} violation under ${resource}:\n${result.output}`);
          assert.ok(block.includes(message), `under ${resource} expected:\n  ${message}\ngot:${block}`);
        }
        assert.equal((result.output.match(/\[mandatory\]/g) ?? []).length, EXPECTED.length, result.output);
        assert.deepEqual(program.creates(), []);
        assert.deepEqual(
          program.stateNames().filter((n) => WRONG.includes(n)),
          [],
        );
      });

      it("enforcement is per policy: advisory ones are listed and do not fail the preview", async () => {
        const levels = {
          "identifier-tags": "advisory",
          "connection-fields": "advisory",
          "declared-groups": "advisory",
          "connection-access": "disabled",
        };
        const result = await program.withPack("preview", program.packConfigWith(levels));
        assert.equal(result.code, 0, result.output);
        assert.equal((result.output.match(/\[advisory\]/g) ?? []).length, 3, result.output);
        assert.doesNotMatch(result.output, /\[mandatory\]|connection-access/);
      });

      it("up (no preview first) stops before writing anything wrong", async () => {
        const result = await program.withPack("up");
        assert.notEqual(result.code, 0, result.output);
        assert.match(result.output, /\[mandatory\]/);
        const created = program.creates().map((c) => c.name);
        assert.deepEqual(
          created.filter((n) => WRONG.includes(n)),
          [],
          `created: ${created.join(", ")}`,
        );
        assert.ok(!(created.includes("aws-prod") && created.includes("aws-staging")), `created: ${created.join(", ")}`);
        assert.deepEqual(
          program.stateNames().filter((n) => WRONG.includes(n)),
          [],
        );
      });
    });

    describe("fixed", () => {
      let program: DatadogProgram;
      before(async () => {
        program = new DatadogProgram(language);
        await program.init({});
      });
      after(() => program.cleanup());

      it("preview passes: a restriction policy whose connection id is unknown is no failure", async () => {
        const result = await program.withPack("preview");
        assert.equal(result.code, 0, result.output);
        assert.doesNotMatch(result.output, /\[mandatory\]|\[advisory\]|can't run policy/);
      });

      it("up creates every resource, the restriction policy with the connection's real id", async () => {
        const result = await program.withPack("up");
        assert.equal(result.code, 0, result.output);
        const creates = program.creates();
        assert.deepEqual(creates.map((c) => c.name).sort(), [
          "aws-prod",
          "aws-prod-access",
          "aws-sandbox",
          "aws-staging",
          "group-access",
          "orders-api",
        ]);
        const access = creates.find((c) => c.name === "aws-prod-access")!;
        assert.match(String(access.inputs.resourceId), /^connection:[0-9a-f-]{36}$/);
      });
    });

    describe("a mistake only known at up", () => {
      let program: DatadogProgram;
      before(async () => {
        program = new DatadogProgram(language);
        // "viewer" on a group is fine; "owner" is no relation of connections. The policy's
        // resourceId is `connection:<id of aws-prod>`, unknown until aws-prod exists.
        await program.init({ connectionRelation: "owner" });
      });
      after(() => program.cleanup());

      it("preview cannot tell yet and does not fail; up checks the real value before writing it", async () => {
        const preview = await program.withPack("preview");
        assert.equal(preview.code, 0, preview.output);
        const up = await program.withPack("up");
        assert.notEqual(up.code, 0, up.output);
        const block = violationBlock(
          up.output,
          "connection-access",
          "datadog:index/restrictionPolicy:RestrictionPolicy: aws-prod-access",
        );
        assert.ok(
          block?.includes(`bindings[0].relation "owner" is not a relation of connections (viewer, resolver, editor)`),
          up.output,
        );
        assert.ok(!program.creates().some((c) => c.name === "aws-prod-access"), "the policy was written");
      });
    });
  });
}
