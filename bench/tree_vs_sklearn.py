#!/usr/bin/python3
"""prunekit's CART tree against scikit-learn (and rpart) on the same CSV files, in one run.

Data: make_classification, 20 features (bench/tree_gen_synth.py, the peers' generator), first
80 % of rows train, last 20 % test; a fully grown Gini tree. For each size N this runs
  - prunekit:  build/bench/bench/tree_fit_bench --csv FILE --repeats R
  - sklearn:   DecisionTreeClassifier(random_state=0).fit, in a fresh /usr/bin/python3 process
  - rpart:     rpart(cp=0, minsplit=2, xval=0), via Rscript, when installed (not at 1M rows)
and prints medians and ratios. Peak memory is the growth of the peak RSS during the first fit
(VmHWM after the fit minus VmRSS before it; the peak is reset through /proc/self/clear_refs
after the data is loaded), the same way for prunekit and sklearn.

Usage (from the repository root, after building with -DPRUNEKIT_BUILD_BENCH=ON):
  OMP_NUM_THREADS=1 /usr/bin/python3 bench/tree_vs_sklearn.py [--sizes 10000 100000 1000000]
      [--repeats 5 3 1] [--bin build/bench/bench/tree_fit_bench] [--out bench/results/tree_vs_sklearn.json]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def sklearn_worker(csv, repeats):
    """Runs in its own process: loads the CSV, fits and predicts, prints one JSON object."""
    import numpy as np
    import sklearn
    from sklearn.tree import DecisionTreeClassifier
    cache = csv[:-4] + ".npz"
    if os.path.exists(cache):
        z = np.load(cache)
        X, y = z["X"], z["y"]
    else:
        d = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float64)
        X, y = d[:, :-1].astype(np.float32), d[:, -1].astype(np.int64)
        np.savez(cache, X=X, y=y)
        del d
    n_train = int(round(0.8 * len(y)))
    Xtr, ytr = np.ascontiguousarray(X[:n_train]), y[:n_train]
    Xte, yte = np.ascontiguousarray(X[n_train:]), y[n_train:]
    del X, y
    fit_s = []
    out = {"sklearn_version": sklearn.__version__, "n_train": int(n_train)}
    for r in range(repeats):
        model = None
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before = status_kb("VmRSS")
        t0 = time.perf_counter()
        model = DecisionTreeClassifier(random_state=0).fit(Xtr, ytr)
        fit_s.append(time.perf_counter() - t0)
        if r == 0:
            out["peak_rss_growth_mb"] = (status_kb("VmHWM") - before) * 1024 / 1e6
    pred_s = []
    for _ in range(5):
        t0 = time.perf_counter()
        p = model.predict(Xte)
        pred_s.append(time.perf_counter() - t0)
    out.update(fit_s=fit_s, fit_s_median=statistics.median(fit_s),
               nodes=int(model.tree_.node_count), leaves=int(model.get_n_leaves()),
               depth=int(model.get_depth()),
               predict_ms=statistics.median(pred_s) * 1e3,
               predict_us_per_row=statistics.median(pred_s) * 1e6 / len(yte),
               test_accuracy=float((p == yte).mean()))
    print(json.dumps(out))


RPART = r"""
suppressMessages(library(rpart))
args <- commandArgs(TRUE)
d <- read.csv(args[1]); reps <- as.integer(args[2])
d$label <- factor(d$label)
n <- nrow(d); ntr <- round(0.8 * n)
tr <- d[1:ntr, ]; te <- d[(ntr + 1):n, ]
times <- c()
for (r in 1:reps) {
  set.seed(0)
  t0 <- proc.time()[["elapsed"]]
  m <- rpart(label ~ ., data = tr, method = "class",
             control = rpart.control(cp = 0, minsplit = 2, xval = 0))
  times <- c(times, proc.time()[["elapsed"]] - t0)
}
acc <- mean(predict(m, te, type = "class") == te$label)
cat(sprintf('{"fit_s": [%s], "fit_s_median": %.6f, "leaves": %d, "test_accuracy": %.6f, "rpart_version": "%s"}\n',
            paste(sprintf("%.6f", times), collapse = ", "), median(times),
            sum(m$frame$var == "<leaf>"), acc, as.character(packageVersion("rpart"))))
