#!/usr/bin/env bash
# The Python example consumer (examples/python/consumer.py) against a real reskontrad with the
# demo ledger: a run stopped after 50 records and a second run resume without a gap or a
# duplicate and reach the head; a state file with a wrong hash is refused at the seam.
#   tests/python_consumer_test.sh RESKONTRAD CONSUMER
set -euo pipefail
RESKONTRAD="$1"
CONSUMER="$2"
WORK="$(mktemp -d)"
trap 'kill "$PID" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$RESKONTRAD" --data_dir="$WORK/data" --listen=127.0.0.1:0 --http_listen=none > "$WORK/server.out" 2> "$WORK/server.err" &
PID=$!
for _ in $(seq 100); do grep -q "listening" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
ADDR="$(grep -o '127.0.0.1:[0-9]*' "$WORK/server.out" | head -1)"
[ -n "$ADDR" ] || { echo "reskontrad did not start"; cat "$WORK/server.err"; exit 1; }
HEAD="$(grep -o 'head [0-9]*' "$WORK/server.out" | awk '{print $2}')"

"$CONSUMER" --server "$ADDR" --state "$WORK/state" --limit 50 > "$WORK/run1.out"
grep -q "consumed 50 records, now at position 50" "$WORK/run1.out" || { cat "$WORK/run1.out"; exit 1; }
"$CONSUMER" --server "$ADDR" --state "$WORK/state" > "$WORK/run2.out"
REST=$((HEAD - 50))
grep -q "consumed $REST records, now at position $HEAD .*chain OK" "$WORK/run2.out" || { cat "$WORK/run2.out"; exit 1; }
grep -q "InvoiceIssued" "$WORK/run2.out" || { cat "$WORK/run2.out"; exit 1; }

# A state file whose hash is not the ledger's record: refused at the first record.
echo "50 $(printf '%064d' 0)" > "$WORK/bad.state"
if "$CONSUMER" --server "$ADDR" --state "$WORK/bad.state" > "$WORK/run3.out" 2>&1; then
  echo "a wrong hash was accepted"; cat "$WORK/run3.out"; exit 1
fi
grep -q "chain broken at position 51" "$WORK/run3.out" || { cat "$WORK/run3.out"; exit 1; }
echo "python consumer: $HEAD records in two runs, chain OK; a wrong stored hash refused"
