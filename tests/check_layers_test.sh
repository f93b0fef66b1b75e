#!/usr/bin/env bash
# scripts/check_layers.sh must pass the tree and fail each kind of wrong include: a room
# reaching up or sideways (formats/ -> journal/, domain/ -> formats/, core/ -> services/), and
# a library where it may not be (gRPC in core/, RocksDB in formats/, Cap'n Proto in replay/).
set -uo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
check="$src/scripts/check_layers.sh"
"$check" "$src" >/dev/null || { echo "FAIL: the tree itself has a layer violation"; "$check" "$src"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
expect_violation() {  # <file> <include line>
  rm -rf "$tmp/tree" && mkdir -p "$tmp/tree"
  for d in base domain formats journal projections replay core client services cli relay; do
    cp -r "$src/$d" "$tmp/tree/" 2>/dev/null
  done
  printf '%s\n' "$2" >>"$tmp/tree/$1"
  if out=$("$check" "$tmp/tree" 2>&1); then
    echo "FAIL: '$2' in $1 passed the layer check"
    status=1
  elif ! grep -q "layer violation" <<<"$out"; then
    echo "FAIL: '$2' in $1: no violation named: $out"
    status=1
  fi
}
expect_violation formats/bgmax.cc '#include "journal/journal.h"'
expect_violation domain/decide.cc '#include "formats/bgmax.h"'
expect_violation core/ledger_core.cc '#include "services/ledger_service.h"'
expect_violation core/ledger_core.cc '#include <grpcpp/grpcpp.h>'
expect_violation formats/sie.cc '#include "rocksdb/db.h"'
expect_violation replay/export.cc '#include "capnp/message.h"'
expect_violation domain/state.cc '#include "core/ledger_core.h"'
expect_violation client/channel.cc '#include "domain/money.h"'
[ "$status" = 0 ] && echo "check_layers catches every wrong include"
exit "$status"