"""


def run_json(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{res.stderr}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000, 1000000])
    ap.add_argument("--repeats", type=int, nargs="+", default=[5, 3, 1],
                    help="repeats per size (the last value is reused)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "build/bench/bench/tree_fit_bench"))
    ap.add_argument("--data", default=os.path.join("bench", "data"), help="relative to the repository")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "tree_vs_sklearn.json"))
    ap.add_argument("--rpart-max-n", type=int, default=100000)
    ap.add_argument("--sklearn-worker", nargs=2, metavar=("CSV", "REPEATS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    a.bin, a.out = os.path.abspath(a.bin), os.path.abspath(a.out)
    os.chdir(ROOT)
    if a.sklearn_worker:
        sklearn_worker(a.sklearn_worker[0], int(a.sklearn_worker[1]))
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if not os.path.exists(a.bin):
        sys.exit(f"{a.bin} not found: configure with -DPRUNEKIT_BUILD_BENCH=ON and build tree_fit_bench")
    missing = [n for n in a.sizes if not os.path.exists(os.path.join(a.data, f"synth_{n}.csv"))]
    if missing:
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "tree_gen_synth.py"), "--out", a.data,
                        "--sizes", *map(str, missing)], check=True)
    have_r = shutil.which("Rscript") is not None and subprocess.run(
        ["Rscript", "-e", "library(rpart)"], capture_output=True).returncode == 0
    results = []
    for i, n in enumerate(a.sizes):
        reps = a.repeats[min(i, len(a.repeats) - 1)]
        csv = os.path.join(a.data, f"synth_{n}.csv")
        row = {"n": n, "repeats": reps}
        row["prunekit"] = run_json([a.bin, "--csv", csv, "--repeats", str(reps)])
        row["sklearn"] = run_json(["/usr/bin/python3", os.path.abspath(__file__),
                                   "--sklearn-worker", csv, str(reps)])
        if have_r and n <= a.rpart_max_n:
            row["rpart"] = run_json(["Rscript", "-e", RPART, csv, str(reps)])
        results.append(row)
        print(json.dumps(row), flush=True)

    print()
    print("| N (train) | prunekit fit s | sklearn fit s | ratio | rpart fit s | ratio | "
          "acc prunekit / sklearn | predict us/row prunekit / sklearn | peak RSS growth MB prunekit / sklearn | leaves prunekit / sklearn |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in results:
        p, s, r = row["prunekit"], row["sklearn"], row.get("rpart")
        rp = f"{r['fit_s_median']:.3f} | {p['fit_s_median'] / r['fit_s_median']:.3f}" if r else "- | -"
        print(f"| {row['n']} ({p['n_train']}) | {p['fit_s_median']:.3f} | {s['fit_s_median']:.3f} | "
              f"{p['fit_s_median'] / s['fit_s_median']:.3f} | {rp} | "
              f"{p['test_accuracy']:.4f} / {s['test_accuracy']:.4f} | "
              f"{p['predict_us_per_row']:.3f} / {s['predict_us_per_row']:.3f} | "
              f"{p['peak_rss_growth_mb']:.1f} / {s['peak_rss_growth_mb']:.1f} | "
              f"{p['leaves']} / {s['leaves']} |")
    for a_row, b_row in zip(results, results[1:]):
        f = b_row["n"] / a_row["n"]
        print(f"growth {a_row['n']} -> {b_row['n']} (x{f:g} rows): prunekit fit x"
              f"{b_row['prunekit']['fit_s_median'] / a_row['prunekit']['fit_s_median']:.1f}, sklearn x"
              f"{b_row['sklearn']['fit_s_median'] / a_row['sklearn']['fit_s_median']:.1f}")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(results, f, indent=1)
    print(f"\nwritten {a.out}")


if __name__ == "__main__":
    main()
