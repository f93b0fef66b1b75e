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
# start NAME ARGS...: reskontrad on a fresh folder with its console; sets PID and URL.
start() {
  local name="$1"
  shift
  "$RESKONTRAD" --data_dir="$WORK/$name-data" --listen=127.0.0.1:0 --http_listen=127.0.0.1:0 --einvoice_dir=none \
    "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  PID=$!
  for _ in $(seq 300); do grep -q "console" "$WORK/$name.out" 2>/dev/null && break; sleep 0.1; done
  URL="$(grep -o 'https*://127.0.0.1:[0-9]*/' "$WORK/$name.out" | head -1)"
  [ -n "$URL" ] || { echo "reskontrad ($name) did not start its console"; cat "$WORK/$name.out" "$WORK/$name.err"; exit 1; }
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

start plain --http_request_max_bytes=1048576 --tokens_file="$WORK/tokens"
/usr/bin/python3 "$HERE/console_test.py" --url "$URL" --work "$WORK" ${SHOTS:+--screenshots "$SHOTS"}
stop

# With the gRPC port's certificate the console is HTTPS: the page and a login over TLS (the
# session cookie __Host- and Secure); with --tls_client_ca, no client certificate, no page.
TLS="$HERE/../data/tls"
start tls --tls_cert="$TLS/server.pem" --tls_key="$TLS/server.key" --tokens_file="$WORK/tokens"
/usr/bin/python3 - "$URL" "$TLS/ca.pem" <<'PY'
import json, ssl, sys, urllib.request
url, ca = sys.argv[1], sys.argv[2]
context = ssl.create_default_context(cafile=ca)
page = urllib.request.urlopen(url, context=context, timeout=30)
assert page.status == 200 and b'app.js' in page.read(), 'the page over HTTPS'
assert 'max-age' in page.headers.get('Strict-Transport-Security', ''), 'HSTS over HTTPS'
request = urllib.request.Request(url + 'api/session', data=json.dumps({'token': 'anna-token'}).encode(),
                                 headers={'Content-Type': 'application/json'})
answer = urllib.request.urlopen(request, context=context, timeout=30)
cookie = answer.headers.get('Set-Cookie', '')
assert cookie.startswith('__Host-reskontra_session=') and '; Secure' in cookie and 'HttpOnly' in cookie, cookie
print('web console over TLS: page, HSTS and a __Host- Secure session cookie')
PY
stop
start mtls --tls_cert="$TLS/server.pem" --tls_key="$TLS/server.key" --tls_client_ca="$TLS/ca.pem"
/usr/bin/python3 - "$URL" "$TLS" <<'PY'
import ssl, sys, urllib.request
url, tls = sys.argv[1], sys.argv[2]
context = ssl.create_default_context(cafile=f'{tls}/ca.pem')
try:
    urllib.request.urlopen(url, context=context, timeout=30)
    sys.exit('a client without a certificate got the page')
except (urllib.error.URLError, ssl.SSLError, ConnectionError):
    pass
context.load_cert_chain(f'{tls}/client.pem', f'{tls}/client.key')
assert urllib.request.urlopen(url, context=context, timeout=30).status == 200, 'a client with a certificate'
print('web console with a client CA: refused without a certificate, served with one')
PY
