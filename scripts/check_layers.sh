#!/usr/bin/env bash
# Proves the layer order of DESIGN.md and the README's "Architecture" in the source:
#   base <- domain <- journal <- projections <- replay <- core <- {services, cli}
#   formats/ (file formats) and documents/ (the PDF renderer) beside the chain, on domain/ only;
#   client/ (the gRPC channel)
#   beside it, used by cli/, relay/ and services/ (a replica following its primary).
# Each room may include the project's headers of the rooms listed for it and no other; domain/,
# formats/ and base/ include no gRPC, RocksDB, Cap'n Proto or generated protobuf header;
# Cap'n Proto stays inside journal/; gRPC and protobuf stay out of the rooms below services/.
#   scripts/check_layers.sh            # the project's tree
#   scripts/check_layers.sh DIR        # another tree of the same layout (its own test uses it)
set -uo pipefail
root="${1:-$(dirname "$0")/..}"
cd "$root" || exit 2
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
# The project's rooms and the rooms each may include (besides itself). proto/ holds the
# generated Cap'n Proto header, which the Cap'n Proto rule below keeps inside journal/.
declare -A allowed=(
  [base]=""
  [domain]="base"
  [formats]="base domain"
  [documents]="base domain"
  [journal]="base domain proto"
  [projections]="base domain journal"
  [replay]="base domain journal projections"
  [core]="base domain journal projections replay"
  [client]="base"
  [services]="base domain formats documents journal projections replay core client proto web"
  [web]="base proto"
  [cli]="base domain journal client proto"
  [relay]="base domain journal client proto"
)
rooms="${!allowed[*]}"
for room in $rooms; do
  [ -d "$room" ] || continue
  others=""
  for r in $rooms; do
    [ "$r" = "$room" ] && continue
    case " ${allowed[$room]} " in *" $r "*) ;; *) others="$others|$r" ;; esac
  done
  [ -n "$others" ] && check "$room/ may include only: $room ${allowed[$room]}" \
    "#include \"(${others#|})/" "$room"
done
check "domain/, formats/, documents/ and base/ must stay pure" \
  '#include [<"](grpc|grpcpp|rocksdb|capnp|kj|google/protobuf|openssl)|\.pb\.h|\.capnp\.h' domain formats documents base
check "cairo, pango and qrencode only inside documents/" '#include [<"](cairo|pango|qrencode)' \
  base domain formats journal projections replay core services client cli relay web
check "the HTTP server only inside web/" '#include [<"]httplib' \
  base domain formats documents journal projections replay core services client cli relay
check "Cap'n Proto only inside journal/" '#include [<"](capnp|kj)/|\.capnp\.h' \
  projections replay core formats documents services client cli relay bench web
check "gRPC/protobuf only in services/, client/, cli/, relay/ and tests/" \
  '#include [<"](grpc|grpcpp|google/protobuf)|\.pb\.h' journal projections replay core formats documents
[ "$fail" = 0 ] && echo "layers OK"
exit "$fail"
