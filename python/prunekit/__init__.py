"""prunekit: pruning decision trees, from Python (docs/python.md).

The estimators follow scikit-learn's conventions (fit, predict, get_params, set_params); the
pruning methods are prunekit's own, listed by methods().
"""
from ._prunekit import (
    ConfigError,
    DataError,
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    InvalidArgument,
    PrunekitError,
    __version__,
    cost_complexity_path,
    methods,
    prune,
)

__all__ = [
    "ConfigError",
    "DataError",
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "InvalidArgument",
    "PrunekitError",
    "__version__",
    "cost_complexity_path",
    "methods",
    "prune",
]
