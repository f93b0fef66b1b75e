#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test, then builds and runs the
# whole suite again under ASan + UBSan (build-asan/), then fuzzes each parser briefly
# (build-fuzz/). CI runs exactly this.
#   scripts/test.sh
#   QUICK=1 scripts/test.sh     # skip the sanitizer and fuzzing passes while iterating
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
(cd build && ctest --output-on-failure --timeout 600 -j2 -LE bench)
if [ "${QUICK:-0}" != "1" ]; then
  BUILD_DIR=build-asan CMAKE_ARGS="-DRESKONTRA_SANITIZE=ON" scripts/build.sh
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
     LSAN_OPTIONS="suppressions=$PWD/../tests/lsan.supp" \
     ctest --output-on-failure --timeout 900 -j2 -LE bench)
  # A short fuzzing run of every fuzz target (longer runs: FUZZ_SECONDS=600 scripts/fuzz.sh).
  FUZZ_SECONDS="${FUZZ_SECONDS:-15}" scripts/fuzz.sh
fi
