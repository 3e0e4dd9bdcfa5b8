"""prunekit.from_sklearn and prunekit.to_sklearn: fitted scikit-learn trees in and out, in memory.

A scikit-learn tree keeps its structure in `tree_` (flat arrays, the layout prunekit's trees
share); the C++ side reads them with the same checks as `prunekit import-sklearn`. scikit-learn
is imported only by to_sklearn (from_sklearn reads the attributes of the object it is given).
"""
import warnings

import numpy as np

from . import _prunekit

# scikit-learn's parameters that prunekit's decision_tree model shares, with the same meaning.
_SHARED_PARAMS = ("max_depth", "min_samples_split", "min_samples_leaf", "min_weight_fraction_leaf",
                  "min_impurity_decrease", "max_leaf_nodes", "max_features", "class_weight")
# scikit-learn's criterion names that are another name of a prunekit criterion.
_CRITERION_ALIASES = {"log_loss": "entropy", "friedman_mse": "squared_error"}
_LEAF = -2  # scikit-learn's TREE_LEAF / TREE_UNDEFINED for a leaf's feature and threshold


def _is_sklearn_tree(estimator):
    names = [c.__name__ for c in type(estimator).__mro__]
    return "DecisionTreeClassifier" in names or "DecisionTreeRegressor" in names


def _same(a, b):
    """Whether a scikit-learn parameter keeps its default (a value, or an object such as a dict)."""
    try:
        return bool(a == b) and type(a) is type(b)
    except (TypeError, ValueError):
        return False


def _prunekit_params(params, prunekit_class):
    """scikit-learn's parameters as prunekit's, leaving out (with a warning) what has no match.

    Pruning with cross-validation grows new trees on the folds with these parameters, so
    they should be the ones the original tree was grown with.
    """
    out = {}
    if "criterion" in params:
        out["criterion"] = _CRITERION_ALIASES.get(params["criterion"], params["criterion"])
    for key in _SHARED_PARAMS:
        value = params.get(key)
        if value is not None:
            out[key] = value.item() if isinstance(value, np.generic) else value
    seed = params.get("random_state")
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        out["random_state"] = int(seed)
    dropped = []
    if params.get("splitter", "best") != "best":
        dropped.append("splitter=%r (prunekit's trees split exactly, as 'best')" % params["splitter"])
    if params.get("ccp_alpha", 0.0):
        dropped.append("ccp_alpha=%r (prune with prunekit.prune instead)" % params["ccp_alpha"])
    if params.get("monotonic_cst") is not None:
        dropped.append("monotonic_cst")
    for key, value in list(out.items()):
        try:
            prunekit_class(**{key: value})
        except ValueError:
            del out[key]
            dropped.append("%s=%r" % (key, value))
    if dropped:
        warnings.warn("from_sklearn: parameters without a prunekit counterpart are left out of the "
                      "estimator (they matter only when it grows new trees): " + ", ".join(dropped),
                      stacklevel=3)
    return out


def from_sklearn(estimator):
    """A prunekit estimator holding the tree of a fitted scikit-learn DecisionTreeClassifier or
    DecisionTreeRegressor. It predicts as the original (same thresholds, same leaves), keeps
    the original's parameters where prunekit has them (for the cross-validated pruning rules,
    which grow trees on folds), and `estimator` is left as it is."""
    if not _is_sklearn_tree(estimator):
        raise ValueError("from_sklearn takes a fitted scikit-learn DecisionTreeClassifier or "
                         "DecisionTreeRegressor, got " + type(estimator).__name__)
    if not hasattr(estimator, "tree_"):
        raise ValueError("from_sklearn: the scikit-learn estimator is not fitted: call fit first")
    if getattr(estimator, "n_outputs_", 1) != 1:
        raise ValueError("from_sklearn: a tree with %d outputs (multi-output) has no prunekit "
                         "counterpart" % estimator.n_outputs_)
    criterion = _CRITERION_ALIASES.get(estimator.criterion, estimator.criterion)
    if criterion not in ("gini", "entropy", "squared_error"):
        raise ValueError("from_sklearn: criterion %r has no prunekit counterpart (gini, entropy, "
                         "log_loss, squared_error and friedman_mse have)" % estimator.criterion)
    classifier = hasattr(estimator, "classes_")
    cls = _prunekit.DecisionTreeClassifier if classifier else _prunekit.DecisionTreeRegressor
    params = estimator.get_params(deep=False)
    defaults = type(estimator)().get_params(deep=False)
    given = {k: v for k, v in params.items() if not _same(v, defaults.get(k))}
    target = cls(**_prunekit_params(given, cls))
    t = estimator.tree_
    dump = {
        "criterion": estimator.criterion,
        "n_features_in_": int(estimator.n_features_in_),
        "classes_": [str(c) for c in estimator.classes_] if classifier else None,
        "tree_": {name: getattr(t, name) for name in (
            "children_left", "children_right", "feature", "threshold", "impurity",
            "n_node_samples", "weighted_n_node_samples", "value")},
    }
    names = getattr(estimator, "feature_names_in_", None)
    if names is not None:
        dump["feature_names_in_"] = [str(f) for f in names]
    classes = np.asarray(estimator.classes_) if classifier else None
    return _prunekit._adopt_sklearn_tree(target, dump, classes)


