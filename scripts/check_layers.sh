#!/usr/bin/env bash
# Proves the layer order of DESIGN.md in the source: domain/ and base/ include no gRPC,
# RocksDB, Cap'n Proto or generated protobuf header; Cap'n Proto stays inside journal/;
# gRPC and protobuf stay in services/, cli/ and tests/.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
check() {  # check <description> <pattern> <dirs...>
  local what="$1" pattern="$2"
  shift 2
  local hits
  hits=$(grep -rnE "$pattern" "$@" --include='*.h' --include='*.cc' 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "layer violation: $what"
    echo "$hits"
    fail=1
  fi
}
check "domain/ and base/ must stay pure" '#include [<"](grpc|grpcpp|rocksdb|capnp|kj|google/protobuf|openssl)|\.pb\.h|\.capnp\.h' domain base
check "Cap'n Proto only inside journal/" '#include [<"](capnp|kj)/|\.capnp\.h' projections replay services cli bench
check "gRPC/protobuf only in services/, cli/ and tests/" '#include [<"](grpc|grpcpp|google/protobuf)|\.pb\.h' journal projections replay
check "the core of services/ has no gRPC" '#include [<"](grpc|grpcpp)|\.pb\.h' services/ledger_core.h services/ledger_core.cc
[ "$fail" = 0 ] && echo "layers OK"
exit "$fail"
