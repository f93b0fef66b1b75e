#!/usr/bin/env bash
# Installs what is missing, builds the server and the CLI, and starts reskontrad on its
# embedded default: RocksDB under ./data (the demo ledger is loaded when it is empty),
# gRPC on 127.0.0.1:50051 and the web console on http://127.0.0.1:8080/ (the line it prints
# names both). Extra arguments go to reskontrad.
#   scripts/run.sh
#   scripts/run.sh --data_dir=/var/lib/reskontra --listen=0.0.0.0:50051
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh reskontrad reskontra
echo "CLI: build/cli/reskontra --help   (e.g. build/cli/reskontra customer show 10001)" >&2
echo "Web console: the address after 'web console' below (default http://127.0.0.1:8080/)" >&2
exec build/services/reskontrad --data_dir=data "$@"