def _sklearn_params(model, sklearn_class):
    """The prunekit estimator's parameters that scikit-learn's estimator has too."""
    accepted = sklearn_class().get_params()
    params = {k: v for k, v in model.get_params().items() if k in accepted and v is not None}
    if "class_weight" in params and not isinstance(params["class_weight"], (str, dict)):
        del params["class_weight"]
    return params


def _tree_state(arrays, node_dtype, value_fractions):
    """The state scikit-learn's Tree.__setstate__ takes, from prunekit's arrays."""
    n = len(arrays["children_left"])
    nodes = np.zeros(n, dtype=node_dtype)
    leaf = arrays["children_left"] < 0
    nodes["left_child"] = arrays["children_left"]
    nodes["right_child"] = arrays["children_right"]
    nodes["feature"] = np.where(leaf, _LEAF, arrays["feature"])
    nodes["threshold"] = np.where(leaf, float(_LEAF), arrays["threshold"])
    nodes["impurity"] = arrays["impurity"]
    nodes["n_node_samples"] = arrays["n_node_samples"]
    nodes["weighted_n_node_samples"] = arrays["weighted_n_node_samples"]
    value = arrays["value"]
    if value_fractions and arrays["task"] == "classification":
        totals = value.sum(axis=1, keepdims=True)
        value = np.divide(value, totals, out=np.zeros_like(value), where=totals > 0)
    return {"max_depth": int(arrays["max_depth"]), "node_count": n, "nodes": nodes,
            "values": np.ascontiguousarray(value.reshape(n, 1, arrays["n_outputs"]))}


def _version(text):
    return tuple(int(p) if p.isdigit() else 0 for p in text.split(".")[:2])


def to_sklearn(model):
    """A fitted scikit-learn DecisionTreeClassifier/Regressor with `model`'s tree (pruned or
    not): predict, predict_proba, apply, decision_path and export_text/plot_tree work on it and
    give what prunekit gives."""
    import sklearn
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
    from sklearn.tree._tree import NODE_DTYPE, Tree

    if not isinstance(model, (_prunekit.DecisionTreeClassifier, _prunekit.DecisionTreeRegressor)):
        raise ValueError("to_sklearn takes a prunekit DecisionTreeClassifier or "
                         "DecisionTreeRegressor, got " + type(model).__name__)
    arrays = _prunekit._sklearn_tree_arrays(model)
    classifier = arrays["task"] == "classification"
    sklearn_class = DecisionTreeClassifier if classifier else DecisionTreeRegressor
    estimator = sklearn_class(**_sklearn_params(model, sklearn_class))
    n_outputs = int(arrays["n_outputs"])
    tree = Tree(int(arrays["n_features"]), np.array([n_outputs if classifier else 1], dtype=np.intp), 1)
    # scikit-learn 1.4 stores a classifier's node values as fractions, earlier ones as counts.
    fractions = _version(sklearn.__version__) >= (1, 4)
    tree.__setstate__(_tree_state(arrays, NODE_DTYPE, fractions))
    estimator.tree_ = tree
    estimator.n_features_in_ = int(arrays["n_features"])
    estimator.n_outputs_ = 1
    estimator.max_features_ = estimator.n_features_in_
    if classifier:
        estimator.classes_ = np.asarray(model.classes_)
        estimator.n_classes_ = n_outputs
    return estimator
