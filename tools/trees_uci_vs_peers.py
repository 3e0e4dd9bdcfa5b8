#!/usr/bin/python3
"""Tabulates `prunekit run configs/trees_uci.json` against scikit-learn, rpart and Weka J48 on the
same folds: first the unpruned tree against scikit-learn's (accuracy and leaves), then the
pruned trees.

Reads the run's summary.csv and the peers' per-fold results (shared/peers/results/b_rpart_*.json,
b_weka_*.json), and prints a Markdown table: test accuracy mean ± sd over the 25 folds and mean
leaves, for prunekit's CCP 1-SE against rpart cp=0 + 1-SE, and prunekit's C4.5 EBP against J48
(C = 0.25), with whether each target holds (accuracy within one sd of the peer's).

    /usr/bin/python3 tools/trees_uci_vs_peers.py out/trees_uci/summary.csv ../shared/peers/results

Both arguments are optional: the summary defaults to out/trees_uci/summary.csv and the peers'
results to $PRUNEKIT_PEERS/results ($PRUNEKIT_PEERS defaults to ../shared/peers).
"""
import csv
import json
import os
import statistics
import sys


def peer(results, tool, dataset, key):
    d = json.load(open(os.path.join(results, "b_%s_%s.json" % (tool, dataset))))
    acc = [f[key]["acc"] * 100 for f in d["folds"]]
    leaves = [f[key]["n_leaves"] for f in d["folds"]]
    return statistics.mean(acc), statistics.stdev(acc), statistics.mean(leaves)


def peer_leaves_sd(results, tool, dataset, key):
    d = json.load(open(os.path.join(results, "b_%s_%s.json" % (tool, dataset))))
    return statistics.stdev([f[key]["n_leaves"] for f in d["folds"]])


def unpruned_table(rows, datasets, results, label="none", column_label="unpruned, column order"):
    """prunekit's unpruned tree (feature_order random, and column) against scikit-learn's
    (b_sklearn_*.json "unpruned")."""
    print("| dataset | accuracy % prunekit | accuracy % scikit-learn | leaves prunekit | "
          "leaves scikit-learn | within one sd | accuracy %, column order |")
    print("|---|---|---|---|---|---|---|")
    column_ok = 0
    both = 0
    for d in datasets:
        r = rows.get((d, label))
        if r is None or not os.path.exists(os.path.join(results, "b_sklearn_%s.json" % d)):
            continue
        acc, sd = float(r["test_score_mean"]) * 100, float(r["test_score_sd"]) * 100
        leaves, leaves_sd = float(r["size_leaves_mean"]), float(r["size_leaves_sd"])
        pacc, psd, pleaves = peer(results, "sklearn", d, "unpruned")
        pleaves_sd = peer_leaves_sd(results, "sklearn", d, "unpruned")
        ok_acc = abs(acc - pacc) <= psd
        ok_leaves = abs(leaves - pleaves) <= pleaves_sd
        both += ok_acc and ok_leaves
        verdict = ("yes" if ok_acc and ok_leaves else
                   "accuracy only" if ok_acc else "leaves only" if ok_leaves else "no")
        c = rows.get((d, column_label))
        column = "-"
        if c is not None:
            cacc = float(c["test_score_mean"]) * 100
            column_ok += abs(cacc - pacc) <= psd
            column = "%.2f±%.2f" % (cacc, float(c["test_score_sd"]) * 100)
        print("| %s | %.2f±%.2f | %.2f±%.2f | %.1f±%.1f | %.1f±%.1f | %s | %s |"
              % (d, acc, sd, pacc, psd, leaves, leaves_sd, pleaves, pleaves_sd, verdict, column))
    print()
    print("- unpruned (feature_order random) vs scikit-learn: accuracy and leaves both within one "
          "of scikit-learn's sd on %d of %d datasets; column order: accuracy within one sd on %d"
          % (both, len(datasets), column_ok))
    print()


def tests_table(rows, datasets, labels=("CCP 1-SE", "C4.5 EBP")):
    """Each method's test-accuracy difference to the unpruned tree, with its paired tests."""
    print("| dataset | " + " | ".join("%s − unpruned (p t, p W)" % l for l in labels) + " |")
    print("|---" * (len(labels) + 1) + "|")
    units = set()
    for d in datasets:
        cells = []
        for label in labels:
            r = rows.get((d, label))
            if r is None or not r.get("t_test_p"):
                cells.append("-")
                continue
            units.add((r["units"], r["unit"], r["t_test"]))
            cells.append("%+.2f (%.3g, %.3g)" % (float(r["diff_vs_baseline"]) * 100,
                                                 float(r["t_test_p"]), float(r["wilcoxon_p"])))
        print("| %s | %s |" % (d, " | ".join(cells)))
    print()
    for n, unit, test in sorted(units):
        name = {"corrected_resampled_t": "the corrected resampled t-test (Nadeau and Bengio "
                                         "2003; Bouckaert and Frank 2004 for repeated k-fold)",
                "paired_t": "the paired t-test"}.get(test, test)
        print("- p t: %s over %s independent units (%ss, each the mean over its seeds); p W: the "
              "Wilcoxon signed-rank test over the same units" % (name, n, unit))
    print()


def main(summary, results):
    rows = {(r["dataset"], r["label"]): r for r in csv.DictReader(open(summary))}
    datasets = sorted({d for d, _ in rows})
    unpruned_table(rows, datasets, results)
    tests_table(rows, datasets)
    pairs = [("CCP 1-SE", "rpart", "cp0_1se"), ("CCP 1-SE, rpart growth", "rpart", "cp0_1se"),
             ("C4.5 EBP", "weka", "j48_default"), ("C4.5 EBP, J48 growth", "weka", "j48_default")]
    print("| dataset | " + " | ".join("%s vs %s" % (ours, tool) for ours, tool, _ in pairs) + " |")
    print("|---" * (len(pairs) + 1) + "|")
    totals = {p[0]: [0, 0, 0.0, 0.0] for p in pairs}  # within sd, datasets, our leaves, their leaves
    for d in datasets:
        cells = []
        for ours, tool, key in pairs:
            r = rows.get((d, ours))
            if r is None:
                cells.append("-")
                continue
            acc, sd = float(r["test_score_mean"]) * 100, float(r["test_score_sd"]) * 100
            leaves = float(r["size_leaves_mean"])
            pacc, psd, pleaves = peer(results, tool, d, key)
            ok = abs(acc - pacc) <= psd
            t = totals[ours]
            t[0] += ok
            t[1] += 1
            t[2] += leaves
            t[3] += pleaves
            cells.append("%.2f±%.2f (%.1f) / %.2f±%.2f (%.1f)%s" % (acc, sd, leaves, pacc, psd, pleaves,
                                                                  "" if ok else " ✗"))
        print("| %s | %s |" % (d, " | ".join(cells)))
    print()
    for ours, tool, _ in pairs:
        ok, n, leaves, pleaves = totals[ours]
        print("- %s vs %s: accuracy within one sd of the peer's on %d of %d datasets; mean leaves %.1f vs %.1f"
              % (ours, tool, ok, n, leaves / max(n, 1), pleaves / max(n, 1)))


if __name__ == "__main__":
    # The peers' folder: ../shared/peers from the project root, or $PRUNEKIT_PEERS.
    default_results = os.path.join(os.environ.get("PRUNEKIT_PEERS", "../shared/peers"), "results")
    main(sys.argv[1] if len(sys.argv) > 1 else "out/trees_uci/summary.csv",
         sys.argv[2] if len(sys.argv) > 2 else default_results)
