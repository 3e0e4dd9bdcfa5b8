#!/usr/bin/env bash
# Installs the Debian 12 packages prunekit builds with, when any is missing.
# Usage: scripts/deps.sh [extra-package ...]
# As root it runs apt-get; otherwise it prints the exact command and exits 1.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config libeigen3-dev nlohmann-json3-dev
          libboost-program-options-dev libboost-iostreams-dev zlib1g-dev
          libgtest-dev libgmock-dev libopenblas-dev "$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "prunekit needs these Debian packages; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
