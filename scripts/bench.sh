#!/usr/bin/env bash
# `npm run bench`: build, make sure the Pulumi CLI is there, run the benchmarks (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

USAGE="usage: npm run bench [-- --help]
  npm run bench                      the full run: about 9 minutes on 2 cores (build and CLI check
                                     included; about 6 without the PostgreSQL server binaries)
  BENCH_QUICK=1 npm run bench        smoke run: N=10, 1 repetition, 1 s cells, about 1.5 minutes
  BENCH_ONLY=provider npm run bench  one part only: provider or backend
  BENCH_ONLY=noisy npm run bench     the noisy-neighbour cell and the 404 timing check (minutes)
  BENCH_ONLY=policy npm run bench    the policy pack's preview cost, with and without it
  BENCH_PLAN=200x5,1000x1            provider cells of your own (N x repetitions)
A full run writes bench/results/latest.json and the figures in bench/README.md; quick and
partial runs write to bench/results/tmp/. Interrupted (Ctrl-C), it removes its temporary
directories and stops the PostgreSQL cluster it started."
case "${1:-}" in
  -h | --help) echo "$USAGE"; exit 0 ;;
  "") ;;
  *) printf 'unknown argument "%s"\n%s\n' "$1" "$USAGE" >&2; exit 2 ;;
esac

start=$(date +%s)
npm run --silent build
PULUMI_BIN_DIR="$(bash scripts/ensure-pulumi.sh | tail -n 1)"
export PULUMI_BIN_DIR

# Every temporary directory of the run (workspaces, installs, data dirs, the PostgreSQL cluster)
# lives under one directory, removed however the run ends. On Ctrl-C the whole process group gets
# SIGINT: bench/run.ts exits through its exit handlers (which stop the cluster), then this trap runs.
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/connections-bench-XXXXXX")
# Traversable by others: as root, the PostgreSQL cluster in it runs as the OS user postgres.
chmod 711 "$BENCH_TMP"
trap 'rm -rf "$BENCH_TMP"' EXIT
trap 'exit 130' INT TERM
TMPDIR=$BENCH_TMP node -r ts-node/register/transpile-only bench/run.ts
echo "bench.sh: done in $(( $(date +%s) - start )) s (build and CLI check included)"
