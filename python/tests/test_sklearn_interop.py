"""from_sklearn and to_sklearn: fitted trees cross between scikit-learn and prunekit unchanged."""
import glob
import json
import os
import pickle
import warnings

import numpy as np
import pytest
from conftest import ROOT, load
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

import prunekit

TREE_ARRAYS = ("children_left", "children_right", "feature", "threshold", "impurity",
               "n_node_samples", "weighted_n_node_samples", "value")


def numeric_datasets():
    """The bundled datasets whose features are all numbers (mnist10k aside: it is slow to fit)."""
    names = []
    for sidecar in sorted(glob.glob(os.path.join(ROOT, "datasets", "*.json"))):
        name = os.path.basename(sidecar)[:-5]
        if name in ("MANIFEST", "mnist10k"):
            continue
        try:
            load(name)
        except ValueError:  # categorical or missing values: they need prunekit's preprocessing
            continue
        names.append(name)
    return names


DATASETS = numeric_datasets()


def test_the_bundled_numeric_datasets_are_covered():
    assert {"iris", "breast_cancer", "wine", "diabetes_regression"} <= set(DATASETS)


def sklearn_tree(name, **params):
    X, y = load(name)
    with open(os.path.join(ROOT, "datasets", name + ".json")) as f:
        regression = json.load(f)["task"] == "regression"
    cls = DecisionTreeRegressor if regression else DecisionTreeClassifier
    return cls(random_state=0, **params).fit(X, y), X, y


@pytest.mark.parametrize("name", DATASETS)
def test_from_sklearn_predicts_as_the_original(name):
    original, X, y = sklearn_tree(name)
    imported = prunekit.from_sklearn(original)
    np.testing.assert_array_equal(imported.predict(X), original.predict(X))
    np.testing.assert_array_equal(imported.apply(X), original.apply(X))
    if hasattr(original, "classes_"):
        np.testing.assert_array_equal(imported.classes_, original.classes_)
        np.testing.assert_allclose(imported.predict_proba(X), original.predict_proba(X), atol=1e-12)
    assert imported.get_n_leaves() == original.get_n_leaves()
    assert imported.get_depth() == original.get_depth()
    np.testing.assert_allclose(imported.feature_importances_, original.feature_importances_,
                               atol=1e-12)


@pytest.mark.parametrize("name", DATASETS)
def test_a_pruned_tree_goes_back_to_sklearn_and_predicts_as_prunekit(name):
    original, X, y = sklearn_tree(name)
    pruned, report = prunekit.prune(prunekit.from_sklearn(original), "cost_complexity",
                                    select="cv_1se", X=X, y=y, seed=0)
    assert report["after"]["leaves"] <= report["before"]["leaves"]
    back = prunekit.to_sklearn(pruned)
    assert type(back) is type(original)
    assert back.get_n_leaves() == pruned.get_n_leaves()
    np.testing.assert_array_equal(back.predict(X), pruned.predict(X))
    np.testing.assert_array_equal(back.apply(X), pruned.apply(X))
    if hasattr(original, "classes_"):
        np.testing.assert_allclose(back.predict_proba(X), pruned.predict_proba(X), atol=1e-12)


@pytest.mark.parametrize("name", ["iris", "breast_cancer", "diabetes_regression"])
def test_the_round_trip_gives_back_the_same_tree_arrays(name):
    original, X, _ = sklearn_tree(name, max_depth=8)
    back = prunekit.to_sklearn(prunekit.from_sklearn(original))
    for field in TREE_ARRAYS:
        np.testing.assert_array_equal(getattr(back.tree_, field), getattr(original.tree_, field),
                                      err_msg=field)
    assert back.tree_.max_depth == original.tree_.max_depth
    assert export_text(back) == export_text(original)
    # The scikit-learn estimator is a whole one: it pickles and predicts after unpickling.
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(back)).predict(X), original.predict(X))


def test_a_tree_grown_by_prunekit_goes_to_sklearn(iris):
    X, y = iris
    grown = prunekit.DecisionTreeClassifier(max_depth=4, criterion="entropy").fit(X, y)
    back = prunekit.to_sklearn(grown)
    assert back.criterion == "entropy" and back.max_depth == 4
    np.testing.assert_array_equal(back.predict(X), grown.predict(X))
    np.testing.assert_allclose(back.predict_proba(X), grown.predict_proba(X), atol=1e-12)


def test_parameters_carry_over_and_those_without_a_counterpart_are_named(iris):
    X, y = iris
    original = DecisionTreeClassifier(criterion="log_loss", max_depth=3, min_samples_leaf=2,
                                      random_state=7).fit(X, y)
    imported = prunekit.from_sklearn(original)
    params = imported.get_params()
    assert (params["criterion"], params["max_depth"], params["min_samples_leaf"],
            params["random_state"]) == ("entropy", 3, 2, 7)
    with pytest.warns(UserWarning, match="splitter='random'"):
        prunekit.from_sklearn(DecisionTreeClassifier(splitter="random", random_state=0).fit(X, y))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prunekit.from_sklearn(DecisionTreeClassifier().fit(X, y))


def test_from_sklearn_refuses_what_it_cannot_carry(iris):
    X, y = iris
    with pytest.raises(ValueError, match="not fitted"):
        prunekit.from_sklearn(DecisionTreeClassifier())
    with pytest.raises(ValueError, match="absolute_error"):
        prunekit.from_sklearn(DecisionTreeRegressor(criterion="absolute_error", max_depth=2)
                              .fit(X[:, :2], X[:, 2]))
    with pytest.raises(ValueError, match="multi-output"):
        prunekit.from_sklearn(DecisionTreeClassifier(max_depth=2).fit(X, np.c_[y, y]))
    with pytest.raises(ValueError, match="DecisionTreeClassifier or"):
        prunekit.from_sklearn(object())
    with pytest.raises(ValueError, match="to_sklearn takes"):
        prunekit.to_sklearn(DecisionTreeClassifier().fit(X, y))
    with pytest.raises(ValueError, match="not fitted"):
        prunekit.to_sklearn(prunekit.DecisionTreeClassifier())


def test_a_damaged_tree_is_an_error_naming_the_field(iris):
    X, y = iris
    original = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)

    class Damaged:
        """The original's attributes, with a child pointing back at the root."""
        def __init__(self):
            self.__dict__.update(original.__dict__)
            left = original.tree_.children_left.copy()
            left[1] = 0
            self.tree_ = type("T", (), {f: getattr(original.tree_, f) for f in TREE_ARRAYS})()
            self.tree_.children_left = left

        def get_params(self, deep=False):
            return original.get_params(deep)

    Damaged.__name__ = "DecisionTreeClassifier"
    with pytest.raises(prunekit.DataError, match="scikit-learn estimator.*node 1"):
        prunekit.from_sklearn(Damaged())
