"""Pruning: the cost-complexity path against scikit-learn, prune() and its report, methods()."""
import numpy as np
import pytest
from sklearn.tree import DecisionTreeClassifier as SkClassifier
from sklearn.tree import DecisionTreeRegressor as SkRegressor

import prunekit


@pytest.mark.parametrize("params", [{}, {"criterion": "entropy"}, {"min_samples_leaf": 3}])
def test_cost_complexity_path_equals_scikit_learns(breast_cancer, params):
    X, y = breast_cancer
    ours = prunekit.cost_complexity_path(prunekit.DecisionTreeClassifier(**params), X, y)
    theirs = SkClassifier(random_state=0, **params).cost_complexity_pruning_path(X, y)
    assert len(ours["ccp_alphas"]) == len(theirs.ccp_alphas)
    np.testing.assert_allclose(ours["ccp_alphas"], theirs.ccp_alphas, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours["impurities"], theirs.impurities, rtol=0, atol=1e-9)


def test_cost_complexity_path_regression(diabetes):
    X, y = diabetes
    ours = prunekit.DecisionTreeRegressor(max_depth=6).cost_complexity_pruning_path(X, y)
    theirs = SkRegressor(max_depth=6, random_state=0).cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(ours["ccp_alphas"], theirs.ccp_alphas, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours["impurities"], theirs.impurities, rtol=1e-9, atol=1e-9)


def test_path_leaves_the_model_unfitted(iris):
    X, y = iris
    model = prunekit.DecisionTreeClassifier()
    prunekit.cost_complexity_path(model, X, y)
    assert not model.fitted_


def test_fixed_alpha_matches_scikit_learns_ccp_alpha(breast_cancer):
    X, y = breast_cancer
    model = prunekit.DecisionTreeClassifier().fit(X, y)
    alpha = 0.005
    pruned, report = prunekit.prune(model, "cost_complexity", X=X, y=y, alpha=alpha,
                                    risk="impurity", ties="one_at_a_time")
    theirs = SkClassifier(random_state=0, ccp_alpha=alpha).fit(X, y)
    assert pruned.get_n_leaves() == theirs.get_n_leaves()
    np.testing.assert_array_equal(pruned.predict(X), theirs.predict(X))
    assert report["before"]["leaves"] == model.get_n_leaves()
    assert report["after"]["leaves"] == pruned.get_n_leaves()
    assert model.get_n_leaves() > pruned.get_n_leaves()  # the input is left as it was


def test_prune_report_with_selection(breast_cancer):
    X, y = breast_cancer
    model = prunekit.DecisionTreeClassifier(random_state=1).fit(X, y)
    pruned, report = prunekit.prune(model, X=X, y=y, select="cv_1se", seed=3, n_jobs=2)
    assert type(pruned) is prunekit.DecisionTreeClassifier
    assert report["method"] == "cost_complexity" and report["knob_name"] == "alpha"
    assert report["params"]["select"] == "cv_1se"
    path, trace = report["path"], report["selection"]
    assert path["knob"][0] == 0.0 and np.all(np.diff(path["knob"]) > 0)
    assert trace["rule"] == "cv_1se" and len(trace["knobs"]) == len(trace["error_mean"])
    assert trace["knobs"][trace["chosen"]] == pytest.approx(report["knob"])
    assert report["after"]["leaves"] == pruned.get_n_leaves()
    again, _ = prunekit.prune(model, X=X, y=y, select="cv_1se", seed=3, n_jobs=1)
    np.testing.assert_array_equal(again.predict(X), pruned.predict(X))


def test_one_shot_methods_and_validation(iris):
    X, y = iris
    model = prunekit.DecisionTreeClassifier().fit(X, y)
    for method in ("pessimistic", "error_based", "minimum_error"):
        pruned, report = prunekit.prune(model, method, X=X, y=y)
        assert report["method"] == method
        assert pruned.get_n_leaves() <= model.get_n_leaves()
    pruned, report = prunekit.prune(model, X=X, y=y, select="validation",
                                    X_val=X[::2].copy(), y_val=y[::2].copy())
    assert report["selection"]["rule"] == "validation"
    with pytest.raises(ValueError, match="X_val"):
        prunekit.prune(model, X=X, y=y, select="validation")


def test_methods_lists_every_method_with_parameters():
    listed = prunekit.methods()
    names = [m["name"] for m in listed]
    assert "cost_complexity" in names and "magnitude" in names
    cc = listed[names.index("cost_complexity")]
    assert cc["family"] == "decision_tree"
    assert "alpha" in [p["name"] for p in cc["params"]]
