#!/usr/bin/python3
"""Prune a fitted scikit-learn tree with the 1-SE rule, plot its pruning path, and carry on in
scikit-learn with the pruned tree.

    PYTHONPATH=<build>/python /usr/bin/python3 examples/prune_sklearn_tree.py [--plot path.png]

The plot (matplotlib) shows the cross-validated error of each alpha of the cost-complexity path
with its standard error, the 1-SE threshold and the alpha the rule chose, and the leaves left.
"""
import argparse

from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

import prunekit


def plot_selection(selection, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # alpha = 0 (the whole tree) has no place on a log axis: draw it at a tenth of the next one.
    alphas = [a if a > 0 else selection["knobs"][1] / 10 for a in selection["knobs"]]
    fig, error_axis = plt.subplots(figsize=(7, 4))
    error_axis.errorbar(alphas, selection["error_mean"], yerr=selection["error_se"], marker="o",
                        capsize=3, label="10-fold CV error ± SE")
    error_axis.axhline(selection["threshold"], linestyle="--", color="grey", label="1-SE threshold")
    chosen = selection["chosen"]
    error_axis.plot(alphas[chosen], selection["error_mean"][chosen], "r*", markersize=14,
                    label="chosen")
    error_axis.set_xscale("log")
    error_axis.set_xlabel("alpha (leftmost point: alpha = 0)")
    error_axis.set_ylabel("misclassification rate")
    leaves_axis = error_axis.twinx()
    leaves_axis.step(alphas, selection["complexity"], where="post", color="green", alpha=0.5)
    leaves_axis.set_ylabel("leaves", color="green")
    error_axis.legend(loc="center left")
    fig.tight_layout()
    fig.savefig(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plot", help="draw the pruning path into this image file")
    args = parser.parse_args()

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y,
                                                        random_state=0)
    grown = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)

    # The tree crosses over in memory; the 1-SE rule refits trees with its parameters on folds.
    pruned, report = prunekit.prune(prunekit.from_sklearn(grown), "cost_complexity",
                                    select="cv_1se", folds=10, X=X_train, y=y_train, seed=0)
    back = prunekit.to_sklearn(pruned)  # a scikit-learn estimator again

    print("alpha chosen by the 1-SE rule: %.5f" % report["knob"])
    print("%-8s %7s %6s %14s" % ("tree", "leaves", "depth", "test accuracy"))
    for name, tree in (("grown", grown), ("pruned", back)):
        print("%-8s %7d %6d %14.3f" % (name, tree.get_n_leaves(), tree.get_depth(),
                                       tree.score(X_test, y_test)))
    selection = report["selection"]
    print("\n%10s %8s %8s %7s" % ("alpha", "cv error", "se", "leaves"))
    for k, alpha in enumerate(selection["knobs"]):
        mark = "  <- chosen" if k == selection["chosen"] else ""
        print("%10.5f %8.4f %8.4f %7d%s" % (alpha, selection["error_mean"][k],
                                           selection["error_se"][k], selection["complexity"][k],
                                           mark))
    if args.plot:
        plot_selection(selection, args.plot)
        print("\nthe path is drawn in " + args.plot)


if __name__ == "__main__":
    main()
