"""prunekit: pruning decision trees and networks, from Python (docs/python.md).

The estimators follow scikit-learn's conventions (fit, predict, get_params, set_params); the
pruning methods are prunekit's own, listed by methods(); from_sklearn and to_sklearn carry
fitted trees between scikit-learn and prunekit, from_torch and to_torch PyTorch MLPs (masks
included); run() runs an experiment config.
"""
from ._prunekit import (
    CNNClassifier,
    ConfigError,
    DataConversionWarning,
    DataError,
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    InvalidArgument,
    MLPClassifier,
    NotFittedError,
    PrunekitError,
    __version__,
    cost_complexity_path,
    methods,
    prune,
)
from ._run import run
from ._signatures import give_signatures as _give_signatures
from ._sklearn import from_sklearn, to_sklearn
from ._torch import from_torch, to_torch

_give_signatures(DecisionTreeClassifier)
_give_signatures(DecisionTreeRegressor)
_give_signatures(MLPClassifier, fit_weights=False)
_give_signatures(CNNClassifier, fit_weights=False)

__all__ = [
    "CNNClassifier",
    "ConfigError",
    "DataConversionWarning",
    "DataError",
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "InvalidArgument",
    "MLPClassifier",
    "NotFittedError",
    "PrunekitError",
    "__version__",
    "cost_complexity_path",
    "from_sklearn",
    "from_torch",
    "methods",
    "prune",
    "run",
    "to_sklearn",
    "to_torch",
]
