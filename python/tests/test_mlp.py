"""MLPClassifier and CNNClassifier: fit and predict, parameters, clone, pickling, threads, and
network pruning."""
import pickle
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conftest import load
from sklearn.base import clone

import prunekit

# Small and quick: a few epochs of Adam on standardised features.
PARAMS = dict(hidden=[16], epochs=30, optimizer="adam", lr=0.01, batch=32, random_state=3)


def standardised(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


@pytest.fixture(scope="module")
def iris_scaled(iris):
    X, y = iris
    return standardised(X), y


@pytest.fixture(scope="module")
def fitted(iris_scaled):
    X, y = iris_scaled
    return prunekit.MLPClassifier(**PARAMS).fit(X, y)


def test_fit_predict_round_trip(iris_scaled, fitted):
    X, y = iris_scaled
    assert list(fitted.classes_) == sorted(set(y))
    assert fitted.n_features_in_ == 4 and fitted.n_layers_ == 3 and fitted.n_classes_ == 3
    assert fitted.score(X, y) > 0.9
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(y), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(fitted.classes_[proba.argmax(axis=1)], fitted.predict(X))
    shapes = [layer["weight"].shape for layer in fitted.layers_]
    assert shapes == [(16, 4), (3, 16)]
    assert [layer["activation"] for layer in fitted.layers_] == ["relu", "identity"]
    assert fitted.size_["parameters"] == 16 * 4 + 16 + 3 * 16 + 3


def test_same_seed_same_network_and_another_seed_another(iris_scaled, fitted):
    X, y = iris_scaled
    assert prunekit.MLPClassifier(**PARAMS).fit(X, y).to_json() == fitted.to_json()
    other = prunekit.MLPClassifier(**dict(PARAMS, random_state=4)).fit(X, y)
    assert other.to_json() != fitted.to_json()


def test_threads_train_the_same_networks(iris_scaled):
    """fit releases the GIL: networks trained in four threads equal those trained one by one."""
    X, y = iris_scaled

    def train(seed):
        return prunekit.MLPClassifier(**dict(PARAMS, random_state=seed, epochs=10)).fit(X, y)

    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(train, range(4)))
    for seed, model in enumerate(parallel):
        assert model.to_json() == train(seed).to_json()


def test_get_params_set_params_clone(iris_scaled):
    hidden = [8, 4]
    model = prunekit.MLPClassifier(hidden=hidden, activation="tanh", epochs=5)
    params = model.get_params()
    assert params["hidden"] is hidden  # the very object, as sklearn.base.clone requires
    assert params["activation"] == "tanh" and params["random_state"] == 0
    assert params["lr"] == 0.05 and params["optimizer"] == "sgd"  # the mlp model's defaults
    assert model.epochs == 5
    copy = clone(model)
    assert copy.get_params() == params and not copy.fitted_
    assert model.set_params(epochs=2, lr=0.1) is model
    assert model.get_params()["epochs"] == 2
    with pytest.raises(prunekit.ConfigError, match="/hiden: unknown key"):
        prunekit.MLPClassifier(hiden=[3])
    with pytest.raises(ValueError, match="/lr"):
        model.set_params(lr=-1.0)
    assert model.get_params()["lr"] == 0.1  # unchanged
    assert repr(model) == "MLPClassifier(hidden=[8, 4], activation='tanh', epochs=2, lr=0.1)"


def test_pickle(iris_scaled, fitted):
    X, _ = iris_scaled
    copy = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(copy.predict_proba(X), fitted.predict_proba(X))
    assert copy.get_params() == fitted.get_params()
    unfitted = pickle.loads(pickle.dumps(prunekit.MLPClassifier(hidden=[5])))
    assert unfitted.get_params()["hidden"] == [5] and not unfitted.fitted_


def test_bad_inputs_raise_value_errors(iris_scaled, fitted):
    X, y = iris_scaled
    with pytest.raises(prunekit.NotFittedError):
        prunekit.MLPClassifier().predict(X)
    with pytest.raises(ValueError, match="fitted on 4"):
        fitted.predict(X[:, :3].copy())
    with pytest.raises(ValueError, match="NaN"):
        prunekit.MLPClassifier(**PARAMS).fit(np.full_like(X, np.nan), y)
    with pytest.raises(ValueError, match="sample_weight"):
        prunekit.MLPClassifier(**PARAMS).fit(X, y, sample_weight=np.ones(len(y)))
    with pytest.raises(ValueError, match="one class only"):
        prunekit.MLPClassifier(**PARAMS).fit(X, np.zeros(len(y)))
    with pytest.raises(ValueError, match="random_state"):
        prunekit.MLPClassifier(random_state=-1)


def test_magnitude_pruning_to_sparsity_0_9(iris_scaled):
    X, y = iris_scaled
    model = prunekit.MLPClassifier(**dict(PARAMS, hidden=[32, 32])).fit(X, y)
    pruned, report = prunekit.prune(model, "magnitude", X=X, y=y, sparsity=0.9,
                                    prune_output_layer=True, finetune_epochs=50)
    assert type(pruned) is prunekit.MLPClassifier and not model.size_["weight_sparsity"]
    assert report["method"] == "magnitude" and report["knob"] == pytest.approx(0.9)
    masks = np.concatenate([layer["weight_mask"].ravel() for layer in pruned.layers_])
    weights = np.concatenate([layer["weight"].ravel() for layer in pruned.layers_])
    assert 1.0 - masks.mean() == pytest.approx(0.9, abs=0.002)  # round(0.9 * 1248) masked
    assert np.all(weights[~masks] == 0.0)
    assert pruned.size_["weight_sparsity"] == pytest.approx(0.9, abs=0.002)
    assert report["after"]["weight_sparsity"] == pytest.approx(pruned.size_["weight_sparsity"])
    assert pruned.score(X, y) > 0.8
    np.testing.assert_array_equal(pruned.classes_, model.classes_)


def test_network_methods_and_a_tree_method_refused(iris_scaled, fitted):
    X, y = iris_scaled
    for method, params in (("obd", {"sparsity": 0.5}), ("neuron", {"sparsity": 0.5}),
                           ("random", {"sparsity": 0.5})):
        pruned, report = prunekit.prune(fitted, method, X=X, y=y, **params)
        assert report["method"] == method
        assert pruned.predict_proba(X).shape == (len(y), 3)
    with pytest.raises(ValueError, match="does not apply"):
        prunekit.prune(fitted, "cost_complexity", X=X, y=y)


SMALL = [{"type": "conv2d", "channels": 4, "kernel": 3, "padding": 1}, {"type": "relu"},
         {"type": "maxpool2d"}, {"type": "flatten"}, {"type": "dense"}]


def test_cnn_classifier_fits_pickles_and_clones():
    X, y = load("digits")
    X = X / 16.0
    model = prunekit.CNNClassifier(architecture=SMALL, input_shape=[1, 8, 8], epochs=3,
                                   optimizer="adam", lr=0.01, random_state=2).fit(X, y)
    assert model.score(X, y) > 0.85 and model.n_features_in_ == 64 and model.n_classes_ == 10
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0, atol=1e-12)
    assert pickle.loads(pickle.dumps(model)).to_json() == model.to_json()
    assert clone(model).get_params()["architecture"] == SMALL
    pruned, report = prunekit.prune(model, "magnitude", X=X, y=y, sparsity=0.5)
    assert type(pruned) is prunekit.CNNClassifier and report["after"]["nonzero_weights"] < \
        report["before"]["nonzero_weights"]
