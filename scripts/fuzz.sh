#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan) in build-fuzz/ and fuzzes each for a while,
# starting from fuzz/corpus/<target>. New inputs go to build-fuzz/corpus-<target>; crashes
# leave a crash-* file and fail the script.
#   scripts/fuzz.sh            # 60 s per target
#   FUZZ_SECONDS=600 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dpkg-query -W -f='${Status}' clang 2>/dev/null | grep -q "install ok installed" || {
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev
}
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
CC=clang CXX=clang++ BUILD_DIR=build-fuzz CMAKE_ARGS="-DRESKONTRA_FUZZ=ON" scripts/build.sh bgmax_fuzz camt_fuzz invoice_csv_fuzz ubl_invoice_fuzz record_fuzz decide_fuzz fields_fuzz
for target in bgmax camt invoice_csv ubl_invoice record decide fields; do
  mkdir -p "build-fuzz/corpus-$target"
  echo "fuzzing $target for $SECONDS_PER_TARGET s"
  (cd build-fuzz && ./fuzz/${target}_fuzz -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 \
     "corpus-$target" "../fuzz/corpus/$target")
done
