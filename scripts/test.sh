#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test. CI runs exactly this.
#   scripts/test.sh
# With SANITIZE=1 it builds and tests a second time under ASan + UBSan in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && ctest --output-on-failure --timeout 600 -j2)
if [ "${SANITIZE:-0}" = "1" ]; then
  BUILD_DIR=build-asan CMAKE_ARGS="-DRESKONTRA_SANITIZE=ON" scripts/build.sh
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure --timeout 900 -j2 -E journal_bench_smoke)
fi
