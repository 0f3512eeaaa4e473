#!/usr/bin/env bash
# The README's test command (`npm test`): build, make sure the Pulumi CLI is there, run every
# mocha suite on PGlite, then the backend and client suites (and the replica/fault tests in
# backend/tests/postgres) again on a PostgreSQL server, and finish with ONE plain "N passed, N failed"
# line for both passes (tests/support/summary-reporter.js writes each pass's counts to a file).
#
# The server: CONNECTIONS_TEST_DATABASE_URL when given (each test backend creates and drops a
# database of its own there); else a throwaway cluster (scripts/pg-cluster.sh) when the
# PostgreSQL server binaries are installed, stopped at the end whatever happens; else the
# PostgreSQL pass is skipped, and said so.
#
# `npm test -- FILE...` runs just those files, once, on the engine the environment selects.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
PULUMI_BIN_DIR="$(bash scripts/ensure-pulumi.sh | tail -n 1)"
export PULUMI_BIN_DIR
if [ "$#" -gt 0 ]; then exec npx mocha "$@"; fi

echo "== type-check the tests and the bench (tsconfig.tests.json)"
npx tsc -p tsconfig.tests.json

work="$(mktemp -d)"
cluster=""
cleanup() {
  if [ -n "$cluster" ]; then bash scripts/pg-cluster.sh stop "$cluster" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

status=0
server="${CONNECTIONS_TEST_DATABASE_URL:-}"
if [ -z "$server" ] && bash scripts/pg-cluster.sh available; then
  if cluster="$(bash scripts/pg-cluster.sh start | tail -n 1)"; then
    server="$(cat "$cluster/url")"
  else
    # The binaries are there but the cluster would not start: a failure, not a skip.
    echo "== could not start a PostgreSQL cluster (see above); the PostgreSQL pass counts as failed"
    cluster=""
    status=1
    export PG_RAN=1
  fi
fi

echo "== pass 1: every suite, backend on PGlite"
SUMMARY_FILE="$work/pglite.json" CONNECTIONS_TEST_DATABASE_URL="" npx mocha --ignore 'backend/tests/postgres/**' || status=1

if [ -n "$server" ]; then
  echo "== pass 2: backend and client suites, backend on PostgreSQL ($server)"
  export PG_RAN=1
  SUMMARY_FILE="$work/postgres.json" CONNECTIONS_TEST_DATABASE_URL="$server" npx mocha --config tests/support/mocharc-postgres.js || status=1
elif [ -n "${PG_RAN:-}" ]; then
  echo "== pass 2 FAILED: the PostgreSQL cluster did not start (above)"
else
  echo "== pass 2 SKIPPED: no CONNECTIONS_TEST_DATABASE_URL and no PostgreSQL server binaries (initdb, pg_ctl):"
  echo "   the PostgreSQL suites did not run"
fi

# One closing line for both passes. A pass that wrote no counts (mocha crashed) is a failure.
node -e '
  const fs = require("fs");
  let p = 0, f = 0, s = 0;
  for (const file of process.argv.slice(1)) {
    if (!fs.existsSync(file)) { if (!file.endsWith("postgres.json") || process.env.PG_RAN) f++; continue; }
    const c = JSON.parse(fs.readFileSync(file, "utf8"));
    p += c.passes; f += c.failures; s += c.pending;
  }
  console.log(`${p} passed, ${f} failed${s ? `, ${s} skipped` : ""}`);
' "$work/pglite.json" "$work/postgres.json"
exit "$status"
