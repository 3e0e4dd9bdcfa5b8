#!/usr/bin/python3
"""Golden values for prunekit's cost-complexity path: scikit-learn's own path on its own tree.

Fits a fully grown DecisionTree{Classifier,Regressor}(random_state=0) on a bundled dataset,
writes the tree (tools/sklearn_tree_dump.py format) and sklearn's
`cost_complexity_pruning_path` (ccp_alphas, impurities) to tests/data/sklearn_ccp_<name>.json.
The C++ test imports the tree and compares prunekit's path with these numbers; it does not
need scikit-learn.

    /usr/bin/python3 tools/sklearn_ccp_golden.py breast_cancer digits diabetes_regression
"""
import csv
import json
import os
import sys

import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sklearn_tree_dump import sklearn_tree_dump  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    side = json.load(open(os.path.join(ROOT, "datasets", name + ".json")))
    with open(os.path.join(ROOT, "datasets", name + ".csv")) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    target = header.index(side["target"])
    X = np.array([[float(v) for i, v in enumerate(r) if i != target] for r in rows], dtype=np.float32)
    y = [r[target] for r in rows]
    return side, X, y


def main(names):
    for name in names:
        side, X, y = load(name)
        if side["task"] == "classification":
            # prunekit numbers classes in sorted order (numerically when numeric), as sklearn does.
            classes = sorted(set(y), key=lambda v: (float(v), v) if v.replace('.', '', 1).isdigit() else (0, v))
            y = np.array([classes.index(v) for v in y])
            est = DecisionTreeClassifier(random_state=0)
        else:
            y = np.array([float(v) for v in y])
            est = DecisionTreeRegressor(random_state=0)
        est.fit(X, y)
        path = est.cost_complexity_pruning_path(X, y)
        out = {"dataset": name, "dump": sklearn_tree_dump(est),
               "ccp_alphas": path.ccp_alphas.tolist(), "impurities": path.impurities.tolist()}
        with open(os.path.join(ROOT, "tests", "data", "sklearn_ccp_%s.json" % name), "w") as f:
            json.dump(out, f)
        print(name, est.tree_.node_count, "nodes,", len(path.ccp_alphas), "alphas")


if __name__ == "__main__":
    main(sys.argv[1:] or ["breast_cancer", "digits", "diabetes_regression"])
