#!/usr/bin/python3
"""Tabulates `prunekit run configs/trees_uci.json` against rpart and Weka J48 on the same folds.

Reads the run's summary.csv and the peers' per-fold results (shared/peers/results/b_rpart_*.json,
b_weka_*.json), and prints a Markdown table: test accuracy mean ± sd over the 25 folds and mean
leaves, for prunekit's CCP 1-SE against rpart cp=0 + 1-SE, and prunekit's C4.5 EBP against J48
(C = 0.25), with whether each target holds (accuracy within one sd of the peer's).

    /usr/bin/python3 tools/trees_uci_vs_peers.py out/trees_uci/summary.csv ../shared/peers/results
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


def main(summary, results):
    rows = {(r["dataset"], r["label"]): r for r in csv.DictReader(open(summary))}
    datasets = sorted({d for d, _ in rows})
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
    main(*sys.argv[1:3])
