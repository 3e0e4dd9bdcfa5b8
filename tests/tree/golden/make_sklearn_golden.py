#!/usr/bin/python3
"""Golden files for tests/tree/sklearn_import_test.cpp, made once with scikit-learn.

Fits scikit-learn trees on two bundled datasets (read straight from datasets/*.csv, features in
file order, X cast to float32 as scikit-learn does), dumps them with tools/sklearn_tree_dump.py
and records scikit-learn's own predictions on every row. The C++ test imports the dumps and
must reproduce the predictions exactly, without needing scikit-learn.

Run from the repository root: /usr/bin/python3 tests/tree/golden/make_sklearn_golden.py
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from sklearn_tree_dump import sklearn_tree_dump  # noqa: E402

OUT = os.path.join(ROOT, "tests", "data")


def load(name):
    with open(os.path.join(ROOT, "datasets", name + ".json")) as f:
        target = json.load(f)["target"]
    with open(os.path.join(ROOT, "datasets", name + ".csv")) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    t = header.index(target)
    feats = [h for i, h in enumerate(header) if i != t]
    X = np.array([[float(v) for i, v in enumerate(r) if i != t] for r in body], dtype=np.float32)
    y = [r[t] for r in body]
    return feats, X, y


def write(name, est, feats, X, extra):
    dump = sklearn_tree_dump(est)
    dump["feature_names_in_"] = feats  # fitted on a bare array; name the columns here
    dump["sklearn_version"] = sklearn.__version__
    with open(os.path.join(OUT, f"sklearn_{name}_dump.json"), "w") as f:
        json.dump(dump, f)
    golden = {"sklearn_version": sklearn.__version__, "n_rows": int(X.shape[0]),
              "apply": est.apply(X).tolist(), **extra}
    with open(os.path.join(OUT, f"sklearn_{name}_predictions.json"), "w") as f:
        json.dump(golden, f)


def main():
    feats, X, y = load("breast_cancer")
    clf = DecisionTreeClassifier(random_state=0).fit(X, np.array(y))
    write("breast_cancer", clf, feats, X, {"predict": clf.predict(X).tolist(),
                                    "predict_proba": clf.predict_proba(X).tolist()})
    # An entropy tree grown best-first with class weights exercises weighted counts.
    clf2 = DecisionTreeClassifier(criterion="entropy", max_leaf_nodes=12, class_weight="balanced",
                                  random_state=0).fit(X, np.array(y))
    write("breast_cancer_entropy", clf2, feats, X, {"predict": clf2.predict(X).tolist(),
                                             "predict_proba": clf2.predict_proba(X).tolist()})
    feats, X, y = load("diabetes_regression")
    reg = DecisionTreeRegressor(min_samples_leaf=5, random_state=0).fit(X, np.array(y, dtype=float))
    write("diabetes_regression", reg, feats, X, {"predict": reg.predict(X).tolist()})


if __name__ == "__main__":
    main()
