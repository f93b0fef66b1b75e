#!/usr/bin/env bash
# Installs what is missing, builds the server and the CLI, and starts reskontrad on its
# embedded default: RocksDB under ./data (the demo ledger is loaded when it is empty),
# listening on 127.0.0.1:50051. Extra arguments go to reskontrad.
#   scripts/run.sh
#   scripts/run.sh --data_dir=/var/lib/reskontra --listen=0.0.0.0:50051
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh reskontrad reskontra
echo "CLI: build/cli/reskontra --help   (e.g. build/cli/reskontra customer show 10001)" >&2
exec build/services/reskontrad --data_dir=data "$@"
