#!/usr/bin/env bash
# Configures (once, or again when PRUNEKIT_CMAKE_ARGS is given) and builds one flavour of
# prunekit; incremental on later runs.
# Usage: scripts/build.sh release|asan [TARGET ...]   (no target: everything)
#   release  build/release: Release (the CLI is build/release/apps/prunekit)
#   asan     build/asan: AddressSanitizer + UndefinedBehaviorSanitizer, Debug at -O1
# PRUNEKIT_BUILD_DIR overrides the folder, PRUNEKIT_CMAKE_ARGS adds configure arguments (the
# test script builds its own folders with warnings as errors this way). Every flavour compiles
# for the portable x86-64 baseline (docs/architecture.md, "Builds").
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-release}
[ $# -gt 0 ] && shift
case "$flavour" in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  # Debug keeps assertions (Eigen's included); -O1 -g1 compiles about twice as fast as -O2 -g
  # and still gives ASan's reports file and line.
  asan)    args=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DPRUNEKIT_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh release|asan [target ...]" >&2; exit 2 ;;
esac
read -r -a extra <<< "${PRUNEKIT_CMAKE_ARGS:-}"
dir=${PRUNEKIT_BUILD_DIR:-build/$flavour}
# Configure arguments given again are applied again: an existing folder follows them too.
if [ ! -f "$dir/build.ninja" ] || [ ${#extra[@]} -gt 0 ]; then
  cmake -S . -B "$dir" -G Ninja "${args[@]}" "${extra[@]}" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
