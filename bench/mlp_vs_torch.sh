#!/usr/bin/env bash
# LeNet-300-100 on mnist10k, one thread: prunekit (bench/mlp_bench.cpp) against PyTorch 1.13
# with OpenBLAS (the peer script ../shared/peers/scripts/torch_mlp.py, or $TORCH_MLP), run in
# the same session, alternating, REPEATS times (default 3). Prints the medians side by side with
# the ratios (prunekit / torch: < 1 means prunekit is faster). CLOCK=cpu (default) times both
# with the thread's CPU time, CLOCK=wall with the wall clock; EPOCHS (default 20).
#
# COMPARE=DIR also runs DIR's mlp_bench in every round (e.g. a -DPRUNEKIT_NATIVE=ON build) and
# prints its figures beside the first build's, with their ratio.
#
# Usage: bench/mlp_vs_torch.sh [build-dir]   (build-dir default: build/bench, configured with
#   -DCMAKE_BUILD_TYPE=Release -DPRUNEKIT_BUILD_BENCH=ON)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/bench}
repeats=${REPEATS:-3}
epochs=${EPOCHS:-20}
clock=${CLOCK:-cpu}
torch_script=${TORCH_MLP:-${PRUNEKIT_SHARED:-../shared}/peers/scripts/torch_mlp.py}
bench="$build/bench/mlp_bench"
[ -x "$bench" ] || { echo "build $bench first (see bench/README.md)" >&2; exit 2; }
[ -f "$torch_script" ] || { echo "peer script $torch_script not found (set TORCH_MLP)" >&2; exit 2; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for r in $(seq 1 "$repeats"); do
  echo "run $r/$repeats: torch" >&2
  # With CLOCK=cpu (default) the peer's timer, time.perf_counter, is replaced by the thread's
  # CPU time, as prunekit's bench does: on a shared machine wall time also counts the time the
  # process waits for a core.
  /usr/bin/python3 - "$torch_script" --threads 1 --parts dense,latency --epochs "$epochs" \
    > "$out/torch_$r.json" 2> "$out/torch_$r.err" <<PYRUN
import runpy, sys, time
if "$clock" == "cpu":
    time.perf_counter = time.thread_time
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
PYRUN
  echo "run $r/$repeats: prunekit" >&2
  "$bench" --epochs "$epochs" --clock "$clock" --sweep "$([ "$r" = 1 ] && echo 1 || echo 0)" > "$out/prunekit_$r.json"
  if [ -n "${COMPARE:-}" ]; then
    echo "run $r/$repeats: prunekit ($COMPARE)" >&2
    "$COMPARE/bench/mlp_bench" --epochs "$epochs" --clock "$clock" --sweep 0 > "$out/compare_$r.json"
  fi
done
/usr/bin/python3 - "$out" "$repeats" "${COMPARE:-}" <<'PY'
import json, os, statistics, sys
out, repeats, compare = sys.argv[1], int(sys.argv[2]), sys.argv[3]
T = [json.loads(open(f"{out}/torch_{r}.json").read().strip().splitlines()[-1]) for r in range(1, repeats + 1)]
P = [json.load(open(f"{out}/prunekit_{r}.json")) for r in range(1, repeats + 1)]
med = statistics.median
print(f"torch {T[0]['versions']['torch']}, BLAS {T[0]['versions']['blas']}; {repeats} alternating runs, medians, clock {P[0]['clock']}")
print("prunekit: " + P[0].get("backend", "").strip().replace("\n", "; "))
rows = []
def row(name, p, t, unit):
    rows.append((name, p, t, unit))
row("training epoch", med(x["epoch_s_median"] for x in P), med(x["dense"]["epoch_s_median"] for x in T), "s")
row("test accuracy after %d epochs" % P[0]["epochs"], med(x["test_acc"] for x in P) * 100, med(x["dense"]["test_acc"] for x in T) * 100, "%")
for model in ("dense", "oneshot_90", "oneshot_98"):
    for b in ("b1", "b256"):
        tk = "dense"
        row(f"{model} dense engine {b}", med(x["latency"][model][f"dense_{b}_us_median"] for x in P),
            med(x["latency"][model][f"dense_{b}_us_median"] for x in T), "us")
        if model != "dense":
            row(f"{model} CSR {b}", med(x["latency"][model][f"csr_{b}_us_median"] for x in P),
                med(x["latency"][model][f"csr_{b}_us_median"] for x in T), "us")
for name, p, t, unit in rows:
    ratio = p / t if t else float("nan")
    print(f"{name:38s} prunekit {p:10.3f} {unit:3s} torch {t:10.3f} {unit:3s} ratio {ratio:6.3f}")
p90 = P[0]["latency"]["oneshot_90"]
print("CSR/dense weight bytes at 90%%: %.4f (int32 indices)" % p90["csr_over_dense_bytes"])
for b in ("b1", "b256"):
    print("own dense / own CSR at 90%% %s: %.2fx" % (b, med(x["latency"]["oneshot_90"][f"dense_{b}_us_median"] / x["latency"]["oneshot_90"][f"csr_{b}_us_median"] for x in P)))
print("compact engine, 50%% neurons removed, b256: %.1f us (dense engine on the same masks %.1f us)" %
      (med(x["latency"]["neurons_50"]["compact_b256_us_median"] for x in P), med(x["latency"]["neurons_50"]["dense_b256_us_median"] for x in P)))
print("GFLOP/s: training %.1f, dense inference b1 %.1f, b256 %.1f; single-core peak %.1f (AVX2 FMA at %.0f MHz)" % (
    med(x["train_gflops"] for x in P), med(x["dense_b1_gflops"] for x in P), med(x["dense_b256_gflops"] for x in P),
    P[0]["peak_gflops_avx2_fma"], P[0]["cpu_mhz"]))
if compare:
    C = [json.load(open(f"{out}/compare_{r}.json")) for r in range(1, repeats + 1)]
    print(f"\nthis build against {compare} (ratio < 1: this build faster)")
    pairs = [("training epoch (s)", lambda x: x["epoch_s_median"]), ("test accuracy", lambda x: x["test_acc"])]
    for model in ("dense", "oneshot_90"):
        for kind in ("dense", "csr") if model != "dense" else ("dense",):
            for b in ("b1", "b256"):
                pairs.append((f"{model} {kind} {b} (us)", lambda x, m=model, k=kind, b=b: x["latency"][m][f"{k}_{b}_us_median"]))
    for name, get in pairs:
        p, c = med(get(x) for x in P), med(get(x) for x in C)
        print(f"{name:38s} this {p:10.4f} compared {c:10.4f} ratio {p / c:6.3f}")
if "sweep" in P[0]:
    print("break-even sparsity (CSR faster than dense): batch 1: %s, batch 256: %s" % (P[0]["break_even_b1"], P[0]["break_even_b256"]))
    for s in P[0]["sweep"]:
        print("  sparsity %.2f: b1 dense %.1f csr %.1f us | b256 dense %.0f csr %.0f us" % (
            s["sparsity"], s["dense_b1_us"], s["csr_b1_us"], s["dense_b256_us"], s["csr_b256_us"]))
PY
