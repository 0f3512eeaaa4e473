#!/usr/bin/env bash
# The README's test command (`npm test`): build, make sure the Pulumi CLI is there, run every
# mocha suite, and finish with a plain "N passed, N failed" line (tests/support/summary-reporter).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
PULUMI_BIN_DIR="$(bash scripts/ensure-pulumi.sh | tail -n 1)"
export PULUMI_BIN_DIR
exec npx mocha "$@"
