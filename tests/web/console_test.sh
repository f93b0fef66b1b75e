#!/usr/bin/env bash
# The web console end to end: a real reskontrad (demo ledger, API tokens) with its console, driven
# by Debian's chromium through python3-selenium (tests/web/console_test.py).
#   tests/web/console_test.sh RESKONTRAD [SCREENSHOT_DIR]
set -euo pipefail
RESKONTRAD="$1"
SHOTS="${2:-}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
token_line() { printf '%s %s %s %s\n' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)" "$2" "$3" "$4"; }
{
  token_line anna-token anna clerk 1
  token_line revisor-token revisor auditor '*'
  token_line bo-token bo clerk 2
  token_line cecilia-token cecilia clerk 1
  token_line admin-token admin admin '*'
} > "$WORK/tokens"
"$RESKONTRAD" --data_dir="$WORK/data" --listen=127.0.0.1:0 --http_listen=127.0.0.1:0 \
  --http_request_max_bytes=1048576 --tokens_file="$WORK/tokens" --einvoice_dir=none \
  > "$WORK/server.out" 2> "$WORK/server.err" &
PID=$!
for _ in $(seq 300); do grep -q "console" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
URL="$(grep -o 'http://127.0.0.1:[0-9]*/' "$WORK/server.out" | head -1)"
[ -n "$URL" ] || { echo "reskontrad did not start its console"; cat "$WORK/server.out" "$WORK/server.err"; exit 1; }
/usr/bin/python3 "$HERE/console_test.py" --url "$URL" --work "$WORK" ${SHOTS:+--screenshots "$SHOTS"}
