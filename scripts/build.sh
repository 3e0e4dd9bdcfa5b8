#!/usr/bin/env bash
# Configures (once) and builds one flavour of prunekit; incremental on later runs.
# Usage: scripts/build.sh release|asan
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-release}
case "$flavour" in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  # Debug keeps assertions (Eigen's included); -O1 -g1 compiles about twice as fast as -O2 -g
  # and still gives ASan's reports file and line.
  asan)    args=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DPRUNEKIT_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh release|asan" >&2; exit 2 ;;
esac
dir=build/$flavour
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DPRUNEKIT_WERROR=ON "${args[@]}" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)"
