"""prunekit: pruning decision trees and networks, from Python (docs/python.md).

The estimators follow scikit-learn's conventions (fit, predict, get_params, set_params); the
pruning methods are prunekit's own, listed by methods(); from_sklearn and to_sklearn carry
fitted trees between scikit-learn and prunekit; run() runs an experiment config.
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
from ._run import run
from ._sklearn import from_sklearn, to_sklearn

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
    "from_sklearn",
    "prune",
    "run",
    "to_sklearn",
]
