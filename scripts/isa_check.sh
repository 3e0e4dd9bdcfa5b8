#!/usr/bin/env bash
# Compiles the library (no tests, nothing run) for instruction-set levels the main builds do not
# cover, with warnings as errors: a CPU newer than the build machine's must not break the build.
# The main builds compile for the x86-64 baseline; the consumer.add_subdirectory test covers
# x86-64-v3. A unity build (batches of sources compiled together): the same code and warnings in
# half the time. Usage: scripts/isa_check.sh [LEVEL ...]   (default: x86-64-v4); CXX picks the
# compiler.
set -euo pipefail
cd "$(dirname "$0")/.."

levels=("$@")
[ ${#levels[@]} -eq 0 ] && levels=(x86-64-v4)
for level in "${levels[@]}"; do
  dir=build/isa-$level
  echo "== library at -march=$level" >&2
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPRUNEKIT_WERROR=ON \
      "-DCMAKE_CXX_FLAGS=-march=$level" -DPRUNEKIT_BUILD_TESTS=OFF -DPRUNEKIT_BUILD_APPS=OFF \
      -DPRUNEKIT_INSTALL=OFF -DPRUNEKIT_PYTHON=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
  fi
  cmake --build "$dir" -j "$(nproc)" --target prunekit
done
