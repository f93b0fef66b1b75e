#!/usr/bin/env bash
# The benchmark suite: Reskontra against PostgreSQL and against RocksDB's own db_bench, on the
# same machine and the same generated ledger, in one run. Prints a table of ours vs the
# baseline with their ratio; --size large also writes it to docs/BENCHMARKS.md.
#   bench/run.sh --size small     # 20 000 invoices, a few minutes (ctest -L bench runs this)
#   bench/run.sh --size large     # 1 000 000 invoices: the figures in docs/BENCHMARKS.md
#   bench/run.sh --invoices N     # any size; BENCH_DIR=... keeps the data for a look afterwards
# The micro-benchmarks of the journal: build/bench/journal_bench (Google Benchmark).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZE=small
INVOICES=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --invoices) INVOICES="$2"; shift 2 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$SIZE" in
  small) : "${INVOICES:=20000}"; CLIENT_SECONDS=5 ;;
  large) : "${INVOICES:=1000000}"; CLIENT_SECONDS=15 ;;
  *) echo "bench/run.sh: --size small|large" >&2; exit 2 ;;
esac

# What the comparison needs beyond the build: a PostgreSQL server and RocksDB's db_bench.
scripts/setup.sh
missing=()
for p in postgresql rocksdb-tools procps; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
scripts/build.sh reskontrad ledger_bench >/dev/null

WORK="${BENCH_DIR:-$(mktemp -d /tmp/reskontra-bench-XXXXXX)}"
mkdir -p "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then AS_PG=(runuser -u postgres --); chown -R postgres "$WORK" 2>/dev/null || true; fi
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  [ -z "${BENCH_DIR:-}" ] && rm -rf "$WORK"
}
trap cleanup EXIT
RESULTS="$WORK/results.txt"
: >"$RESULTS"
log() { echo "bench: $*" >&2; }
figure() { awk -v n="$1" '$1 == n { print $2 }' "$RESULTS" | tail -1; }

# --- Reskontra: a fresh server, the generated ledger through ExecuteStream ---
log "reskontrad on $WORK/data, $INVOICES invoices"
build/services/reskontrad --data_dir "$WORK/data" --listen 127.0.0.1:0 --http_listen none --demo=false >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
ADDR=$(sed -n 's/^reskontrad listening on \([^ ]*\) .*/\1/p' "$WORK/server.out")
[ -n "$ADDR" ] || { cat "$WORK/server.err" >&2; exit 1; }
B=build/bench/ledger_bench
# Both sides load the ledger without its monthly dunning runs (the SQL baseline has no dunning
# to run); one dunning run over the whole ledger is measured on its own below.
$B ingest --server "$ADDR" --invoices "$INVOICES" --dunning_runs=false | tee -a "$RESULTS"
RSS_MB=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status")
echo "server_rss_mb $RSS_MB MB" | tee -a "$RESULTS"
YEAR_BACK=$(date -d "2025-12-31 - 1 year" +%F)
$B queries --server "$ADDR" --date "$YEAR_BACK" | tee -a "$RESULTS"
$B clients --server "$ADDR" --clients 64 --seconds "$CLIENT_SECONDS" --customers "$((INVOICES / 8))" | tee -a "$RESULTS"
# The same 64 clients driven by gRPC's callback API (still one call outstanding each), which
# leaves more of the shared cores to the server; and both ways calling GetHead, which writes
# nothing: what this machine (client and server on the same 2 cores) allows any unary call.
$B clients --server "$ADDR" --clients 64 --seconds "$CLIENT_SECONDS" --customers "$((INVOICES / 8))" --callback --round 1 | tee -a "$RESULTS"
$B clients --server "$ADDR" --clients 64 --seconds "$CLIENT_SECONDS" --gethead | tee -a "$RESULTS"
$B clients --server "$ADDR" --clients 64 --seconds "$CLIENT_SECONDS" --gethead --callback | tee -a "$RESULTS"
$B runs --server "$ADDR" --date "$(date +%F)" | tee -a "$RESULTS"
kill "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
$B rebuild --data_dir "$WORK/data" | tee -a "$RESULTS"
RECORDS=$(awk '$1 == "rebuild_records_per_s" { split($4, a, "="); print a[2] }' "$RESULTS")
VALUE_SIZE=$(printf '%.0f' "$(figure record_bytes_avg)")

