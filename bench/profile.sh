#!/usr/bin/env bash
# Where the time goes (issue 28): perf profiles of the server during durable batched ingest and
# during the 64 callback clients, and of a full replay; the server's own CPU per command, and
# the share of the two cores the benchmark client takes.
#   bench/profile.sh                    # 100 000 invoices
#   bench/profile.sh --invoices 20000   # quicker
#   bench/profile.sh --write            # also writes the output to docs/PROFILE.md
# Prints each figure and the top of each profile (self time by symbol, and by thread); the
# perf data stays in $WORK (BENCH_DIR=... keeps it) for `perf report -i $WORK/ingest.perf`.
set -euo pipefail
cd "$(dirname "$0")/.."
INVOICES=100000
SECONDS_CLIENTS=10
WRITE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --invoices) INVOICES="$2"; shift 2 ;;
    --write) WRITE=1; shift ;;
    *) echo "bench/profile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v perf >/dev/null || {
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends linux-perf
}
scripts/build.sh reskontrad ledger_bench >/dev/null
WORK="${BENCH_DIR:-$(mktemp -d /tmp/reskontra-profile-XXXXXX)}"
mkdir -p "$WORK"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -z "${BENCH_DIR:-}" ] && rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "profile: $*" >&2; }
TICK=$(getconf CLK_TCK)
# A process's CPU seconds so far (user + system), from /proc.
cpu_of() { awk -v t="$TICK" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$1/stat"; }
# Self time by symbol, then by thread, of a perf data file.
# perf pads its columns to the terminal's width: squeeze them.
squeeze() { sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//' | cut -c1-150; }
top() {
  echo "--- $1: self time by symbol (top 25) ---"
  perf report -i "$2" --no-children --sort symbol --stdio -g none --percent-limit 0.7 2>/dev/null |
    grep -v '^#' | grep -v '^$' | squeeze | head -25
  echo "--- $1: by thread ---"
  perf report -i "$2" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | squeeze | head -8
  echo "--- $1: inclusive time, the server's own functions (top 25) ---"
  perf report -i "$2" --children --sort symbol --stdio -g none --percent-limit 2 2>/dev/null |
    grep -v '^#' | grep -v '^$' | grep -E 'reskontra|rocksdb::DBImpl::Write|WriteBatch|Sha256|capnp|grpc::|protobuf' | squeeze | head -25
}
# perf follows a process until stopped with SIGINT.
record() {  # record NAME PID
  perf record -F 999 -g -p "$2" -o "$WORK/$1.perf" >/dev/null 2>&1 &
  PERF_PID=$!
  sleep 0.5
}
stop_record() { kill -INT "$PERF_PID"; wait "$PERF_PID" || true; }

OUT="$WORK/profile.txt"
exec > >(tee "$OUT")
log "reskontrad on $WORK/data"
build/services/reskontrad --data_dir "$WORK/data" --listen 127.0.0.1:0 --http_listen none --demo=false \
  >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
ADDR=$(sed -n 's/^reskontrad listening on \([^ ]*\) .*/\1/p' "$WORK/server.out")
[ -n "$ADDR" ] || { cat "$WORK/server.err" >&2; exit 1; }
B=build/bench/ledger_bench

# Batched ingest: the server's CPU per command, and the client's.
record ingest "$SERVER_PID"
before=$(cpu_of "$SERVER_PID")
/usr/bin/time -f "client_cpu %U %S %e" -o "$WORK/client.time" \
  $B ingest --server "$ADDR" --invoices "$INVOICES" --dunning_runs=false | tee "$WORK/ingest.txt"
after=$(cpu_of "$SERVER_PID")
stop_record
COMMANDS=$(awk '$1 == "ingest_commands" { print $2 }' "$WORK/ingest.txt")
RECORDS=$(awk '$1 == "ingest_records" { print $2 }' "$WORK/ingest.txt")
WALL=$(awk '$1 == "ingest_seconds" { print $2 }' "$WORK/ingest.txt")
read -r _ CU CS CE <"$WORK/client.time"
awk -v b="$before" -v a="$after" -v c="$COMMANDS" -v r="$RECORDS" -v w="$WALL" -v cu="$CU" -v cs="$CS" 'BEGIN {
  printf "server_cpu_us_per_command %.1f us (%.1f per record)\n", (a - b) * 1e6 / c, (a - b) * 1e6 / r
  printf "server_cores_busy %.2f of 2 during ingest\n", (a - b) / w
  printf "client_cores_busy %.2f of 2 during ingest (the benchmark client: generating, encoding)\n", (cu + cs) / w
}' | tee -a "$WORK/ingest.txt"

# 64 clients, one command a call (callback API).
record clients "$SERVER_PID"
before=$(cpu_of "$SERVER_PID")
/usr/bin/time -f "client_cpu %U %S %e" -o "$WORK/clients.time" \
  $B clients --server "$ADDR" --clients 64 --seconds "$SECONDS_CLIENTS" --customers "$((INVOICES / 8))" --callback --round 1 |
  tee "$WORK/clients.txt"
after=$(cpu_of "$SERVER_PID")
stop_record
ACKED=$(awk '$1 == "clients_commands_callback_per_s" { for (i = 1; i <= NF; ++i) if ($i ~ /^acked=/) { split($i, a, "="); print a[2] } }' "$WORK/clients.txt")
read -r _ CU CS CE <"$WORK/clients.time"
awk -v b="$before" -v a="$after" -v c="$ACKED" -v w="$CE" -v cu="$CU" -v cs="$CS" 'BEGIN {
  printf "clients_server_cpu_us_per_command %.1f us\n", (a - b) * 1e6 / c
  printf "clients_server_cores_busy %.2f of 2\n", (a - b) / w
  printf "clients_client_cores_busy %.2f of 2\n", (cu + cs) / w
}' | tee -a "$WORK/clients.txt"
kill "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""

# Full replay of the stopped server's journal (the Scan alone, then the rebuild).
perf record -F 999 -g -o "$WORK/replay.perf" $B rebuild --data_dir "$WORK/data" 2>/dev/null | tee "$WORK/replay.txt"

echo
top "batched ingest (server)" "$WORK/ingest.perf"
echo
top "64 callback clients (server)" "$WORK/clients.perf"
echo
top "replay (ledger_bench rebuild: a scan, then the rebuild)" "$WORK/replay.perf"

if [ "$WRITE" = 1 ]; then
  exec >&2
  sleep 0.2  # tee has written everything
  {
    echo "# Where the time goes"
    echo
    echo "Written by \`bench/profile.sh --write\` on $(date -u +%F) ($INVOICES invoices; $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)); never edited by hand."
    echo "Profiles by perf (999 Hz, frame-pointer call graphs: the server is built without frame pointers,"
    echo "so the inclusive times of its own functions are partial; RocksDB's and the C library's are whole)."
    echo
    echo '```'
    grep -v '^profile: ' "$OUT"
    echo '```'
  } >docs/PROFILE.md
  log "wrote docs/PROFILE.md"
fi
