// Mocha runs the TypeScript tests through ts-node; the summary reporter ends the output with
// the plain "N passed, N failed" line CI reads.
// `npx mocha tests/x.test.ts` runs just the files named (mocha would add them to the default).
const named = process.argv.slice(2).filter((a) => /\.test\.ts$/.test(a));
module.exports = {
  require: ["ts-node/register"],
  extension: ["ts"],
  spec: named.length > 0 ? named : ["tests/**/*.test.ts", "backend/tests/**/*.test.ts"],
  reporter: "tests/support/summary-reporter.js",
  timeout: 60000,
  exit: true,
};
