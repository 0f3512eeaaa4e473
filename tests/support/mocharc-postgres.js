// Mocha config of the PostgreSQL pass (scripts/test.sh): the backend and client suites and the
// replica/fault suites in backend/tests/postgres. durability.test.ts is about PGlite's data directory
// (its lock, its files) and stays in the PGlite pass. Files named on the command line run alone
// (mocha would add them to a config's spec):
//   CONNECTIONS_TEST_DATABASE_URL=postgres://... npx mocha --config tests/support/mocharc-postgres.js backend/tests/postgres/faults.test.ts
const base = require("../../.mocharc.js");

const named = process.argv.slice(2).filter((a) => /\.test\.ts$/.test(a));
const spec = named.length ? named : ["backend/tests/**/*.test.ts", "tests/client/**/*.test.ts"];

module.exports = { ...base, spec, ignore: ["backend/tests/durability.test.ts"] };
