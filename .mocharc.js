// Mocha runs the TypeScript tests through ts-node; the summary reporter ends the output with
// the plain "N passed, N failed" line CI reads.
module.exports = {
  require: ["ts-node/register"],
  extension: ["ts"],
  spec: ["tests/**/*.test.ts"],
  reporter: "tests/support/summary-reporter.js",
  timeout: 60000,
  exit: true,
};
