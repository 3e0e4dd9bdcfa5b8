#!/usr/bin/env bash
# Configures (once) and builds one flavour of prunekit; incremental on later runs.
# Usage: scripts/build.sh FLAVOUR [TARGET ...]   (no target: everything the flavour has)
#   release       build/release: a user's Release build (the CLI is build/release/apps/prunekit)
#   test-release  build/test-release: Release with warnings as errors (scripts/test.sh, CI)
#   test-asan     build/test-asan: AddressSanitizer + UBSan, warnings as errors
# Every flavour compiles for the portable x86-64 baseline (see docs/architecture.md, "Builds").
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-release}
[ $# -gt 0 ] && shift
case "$flavour" in
  release)      args=(-DCMAKE_BUILD_TYPE=Release) ;;
  test-release) args=(-DCMAKE_BUILD_TYPE=Release -DPRUNEKIT_WERROR=ON) ;;
  # Debug keeps assertions (Eigen's included); -O1 -g1 compiles about twice as fast as -O2 -g
  # and still gives ASan's reports file and line.
  test-asan)    args=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
                      -DPRUNEKIT_SANITIZE=ON -DPRUNEKIT_WERROR=ON) ;;
  *) echo "usage: scripts/build.sh release|test-release|test-asan [target ...]" >&2; exit 2 ;;
esac
dir=build/$flavour
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
