#!/usr/bin/env bash
# Builds and runs the journal and command-path benchmarks; prints their table.
#   bench/run.sh                      # about 15 s
#   bench/run.sh --benchmark_min_time=3
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh journal_bench
exec build/bench/journal_bench --benchmark_min_time=1 "$@"
