// Mocha config of `npm run test:unit`: the fast tests for the inner loop. They need neither the
// Pulumi CLI nor a build nor a backend: the rules, the provider runtime against scripted HTTP
// servers, and the client against scripted servers. The suites that start a backend are left
// out here, and tests/support/backend.ts refuses to start one while CONNECTIONS_UNIT_TESTS is
// set, so a unit test that starts one fails instead of slowing this command down.
// `npm test` still runs every suite, these included.
const base = require("../../.mocharc.js");

process.env.CONNECTIONS_UNIT_TESTS = "1";
const named = process.argv.slice(2).filter((a) => /\.test\.ts$/.test(a));
const spec = named.length
  ? named
  : ["tests/rules/**/*.test.ts", "tests/provider/**/*.test.ts", "tests/client/**/*.test.ts"];

module.exports = {
  ...base,
  // Transpile only, for speed: `npm run build` and `npm run lint` type-check.
  require: ["ts-node/register/transpile-only"],
  spec,
  ignore: [
    "tests/client/against-backend.test.ts",
    "tests/client/access-wire.test.ts",
    "tests/client/create-with-policy.test.ts",
    "tests/client/etag.test.ts",
    "tests/provider/etag.test.ts",
  ],
};
