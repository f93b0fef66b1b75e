#!/usr/bin/env bash
# Throughput of the downstream paths (issue 9), at a size: a ledger bulk-loaded with N invoices,
# then (a) reskontra-relay publishing the whole journal into a fresh JetStream stream on a local
# nats-server, and (b) a read replica (reskontrad --follow) catching up from empty. Both are
# timed from the process start until the last record is stored (JetStream's last sequence, the
# replica's head), and both streams are then checked record for record (positions, hash chain).
# The measurement code is the CatchUpThroughput tests of tests/relay_test.cc and
# tests/replica_test.cc, which CI runs at 20 000 invoices.
#   bench/downstream.sh [INVOICES]     (default 200000; needs a build: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"
echo "downstream throughput, $N bulk-loaded invoices ($(nproc) cores)"
RELAY_BENCH_INVOICES="$N" build/tests/relay_test --gtest_filter='*CatchUpThroughput*' 2>&1 | grep -E "catch-up|FAILED"
REPLICA_BENCH_INVOICES="$N" build/tests/replica_test --gtest_filter='*CatchUpThroughput*' 2>&1 | grep -E "catch-up|FAILED"
