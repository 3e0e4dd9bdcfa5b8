#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan on the library too) and
# runs each for SECONDS (default 20) on top of its seed and regression corpus.
# Usage: scripts/fuzz.sh [seconds-per-target] [target ...]
# FUZZ_JOBS=N runs up to N targets at once (default 1); FUZZ_TIMEOUT=S is the seconds one input
# may take before it counts as a finding (default 10; CI gives 60, its machine is shared).
# Findings land in build/fuzz/findings/; the script exits 1 if any target found something.
# The library is a unity build here (batches of sources compiled together: half the time).
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift || true
all_targets=(fuzz_csv fuzz_csv_sidecar fuzz_arff fuzz_libsvm fuzz_idx fuzz_config fuzz_model
             fuzz_folds fuzz_sklearn)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

scripts/deps.sh clang libclang-rt-dev
dir=build/fuzz
flags="-O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined"
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=$flags" -DPRUNEKIT_FUZZ=ON -DPRUNEKIT_BUILD_TESTS=OFF \
    -DPRUNEKIT_BUILD_APPS=OFF -DPRUNEKIT_INSTALL=OFF -DPRUNEKIT_BLAS=OFF -DPRUNEKIT_PYTHON=OFF \
    -DCMAKE_UNITY_BUILD=ON >/dev/null
fi
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"

# Seeds: the checked-in corpus (tests/fuzz/corpus/<target>: hand-made seeds and every input
# that once failed) plus the bundled data and the test fixtures of each format.
seeds=$dir/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$dir/findings"
small_csvs=$(find datasets -name '*.csv' -size -100k | sort)
mkdir -p "$seeds/fuzz_csv" "$seeds/fuzz_csv_sidecar" "$seeds/fuzz_config" "$seeds/fuzz_folds" \
         "$seeds/fuzz_sklearn"
for csv in $small_csvs; do
  name=$(basename "$csv" .csv)
  cp "$csv" "$seeds/fuzz_csv/$name.csv"
  { cat "${csv%.csv}.json"; printf '\0'; cat "$csv"; } > "$seeds/fuzz_csv_sidecar/$name"
done
cp configs/*.json "$seeds/fuzz_config/"
cp tests/fixtures/*_folds.json "$seeds/fuzz_folds/"
cp tests/fixtures/sklearn_*_dump.json "$seeds/fuzz_sklearn/"

fuzz_one() {
  local target=$1 work=$dir/corpus/$1
  mkdir -p "$work" "$seeds/$target"
  local corpus=("$seeds/$target")
  [ -d "tests/fuzz/corpus/$target" ] && corpus=(tests/fuzz/corpus/$target "$seeds/$target")
  echo "== $target: ${seconds}s" >&2
  if ! nice -n 10 "$dir/tests/fuzz/$target" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" \
      -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
      -artifact_prefix="$dir/findings/$target-" "$work" "${corpus[@]}" \
      >"$dir/$target.log" 2>&1; then
    echo "!! $target found a failure: see $dir/$target.log and $dir/findings/" >&2
    tail -40 "$dir/$target.log" >&2
    return 1
  fi
  echo "ok $target: $(grep -E 'stat::number_of_executed_units' "$dir/$target.log" | tail -1)" >&2
}

status=0
jobs=${FUZZ_JOBS:-1}
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
exit $status
