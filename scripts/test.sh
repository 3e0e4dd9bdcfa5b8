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
# pybind11 and the python3 packages: the Release flavour builds the Python module and runs its
# pytest suite against scikit-learn, pandas, PyTorch and matplotlib (python/tests, examples).
scripts/deps.sh graphviz clang-format python3 libboost-mpi-dev openmpi-bin libopenmpi-dev \
  pybind11-dev python3-dev python3-pybind11 python3-numpy python3-pytest python3-sklearn \
  python3-pandas python3-torch python3-matplotlib
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
  # The Python module in Release only, against Debian's python3 (not a python3 earlier on PATH).
  # The sanitizer flavour is a unity build (batches of sources compiled together: half the
  # compile time, the same code under the sanitizers); Release compiles each file alone, which
  # catches a file that lacks an include.
  mpi=ON python=ON unity=OFF
  [ "$flavour" = asan ] && mpi=AUTO python=OFF unity=ON
  PRUNEKIT_BUILD_DIR=$dir PRUNEKIT_CMAKE_ARGS="-DPRUNEKIT_WERROR=ON -DPRUNEKIT_MPI=$mpi \
-DPRUNEKIT_PYTHON=$python -DPython3_EXECUTABLE=/usr/bin/python3 -DCMAKE_UNITY_BUILD=$unity" \
    scripts/build.sh "$flavour"
  echo "== $flavour tests" >&2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" --timeout 900
  if [ "$python" = ON ]; then
    echo "== $flavour python tests" >&2
    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$dir/python" /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests
  fi
done
