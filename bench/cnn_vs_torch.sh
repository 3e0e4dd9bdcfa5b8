#!/usr/bin/env bash
# LeNet-5 on Fashion-MNIST, one thread: prunekit (bench/cnn_bench.cpp) against PyTorch 1.13
# (the peer script ../shared/peers/scripts/torch_cnn.py, or $TORCH_CNN: oneDNN convolutions,
# OpenBLAS dense layers), in the same session, alternating, for each seed in SEEDS (default
# "0 1 2"), EPOCHS epochs each (default 1). Prints the medians side by side with the ratios
# (prunekit / torch: < 1 means prunekit is faster), also for the networks with half the filters
# of each conv layer removed by L1 norm, fine-tuned one epoch and compacted. CLOCK=cpu (default)
# times both with the thread's CPU time, CLOCK=wall with the wall clock. OpenBLAS's kernels are
# chosen for both by OPENBLAS_CORETYPE when set (see bench/README.md).
#
# Usage: bench/cnn_vs_torch.sh [build-dir]   (default build/bench, configured with
#   -DCMAKE_BUILD_TYPE=Release -DPRUNEKIT_BUILD_BENCH=ON)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/bench}
seeds=${SEEDS:-0 1 2}
epochs=${EPOCHS:-1}
clock=${CLOCK:-cpu}
torch_script=${TORCH_CNN:-${PRUNEKIT_SHARED:-../shared}/peers/scripts/torch_cnn.py}
bench="$build/bench/cnn_bench"
[ -x "$bench" ] || { echo "build $bench first (see bench/README.md)" >&2; exit 2; }
[ -f "$torch_script" ] || { echo "peer script $torch_script not found (set TORCH_CNN)" >&2; exit 2; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for s in $seeds; do
  echo "seed $s: torch" >&2
  # With CLOCK=cpu the peer's timer, time.perf_counter, becomes the thread's CPU time, as
  # prunekit's bench measures.
  /usr/bin/python3 - "$torch_script" --threads 1 --parts lenet5,latency --seeds "$s" \
    --epochs "$epochs" --ft-epochs 1 --lat-rounds 10 --lat-iters1 1000 --lat-iters256 100 \
    > "$out/torch_$s.json" 2> "$out/torch_$s.err" <<PYRUN
import runpy, sys, time
if "$clock" == "cpu":
    time.perf_counter = time.thread_time
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
PYRUN
  echo "seed $s: prunekit" >&2
  "$bench" --epochs "$epochs" --seed "$s" --clock "$clock" --iters1 1000 --iters256 100 \
    > "$out/prunekit_$s.json"
done
/usr/bin/python3 - "$out" $seeds <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2:]
T = [json.loads(open(f"{out}/torch_{s}.json").read().strip().splitlines()[-1]) for s in seeds]
P = [json.load(open(f"{out}/prunekit_{s}.json")) for s in seeds]
med = statistics.median
def mean_sd(v):
    return (statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.0)
print(f"torch {T[0]['versions']['torch']}, BLAS {T[0]['versions']['blas']}; seeds {' '.join(seeds)}, "
      f"{P[0]['epochs']} epoch(s) each, clock {P[0]['clock']}")
print("prunekit: " + P[0]["backend"].strip().replace("\n", "; "))
pe = med([t for p in P for t in p["epoch_s_all"]])
te = med([t for x in T for t in x["lenet5"]["runs"][0]["epoch_thread_cpu_s" if P[0]["clock"] == "thread_cpu" else "epoch_wall_s"]])
pa, ta = mean_sd([p["test_acc"] * 100 for p in P]), mean_sd([x["lenet5"]["runs"][0]["test_acc"] * 100 for x in T])
kind = "thread_cpu" if P[0]["clock"] == "thread_cpu" else "wall"
print(f"{'':34s} {'prunekit':>12s} {'torch':>12s} {'ratio':>7s}")
print(f"{'training epoch (s, median)':34s} {pe:12.2f} {te:12.2f} {pe / te:7.2f}")
print(f"{'test accuracy % (mean ± sd)':34s} {pa[0]:7.2f}±{pa[1]:4.2f} {ta[0]:7.2f}±{ta[1]:4.2f}")
for model in ("dense", "compact"):
    for b in ("b1", "b256"):
        p = med([x[f"{model}_{b}_us_median"] for x in P])
        t = med([x["latency"][model][f"{b}_{kind}_us_median"] for x in T])
        print(f"{model + ' inference ' + b + ' (us, median)':34s} {p:12.1f} {t:12.1f} {p / t:7.2f}")
for b in ("b1", "b256"):
    p = med([x[f"dense_{b}_us_median"] / x[f"compact_{b}_us_median"] for x in P])
    t = med([x["latency"]["speedup_compact_over_dense"][f"{b}_{kind}"] for x in T])
    print(f"{'compaction speed-up ' + b + ' (x)':34s} {p:12.2f} {t:12.2f}")
pf = mean_sd([x["filters_test_acc_after_ft"] * 100 for x in P])
print(f"{'filters 50 %, 1 ft epoch, acc %':34s} {pf[0]:7.2f}±{pf[1]:4.2f}   (torch: see its JSON)")
print(f"{'compacted multiply-adds / image':34s} {P[0]['filters_macs_per_image']:12d}")
PY
