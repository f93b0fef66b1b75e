#!/usr/bin/env bash
# The long versions of the reliability tests (docs/RELIABILITY.md); CI runs the short ones.
#   scripts/soak.sh                 # 100 kills under load, 40 power losses, 10 min fuzzing per target
#   CRASH_ROUNDS=20 FUZZ_SECONDS=60 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh server_crash_test fault_test crash_test reskontrad
echo "== reskontrad SIGKILLed under gRPC load, ${CRASH_ROUNDS:-100} times"
CRASH_ROUNDS="${CRASH_ROUNDS:-100}" build/tests/server_crash_test
echo "== power losses and I/O faults under the core, ${POWER_ROUNDS:-40} times"
POWER_ROUNDS="${POWER_ROUNDS:-40}" build/tests/fault_test
echo "== the core SIGKILLed in a child process"
build/tests/crash_test
echo "== fuzzing every target for ${FUZZ_SECONDS:-600} s"
FUZZ_SECONDS="${FUZZ_SECONDS:-600}" scripts/fuzz.sh
