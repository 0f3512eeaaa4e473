// Mocha's spec reporter, plus a closing plain line "N passed, N failed[, N skipped]" that CI
// reads (CI does not parse mocha's own summary). With SUMMARY_FILE set the counts are written
// there as JSON instead of printed: scripts/test.sh runs mocha twice (PGlite, then PostgreSQL)
// and prints one line for both.
const fs = require("node:fs");
const Mocha = require("mocha");
const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      if (process.env.SUMMARY_FILE) {
        fs.writeFileSync(
          process.env.SUMMARY_FILE,
          JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending }),
        );
        return;
      }
      const skipped = s.pending ? `, ${s.pending} skipped` : "";
      // After the spec reporter's epilogue, which mocha prints on the same event.
      process.nextTick(() => console.log(`${s.passes} passed, ${s.failures} failed${skipped}`));
    });
  }
}
module.exports = SummaryReporter;
