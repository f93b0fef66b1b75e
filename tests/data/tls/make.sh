#!/usr/bin/env bash
# Regenerates the test certificates (valid for 100 years): a CA, a server certificate for
# localhost / 127.0.0.1, and a client certificate, all signed by the CA. Test use only.
set -euo pipefail
cd "$(dirname "$0")"
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=Reskontra test CA" \
  -keyout ca.key -out ca.pem
for who in server client; do
  openssl req -newkey rsa:2048 -nodes -subj "/CN=reskontra-test-$who" -keyout "$who.key" -out "$who.csr"
  printf "subjectAltName=DNS:localhost,IP:127.0.0.1\n" > "$who.ext"
  openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 36500 \
    -extfile "$who.ext" -out "$who.pem"
  rm "$who.csr" "$who.ext"
done
# A second CA whose certificates the server must not accept.
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=Someone else's CA" \
  -keyout other-ca.key -out other-ca.pem
openssl req -newkey rsa:2048 -nodes -subj "/CN=stranger" -keyout stranger.key -out stranger.csr
openssl x509 -req -in stranger.csr -CA other-ca.pem -CAkey other-ca.key -CAcreateserial -days 36500 -out stranger.pem
rm -f stranger.csr ./*.srl ca.key other-ca.key
