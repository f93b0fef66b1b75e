#!/usr/bin/env bash
# Installs the Debian packages Reskontra needs to build, test and run, when any is missing.
# Idempotent: a machine that already has everything installs nothing.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git clang-format
  librocksdb-dev
  capnproto libcapnp-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev libcli11-dev libxlsxwriter-dev libpq-dev libgoogle-perftools-dev
  libxml2-dev libxml2-utils
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils libqrencode-dev zbar-tools
  nats-server libnats-dev python3-grpcio python3-protobuf
  tzdata clang libclang-rt-14-dev lld
  default-jre-headless libsaxonhe-java
  libcpp-httplib-dev chromium chromium-driver python3-selenium
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
