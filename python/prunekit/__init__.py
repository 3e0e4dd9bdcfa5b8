"""prunekit: pruning decision trees and networks, from Python (docs/python.md).

The estimators follow scikit-learn's conventions (fit, predict, get_params, set_params); the
pruning methods are prunekit's own, listed by methods(); from_sklearn and to_sklearn carry
fitted trees between scikit-learn and prunekit; run() runs an experiment config.
"""
from ._prunekit import (
    ConfigError,
    DataError,
    DecisionTreeClassifier,
    DataConversionWarning,
    DecisionTreeRegressor,
    InvalidArgument,
    NotFittedError,
    PrunekitError,
    __version__,
    cost_complexity_path,
    methods,
    prune,
)
from ._run import run
from ._signatures import give_signatures
from ._sklearn import from_sklearn, to_sklearn

for _estimator in (DecisionTreeClassifier, DecisionTreeRegressor):
    give_signatures(_estimator)

__all__ = [
    "ConfigError",
    "DataConversionWarning",
    "DataError",
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "InvalidArgument",
    "NotFittedError",
    "PrunekitError",
    "__version__",
    "cost_complexity_path",
    "methods",
    "from_sklearn",
    "prune",
    "run",
    "to_sklearn",
]
