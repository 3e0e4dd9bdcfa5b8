#!/usr/bin/python3
"""Golden DOT output of scikit-learn's export_graphviz for tests/tree/tree_dot_test.cpp.

Run from the project root: /usr/bin/python3 tools/golden/sklearn_export_graphviz.py
(Debian: python3-sklearn). Fits two small trees on bundled datasets and writes, for each, the
tree (tools/sklearn_tree_dump.py's format, which `prunekit import-sklearn` reads) and
export_graphviz's text with filled=True, to tests/data/sklearn_export_graphviz.json.
"""
import csv
import json
import os
import sys

import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_graphviz

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from sklearn_tree_dump import sklearn_tree_dump  # noqa: E402


def case(name, target, estimator):
    with open(os.path.join("datasets", name + ".csv")) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    t = header.index(target)
    features = [h for i, h in enumerate(header) if i != t]
    x = np.array([[float(v) for i, v in enumerate(r) if i != t] for r in rows])
    y = [r[t] for r in rows]
    if isinstance(estimator, DecisionTreeRegressor):
        y = [float(v) for v in y]
    estimator.fit(x, y)
    classes = [str(c) for c in estimator.classes_] if hasattr(estimator, "classes_") else None
    dot = export_graphviz(estimator, out_file=None, feature_names=features,
                          class_names=classes, filled=True)
    dump = sklearn_tree_dump(estimator)
    dump["feature_names_in_"] = features
    return {"dataset": name, "dump": dump, "dot_filled": dot}


golden = {
    "sklearn_version": __import__("sklearn").__version__,
    "classification": case("iris", "label", DecisionTreeClassifier(max_depth=3, random_state=0)),
    "regression": case("diabetes_regression", "target",
                       DecisionTreeRegressor(max_depth=2, random_state=0)),
}
with open("tests/data/sklearn_export_graphviz.json", "w") as out:
    json.dump(golden, out, indent=1)
    out.write("\n")
