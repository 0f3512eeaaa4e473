// Mocha config of the PostgreSQL pass (scripts/test.sh): the backend and client suites and the
// replica/fault suites in tests/postgres. durability.test.ts is about PGlite's data directory
// (its lock, its files) and stays in the PGlite pass. MOCHA_SPEC (space-separated files)
// narrows it: mocha adds command-line files to a config's spec instead of replacing it.
const base = require("../../.mocharc.js");

const spec = process.env.MOCHA_SPEC
  ? process.env.MOCHA_SPEC.split(/\s+/).filter(Boolean)
  : ["tests/backend/**/*.test.ts", "tests/client/**/*.test.ts", "tests/postgres/**/*.test.ts"];

module.exports = { ...base, spec, ignore: ["tests/backend/durability.test.ts"] };
