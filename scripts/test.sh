#!/usr/bin/env bash
# The whole test suite, as CI runs it: a Release build and an AddressSanitizer +
# UndefinedBehaviorSanitizer build, each built with warnings as errors (in their own folders,
# build/test-release and build/test-asan, apart from a user's build) and run by ctest.
# Usage: scripts/test.sh [release|asan ...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."

# graphviz: the DOT rendering tests run `dot` (they skip without it). clang-format checks the
# house style (.clang-format) on every tracked C++ file first; python3 runs the size rules.
# libboost-mpi-dev, openmpi-bin: the Release flavour builds the CLI with MPI and runs the
# mpirun tests (tests/cli/cli_mpi_test.cpp).
scripts/deps.sh graphviz clang-format python3 libboost-mpi-dev openmpi-bin libopenmpi-dev
echo "== format" >&2
git ls-files -z '*.cpp' '*.hpp' '*.cpp.in' | xargs -0 clang-format --dry-run -Werror
# The library's size rules: no function over 80 lines, no source file over 500.
python3 tools/function_sizes.py lib
flavours=("$@")
[ ${#flavours[@]} -eq 0 ] && flavours=(release asan)
for flavour in "${flavours[@]}"; do
  case "$flavour" in
    release|asan) ;;
    *) echo "usage: scripts/test.sh [release|asan ...]" >&2; exit 2 ;;
  esac
  dir=build/test-$flavour
  echo "== $flavour build" >&2
  # MPI is required in Release; the sanitizer flavour builds the CLI without it (CMakeLists.txt
  # says why), which also tests that build.
  mpi=ON
  [ "$flavour" = asan ] && mpi=AUTO
  PRUNEKIT_BUILD_DIR=$dir PRUNEKIT_CMAKE_ARGS="-DPRUNEKIT_WERROR=ON -DPRUNEKIT_MPI=$mpi" \
    scripts/build.sh "$flavour"
  echo "== $flavour tests" >&2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 900
done