# --- PostgreSQL: a private server, fsync and synchronous_commit on ---
log "PostgreSQL ($PGBIN) on $WORK/pg"
mkdir -p "$WORK/pgsock"; [ ${#AS_PG[@]} -gt 0 ] && chown postgres "$WORK/pgsock"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -A trust -U bench >/dev/null
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start \
  -o "-p 55432 -k $WORK/pgsock -c listen_addresses='' -c fsync=on -c synchronous_commit=on -c shared_buffers=1GB -c work_mem=256MB -c max_connections=100" >/dev/null
"${AS_PG[@]}" "$PGBIN/createdb" -h "$WORK/pgsock" -p 55432 -U bench bench
PG="host=$WORK/pgsock port=55432 user=bench dbname=bench"
$B pg-ingest --pg "$PG" --invoices "$INVOICES" --dunning_runs=false | tee -a "$RESULTS"
$B pg-queries --pg "$PG" --date "$YEAR_BACK" | tee -a "$RESULTS"
$B pg-clients --pg "$PG" --clients 64 --seconds "$CLIENT_SECONDS" --customers "$((INVOICES / 8))" | tee -a "$RESULTS"
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null

# --- RocksDB's own limit: the same number of records of the same size ---
log "db_bench: $RECORDS records of $VALUE_SIZE bytes"
DBB="$WORK/dbbench"
db_bench --benchmarks=fillseq --sync=1 --batch_size=1000 --num="$RECORDS" --value_size="$VALUE_SIZE" --key_size=8 \
  --compression_type=lz4 --db="$DBB" 2>/dev/null | awk '/^fillseq/ { print "dbbench_fillseq_sync_ops_per_s", $5, "ops/s" }' | tee -a "$RESULTS"
db_bench --benchmarks=readseq --use_existing_db=1 --num="$RECORDS" --value_size="$VALUE_SIZE" --key_size=8 \
  --db="$DBB" 2>/dev/null | awk '/^readseq/ { print "dbbench_readseq_ops_per_s", $5, "ops/s" }' | tee -a "$RESULTS"

# --- The table ---
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
fmt() { awk -v a="$1" 'BEGIN { if (a >= 100) printf "%\047.0f", a; else printf "%.3f", a }'; }
row() { printf '| %s | %s | %s | %s | %s |\n' "$1" "$(fmt "$2")" "$3" "$4" "$5"; }
ING_REC=$(figure ingest_records_per_s); ING_CMD=$(figure ingest_commands_per_s)
PG_CMD=$(figure pg_ingest_commands_per_s); FILL=$(figure dbbench_fillseq_sync_ops_per_s)
CL=$(figure clients_commands_per_s); PGCL=$(figure pg_clients_commands_per_s)
CLCB=$(figure clients_commands_callback_per_s); GH=$(figure clients_gethead_per_s); GHCB=$(figure clients_gethead_callback_per_s)
REB=$(figure rebuild_records_per_s); READ=$(figure dbbench_readseq_ops_per_s)
SAL=$(figure saldolista_asof_seconds); PGSAL=$(figure pg_saldolista_asof_seconds)
KF=$(figure kundfordringar_asof_seconds); PGKF=$(figure pg_kundfordringar_asof_seconds)
TABLE=$(
  echo "| measure | Reskontra | baseline | ratio | target |"
  echo "|---|---|---|---|---|"
  row "durable batched ingest, records/s (ExecuteStream, 1000 commands a batch)" "$ING_REC" "db_bench fillseq --sync=1 --batch_size=1000: $(fmt "$FILL")" "$(ratio "$ING_REC" "$FILL")" "≥ 0.5"
  row "durable batched ingest, commands/s" "$ING_CMD" "PostgreSQL, one transaction a batch: $(fmt "$PG_CMD")" "$(ratio "$ING_CMD" "$PG_CMD")" "≥ 10"
  row "64 clients (a thread each), one command a call, commands/s" "$CL" "PostgreSQL, 64 connections, one transaction each: $(fmt "$PGCL")" "$(ratio "$CL" "$PGCL")" "≥ 20 000/s"
  row "64 clients (callback API), one command a call, commands/s" "$CLCB" "PostgreSQL, as above" "$(ratio "$CLCB" "$PGCL")" "≥ 20 000/s"
  row "64 clients (a thread each), GetHead, which writes nothing, calls/s" "$GH" "" "commands: $(ratio "$CL" "$GH") of it" ""
  row "64 clients (callback API), GetHead, calls/s: this machine's ceiling for any call" "$GHCB" "" "commands: $(ratio "$CLCB" "$GHCB") of it" ""
  row "full replay of the journal, records/s" "$REB" "db_bench readseq: $(fmt "$READ")" "$(ratio "$REB" "$READ")" "≥ 1 000 000/s, ≥ 0.3"
  row "saldolista on $YEAR_BACK (as-of), s" "$SAL" "SQL: $(fmt "$PGSAL") s" "$(ratio "$PGSAL" "$SAL") × faster" "< 2 s, ≥ 5 ×"
  row "kundfordringar on $YEAR_BACK (as-of), s" "$KF" "SQL: $(fmt "$PGKF") s" "$(ratio "$PGKF" "$KF") × faster" ""
  row "dunning run over the whole ledger, s" "$(figure dunning_run_seconds)" "" "" ""
  row "interest-invoice run over the whole ledger, s" "$(figure interest_run_seconds)" "" "" ""
  row "server peak RSS after ingest and queries, MB" "$RSS_MB" "" "" "< 1 536"
)
MACHINE="$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(df -T "$WORK" | awk 'NR == 2 { print $2 }') under $WORK"
echo
echo "$TABLE"
if [ "$SIZE" = large ]; then
  {
    echo "# Benchmarks"
    echo
    echo "Written by \`bench/run.sh --size large\` on $(date -u +%F); never edited by hand."
    echo
    echo "- Machine: $MACHINE"
    echo "- Ledger: $INVOICES invoices from \`bench/ledger_gen.h\` (seed 1, without its monthly dunning runs), $(figure ingest_commands) commands; with the 64 clients' invoices and the two runs, $RECORDS journal records of $VALUE_SIZE bytes on average"
    echo "- Baselines: PostgreSQL $("$PGBIN/postgres" --version | awk '{ print $3 }') (fsync, synchronous_commit on; schema and statements in \`bench/ledger_bench.cc\`), RocksDB db_bench $(dpkg-query -W -f='${Version}' rocksdb-tools) with the same record count and size"
    echo "- Ratios are of figures measured in this one run."
    echo
    echo "$TABLE"
    echo
    echo "Raw figures:"
    echo
    echo '```'
    cat "$RESULTS"
    echo '```'
  } >"$ROOT/docs/BENCHMARKS.md"
  log "wrote docs/BENCHMARKS.md"
fi
