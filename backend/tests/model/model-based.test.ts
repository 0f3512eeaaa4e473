/**
 * Model-based tests: random sequences of commands by alice, bob and carol over connections,
 * groups and restriction policies, run against the real backend (PGlite; PostgreSQL when
 * CONNECTIONS_TEST_DATABASE_URL is set) and compared after every step with the model
 * (model.ts). One property per invariant, so each reports on its own; a failure shrinks to a
 * minimal sequence (kept in regressions.test.ts once found).
 *
 * Bounded so the file takes about a minute per engine: each property's runs (up to 20 commands
 * each; more runs where the checks are cheap) times MODEL_RUNS_SCALE (default 1).
 * `MODEL_RUNS_SCALE=5 npx mocha tests/backend/model/model-based.test.ts` digs deeper;
 * `MODEL_SEED=<seed>` replays a reported run.
 */
import fc from "fast-check";
import { commandArbitraries } from "./commands";
import { emptyModel } from "./model";
import { Check, System, startSystem } from "./system";

const SCALE = Number(process.env.MODEL_RUNS_SCALE ?? 1);
const SEED = process.env.MODEL_SEED === undefined ? undefined : Number(process.env.MODEL_SEED);

async function property(sys: System, checks: Check[], runs: number): Promise<void> {
  const real = { sys, checks: new Set(checks) };
  await fc.assert(
    fc.asyncProperty(fc.commands(commandArbitraries(), { maxCommands: 20, size: "max" }), async (cmds) => {
      await sys.reset();
      await fc.asyncModelRun(() => ({ model: emptyModel(), real }), cmds);
    }),
    {
      numRuns: Math.max(1, Math.round(runs * SCALE)),
      seed: SEED,
      endOnFailure: false,
      interruptAfterTimeLimit: 120_000,
      markInterruptAsFailure: false,
    },
  );
}

describe("backend model-based: random command sequences against the model", function () {
  this.timeout(600_000);
  let sys: System;
  before(async () => (sys = await startSystem()));
  after(async () => sys?.close());

  it("every group stays valid and every acknowledged write is there (nothing lost, nothing extra), ETag races included", async () => {
    await property(sys, ["state"], 30);
  });

  it("a connection's editor can always change and delete it (refused only for a group they may edit)", async () => {
    await property(sys, ["editor"], 150);
  });

  it("no response lets a user learn an id, name or count they may not view; hidden members are invisible", async () => {
    await property(sys, ["views", "answers"], 30);
  });

  it("the backend accepts exactly the writes the model accepts", async () => {
    await property(sys, ["agree"], 150);
  });
});
