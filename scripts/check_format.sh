#!/usr/bin/env bash
# Fails when a C++ source is not formatted as .clang-format says. Fix with:
#   find base domain formats journal projections replay core client services cli relay tests bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
find base domain formats documents journal projections replay core client services cli relay tests bench fuzz -name '*.h' -o -name '*.cc' |
  xargs clang-format --dry-run -Werror
echo "format OK"
