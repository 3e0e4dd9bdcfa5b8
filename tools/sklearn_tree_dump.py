#!/usr/bin/python3
"""Write a fitted scikit-learn decision tree as JSON that `prunekit import-sklearn` reads.

    from sklearn_tree_dump import sklearn_tree_dump
    json.dump(sklearn_tree_dump(fitted_tree), open("dump.json", "w"))

or from the command line, for a tree pickled with joblib:

    /usr/bin/python3 tools/sklearn_tree_dump.py model.joblib dump.json

Python's json writes floats with repr(), the shortest text that reads back as the same
float64, so thresholds survive exactly.
"""
import json
import sys


def sklearn_tree_dump(est):
    """The tree_ arrays of a fitted DecisionTreeClassifier/Regressor, plus what prunekit needs."""
    t = est.tree_
    return {
        "format": "sklearn-tree-dump",
        "estimator": type(est).__name__,
        "criterion": est.criterion,
        "n_features_in_": int(est.n_features_in_),
        "feature_names_in_": [str(f) for f in getattr(est, "feature_names_in_", [])] or None,
        "classes_": [c.item() if hasattr(c, "item") else c for c in est.classes_]
        if hasattr(est, "classes_") else None,
        "params": {k: v for k, v in est.get_params().items()
                   if isinstance(v, (int, float, str, bool, type(None)))},
        "tree_": {
            "children_left": t.children_left.tolist(),
            "children_right": t.children_right.tolist(),
            "feature": t.feature.tolist(),
            "threshold": t.threshold.tolist(),
            "impurity": t.impurity.tolist(),
            "n_node_samples": t.n_node_samples.tolist(),
            "weighted_n_node_samples": t.weighted_n_node_samples.tolist(),
            "value": t.value.tolist(),
        },
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sklearn_tree_dump.py model.joblib dump.json")
    import joblib
    with open(sys.argv[2], "w") as out:
        json.dump(sklearn_tree_dump(joblib.load(sys.argv[1])), out)
