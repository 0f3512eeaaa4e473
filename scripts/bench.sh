#!/usr/bin/env bash
# `npm run bench`: build, make sure the Pulumi CLI is there, run the benchmarks (bench/README.md).
#   BENCH_QUICK=1 npm run bench     smoke run (N=10, 1 repetition, 1 s cells), about a minute
#   BENCH_ONLY=provider|backend     one part only
#   BENCH_ONLY=noisy                the noisy-neighbour cell and the 404 timing check only (a few minutes)
# A full run writes bench/results/latest.json and the figures in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
npm run --silent build
PULUMI_BIN_DIR="$(bash scripts/ensure-pulumi.sh | tail -n 1)"
export PULUMI_BIN_DIR
node -r ts-node/register/transpile-only bench/run.ts
echo "bench.sh: done in $(( $(date +%s) - start )) s (build and CLI check included)"
