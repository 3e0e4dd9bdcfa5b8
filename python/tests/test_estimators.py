"""The estimators against scikit-learn on the bundled data, parameters, pickling."""
import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.tree import DecisionTreeClassifier as SkClassifier
from sklearn.tree import DecisionTreeRegressor as SkRegressor

import prunekit


@pytest.mark.parametrize("name", ["iris", "breast_cancer"])
def test_fit_predict_round_trip(request, name):
    X, y = request.getfixturevalue(name)
    model = prunekit.DecisionTreeClassifier().fit(X, y)
    assert list(model.classes_) == sorted(set(y))
    assert model.n_features_in_ == X.shape[1]
    assert model.score(X, y) == 1.0  # fully grown, no duplicated rows with two labels
    proba = model.predict_proba(X)
    assert proba.shape == (len(y), len(model.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.classes_[proba.argmax(axis=1)], model.predict(X))
    assert model.n_leaves_ == model.get_n_leaves() >= len(model.classes_)


@pytest.mark.parametrize("name", ["iris", "breast_cancer"])
def test_accuracy_as_scikit_learns(request, name):
    """Growth follows scikit-learn's rules: on held-out rows the accuracies agree closely (the
    trees can differ where features tie, since the two draw their feature orders differently)."""
    X, y = request.getfixturevalue(name)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0,
                                                        stratify=y)
    for depth in (2, 4, None):
        ours = prunekit.DecisionTreeClassifier(max_depth=depth).fit(X_train, y_train)
        theirs = SkClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
        assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) <= 0.03
        assert ours.get_depth() == theirs.get_depth()


def test_same_tree_shape_as_scikit_learn_on_breast_cancer(breast_cancer):
    """On breast_cancer the tree's statistics do not depend on the seed, but which of two tied
    features splits a node does (scikit-learn's trees for random_state 0, 1, 2 differ there as
    well): so sizes and training predictions agree, not every split."""
    X, y = breast_cancer
    ours = prunekit.DecisionTreeClassifier().fit(X, y)
    for seed in range(3):
        theirs = SkClassifier(random_state=seed).fit(X, y)
        assert ours.get_n_leaves() == theirs.get_n_leaves()
        assert ours.get_depth() == theirs.get_depth()
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_regressor(diabetes):
    X, y = diabetes
    ours = prunekit.DecisionTreeRegressor(max_depth=3).fit(X, y)
    theirs = SkRegressor(max_depth=3, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-12)
    with pytest.raises(AttributeError):
        ours.classes_


def test_get_params_set_params_round_trip(iris):
    model = prunekit.DecisionTreeClassifier(max_depth=3, criterion="entropy", random_state=7)
    params = model.get_params()
    assert params["max_depth"] == 3 and params["criterion"] == "entropy"
    assert params["random_state"] == 7 and params["min_samples_leaf"] == 1
    again = prunekit.DecisionTreeClassifier(**params)
    assert again.get_params() == params
    assert model.set_params(max_depth=2, min_samples_leaf=5) is model
    assert model.get_params()["max_depth"] == 2
    X, y = iris
    assert model.fit(X, y).get_depth() <= 2


def test_scikit_learn_clone_and_cross_validation(iris):
    X, y = iris
    model = prunekit.DecisionTreeClassifier(max_depth=3, min_samples_leaf=0.05)
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    scores = cross_val_score(model, X, y, cv=5)
    assert scores.mean() > 0.9


def test_pickle(iris):
    X, y = iris
    model = prunekit.DecisionTreeClassifier(max_depth=3).fit(X, y)
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.predict(X), model.predict(X))
    assert copy.get_params() == model.get_params()
    unfitted = pickle.loads(pickle.dumps(prunekit.DecisionTreeRegressor(max_depth=2)))
    assert unfitted.get_params()["max_depth"] == 2


def test_integer_labels_keep_their_type(iris):
    X, y = iris
    codes = np.unique(y, return_inverse=True)[1] * 10
    model = prunekit.DecisionTreeClassifier().fit(X, codes)
    np.testing.assert_array_equal(model.classes_, [0, 10, 20])
    assert model.predict(X).dtype == codes.dtype


def test_threads_fit_in_parallel(breast_cancer):
    """fit and predict release the GIL: trees grown in threads equal those grown one by one."""
    from concurrent.futures import ThreadPoolExecutor

    X, y = breast_cancer
    seeds = range(4)

    def grow(seed):
        return prunekit.DecisionTreeClassifier(random_state=seed, max_features="sqrt").fit(X, y)

    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(grow, seeds))
    for seed, tree in zip(seeds, parallel):
        assert tree.to_json() == grow(seed).to_json()
