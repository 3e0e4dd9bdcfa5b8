#!/usr/bin/python3
"""The Python module's predict against scikit-learn's, on the very same tree (bench/README.md).

    PYTHONPATH=<build>/python /usr/bin/python3 bench/python_predict_overhead.py [--repeats 9]

A scikit-learn DecisionTreeClassifier is fitted on make_classification data (100k rows, 20
features, seed 0), and prunekit.from_sklearn takes its tree, so both predict with the same
nodes. Timed side by side, alternating: predict on 1 row (the per-call overhead: checking and
converting the input, the call, the output) and on 100k rows (the tree walk). Medians of the
repeats; each repeat of the 1-row case is the mean of `--calls` calls.
"""
import argparse
import platform
import statistics
import time

import numpy as np
import sklearn
from sklearn.datasets import make_classification
from sklearn.tree import DecisionTreeClassifier

import prunekit


def seconds_per_call(predict, X, calls):
    start = time.perf_counter()
    for _ in range(calls):
        predict(X)
    return (time.perf_counter() - start) / calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--calls", type=int, default=2000, help="1-row calls per repeat")
    args = parser.parse_args()

    X, y = make_classification(n_samples=args.rows, n_features=20, n_informative=10,
                               n_classes=3, random_state=0)
    peer = DecisionTreeClassifier(random_state=0).fit(X, y)
    mine = prunekit.from_sklearn(peer)
    assert (mine.predict(X) == peer.predict(X)).all()

    cases = {"1 row": (X[:1], args.calls), "%d rows" % args.rows: (X, 1)}
    print("tree: %d nodes, depth %d; scikit-learn %s, prunekit %s, Python %s" % (
        peer.tree_.node_count, peer.get_depth(), sklearn.__version__, prunekit.__version__,
        platform.python_version()))
    print("| predict on | scikit-learn | prunekit | prunekit / scikit-learn |")
    print("|---|---:|---:|---:|")
    for case, (data, calls) in cases.items():
        times = {"sklearn": [], "prunekit": []}
        seconds_per_call(peer.predict, data, calls)  # warm up both
        seconds_per_call(mine.predict, data, calls)
        for _ in range(args.repeats):
            times["sklearn"].append(seconds_per_call(peer.predict, data, calls))
            times["prunekit"].append(seconds_per_call(mine.predict, data, calls))
        peer_s, mine_s = (statistics.median(times[k]) for k in ("sklearn", "prunekit"))
        unit, scale = ("us", 1e6) if calls > 1 else ("ms", 1e3)
        print("| %s | %.1f %s | %.1f %s | %.2f |" % (case, peer_s * scale, unit, mine_s * scale,
                                                    unit, mine_s / peer_s))


if __name__ == "__main__":
    main()
