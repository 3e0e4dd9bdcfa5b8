"""Errors: the library's messages as ValueError, bad arrays refused before anything runs."""
import numpy as np
import pytest

import prunekit


def test_unknown_parameter_carries_the_library_message():
    with pytest.raises(ValueError, match=r"^/max_dept: unknown key \(valid: criterion,") as e:
        prunekit.DecisionTreeClassifier(max_dept=3)
    assert isinstance(e.value, prunekit.ConfigError)


def test_impossible_value():
    with pytest.raises(prunekit.ConfigError, match="/max_depth"):
        prunekit.DecisionTreeClassifier(max_depth=0)
    model = prunekit.DecisionTreeClassifier()
    with pytest.raises(ValueError, match="min_samples_leaf"):
        model.set_params(min_samples_leaf=-1)
    assert model.get_params()["min_samples_leaf"] == 1  # unchanged


def test_bad_random_state():
    with pytest.raises(ValueError, match="random_state"):
        prunekit.DecisionTreeClassifier(random_state=-1)


def test_unknown_pruning_method(iris):
    X, y = iris
    model = prunekit.DecisionTreeClassifier().fit(X, y)
    with pytest.raises(ValueError, match="cost_complexity"):
        prunekit.prune(model, "no_such_method", X=X, y=y)
    with pytest.raises(prunekit.ConfigError, match="/alpha"):
        prunekit.prune(model, "cost_complexity", X=X, y=y, alpha=-1.0)
    with pytest.raises(ValueError, match="does not apply"):
        prunekit.prune(model, "magnitude", X=X, y=y)


def test_not_fitted(iris):
    X, _ = iris
    with pytest.raises(ValueError, match="not fitted"):
        prunekit.DecisionTreeClassifier().predict(X)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros(10), "2-D"),
        (np.zeros((2, 3, 4)), "2-D"),
        (np.zeros((0, 4)), r"0 sample\(s\) \(shape=\(0, 4\)\)"),
        (np.zeros((10, 0)), r"0 feature\(s\)"),
        (np.zeros((10, 4), dtype=complex), "Complex data not supported"),
        (np.full((10, 4), "a"), "numeric"),
        (np.full((10, 4), "a", dtype=object), "could not convert"),
        (np.zeros((10, 8))[:, ::2], "contiguous"),
        (np.full((10, 4), np.nan), "NaN"),
        (np.full((10, 4), np.inf), "NaN, an infinity"),
        (np.full((10, 4), 1e300), "too large for float32"),
    ],
)
def test_bad_X_raises_value_error(bad, message):
    y = np.arange(len(bad)) % 2 if bad.ndim >= 1 and len(bad) else np.zeros(0)
    with pytest.raises(ValueError, match=message):
        prunekit.DecisionTreeClassifier().fit(bad, y)


def test_numbers_of_other_types_are_converted(iris):
    X, y = iris
    tenths = np.round(X * 10)  # iris has one decimal: integers, exactly
    expected = prunekit.DecisionTreeClassifier().fit(tenths, y).predict(tenths)
    for converted in (tenths.astype(np.int64), tenths.astype(object), tenths.tolist()):
        model = prunekit.DecisionTreeClassifier().fit(converted, y)
        np.testing.assert_array_equal(model.predict(converted), expected)


def test_sparse_input_is_refused_by_name(iris):
    sparse = pytest.importorskip("scipy.sparse")
    X, y = iris
    with pytest.raises(TypeError, match="sparse input is not supported"):
        prunekit.DecisionTreeClassifier().fit(sparse.csr_matrix(X), y)


def test_fortran_order_and_float32_are_accepted(iris):
    X, y = iris
    a = prunekit.DecisionTreeClassifier().fit(np.asfortranarray(X), y).predict(X)
    b = prunekit.DecisionTreeClassifier().fit(X.astype(np.float32), y).predict(X)
    np.testing.assert_array_equal(a, b)


def test_bad_y_and_shapes(iris):
    X, y = iris
    model = prunekit.DecisionTreeClassifier()
    with pytest.raises(ValueError, match="entries, but X has"):
        model.fit(X, y[:-1])
    with pytest.raises(ValueError, match="1-D"):
        model.fit(X, np.c_[y, y])
    with pytest.warns(prunekit.DataConversionWarning, match="column-vector y"):
        column = prunekit.DecisionTreeClassifier().fit(X, y.reshape(-1, 1))
    np.testing.assert_array_equal(column.predict(X), model.fit(X, y).predict(X))
    with pytest.raises(ValueError, match="Unknown label type"):
        model.fit(X, X[:, 0])
    with pytest.raises(ValueError, match="NaN"):
        model.fit(X, np.where(np.arange(len(y)) == 3, np.nan, 1.0))
    model.fit(X, y)
    with pytest.raises(ValueError, match="fitted on 4"):
        model.predict(X[:, :3].copy())
    with pytest.raises(ValueError, match="not among the model's classes_"):
        prunekit.prune(model, X=X, y=np.where(y == "setosa", "rose", y))
    with pytest.raises(ValueError, match="numeric"):
        prunekit.DecisionTreeRegressor().fit(X, y)
