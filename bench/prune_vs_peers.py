#!/usr/bin/python3
"""Tree-pruning speed side by side with the peers, on the same CSV files in one run.

1. The whole cost-complexity path of the fully grown Gini tree of 1M synthetic rows (80 % train):
   prunekit's cost_complexity_path against scikit-learn's pruning step alone
   (sklearn.tree._tree.ccp_pruning_path on the fitted tree_, as shared/peers measures it).
2. Choosing alpha by 10-fold cross-validation on 100k rows, fits included: prunekit (one tree
   per fold, the whole path scored; --jobs 1 and 2) against rpart(cp = 0, minsplit = 2,
   xval = 10), single-threaded.

Data: bench/data/synth_{100000,1000000}.csv from bench/tree_gen_synth.py (scikit-learn's
make_classification, exactly the peers' files). Usage, from the repository root after building
with -DPRUNEKIT_BUILD_BENCH=ON into build/bench:

    /usr/bin/python3 bench/prune_vs_peers.py [--repeats 5] [--skip-1m]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join("bench", "data")  # relative to ROOT (main() runs there): results record it so
BENCH = os.path.join(ROOT, "build", "bench", "bench", "prune_path_bench")
ENV = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")


def prunekit(csv, *extra):
    out = subprocess.run([BENCH, "--csv", csv, *extra], check=True, capture_output=True, text=True, env=ENV)
    return json.loads(out.stdout)


def sklearn_path(csv, repeats):
    import numpy as np
    from sklearn.tree import DecisionTreeClassifier
    from sklearn.tree._tree import ccp_pruning_path
    data = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float64)
    n_train = data.shape[0] * 8 // 10
    X, y = data[:n_train, :-1].astype(np.float32), data[:n_train, -1].astype(np.int64)
    clf = DecisionTreeClassifier(random_state=0).fit(X, y)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        path = ccp_pruning_path(clf.tree_)
        times.append(time.perf_counter() - t0)
    return {"leaves": int(clf.get_n_leaves()), "alphas": len(path["ccp_alphas"]),
            "path_seconds_median": statistics.median(times), "path_seconds": times}


RPART = r"""
suppressMessages(library(rpart))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); n <- (nrow(d) * 8) %/% 10; tr <- d[1:n, ]; tr$label <- factor(tr$label)
times <- c()
for (r in 1:as.integer(args[2])) {
  set.seed(0)
  t0 <- proc.time()[["elapsed"]]
  fit <- rpart(label ~ ., data = tr, method = "class", control = rpart.control(cp = 0, minsplit = 2, xval = 10))
  times <- c(times, proc.time()[["elapsed"]] - t0)
}
cat(sprintf('{"cv_seconds_median": %.6f, "cv_seconds": [%s], "leaves": %d}\n', median(times),
            paste(sprintf("%.6f", times), collapse = ", "), sum(fit$frame$var == "<leaf>")))
"""


def rpart_cv(csv, repeats):
    out = subprocess.run(["Rscript", "-e", RPART, csv, str(repeats)], check=True, capture_output=True,
                         text=True, env=ENV)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cv-repeats", type=int, default=3)
    parser.add_argument("--skip-1m", action="store_true")
    args = parser.parse_args()
    os.chdir(ROOT)
    results = {}
    if not args.skip_1m:
        csv = os.path.join(DATA, "synth_1000000.csv")
        ours = prunekit(csv, "--repeats", str(args.repeats))
        theirs = sklearn_path(csv, args.repeats)
        results["path_1m"] = {"prunekit": ours, "sklearn": theirs,
                              "speedup": theirs["path_seconds_median"] / ours["path_seconds_median"]}
        print("1M-row tree: %d leaves / %d alphas (sklearn %d / %d); path %.4f s vs sklearn %.3f s: %.0fx"
              % (ours["leaves"], ours["alphas"], theirs["leaves"], theirs["alphas"],
                 ours["path_seconds_median"], theirs["path_seconds_median"], results["path_1m"]["speedup"]))
    csv = os.path.join(DATA, "synth_100000.csv")
    rp = rpart_cv(csv, args.cv_repeats)
    for jobs in (1, 2):
        ours = prunekit(csv, "--repeats", str(3 * args.cv_repeats), "--cv-folds", "10", "--jobs", str(jobs))
        results["cv_100k_jobs%d" % jobs] = {"prunekit": ours, "rpart": rp,
                                            "speedup": rp["cv_seconds_median"] / ours["cv_seconds_median"]}
        print("100k rows, 10-fold CV incl. fits, --jobs %d: %.2f s vs rpart %.2f s: %.2fx"
              % (jobs, ours["cv_seconds_median"], rp["cv_seconds_median"], results["cv_100k_jobs%d" % jobs]["speedup"]))
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "prune_vs_peers.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
