#!/usr/bin/env bash
# Configures (once) and builds Reskontra into build/ with Ninja and ccache.
#   scripts/build.sh                 # everything
#   scripts/build.sh reskontrad      # just some targets
# BUILD_DIR and CMAKE_ARGS may be set (e.g. CMAKE_ARGS=-DRESKONTRA_SANITIZE=ON BUILD_DIR=build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja ${CMAKE_ARGS:-}
fi
cmake --build "$BUILD_DIR" -- "$@"
