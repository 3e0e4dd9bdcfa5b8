"""scikit-learn's own estimator checks (sklearn.utils.estimator_checks) pass, every one."""
import pytest
from sklearn.utils.estimator_checks import check_estimator

import prunekit


def all_checks():
    network = prunekit.MLPClassifier(hidden=[8], epochs=20, optimizer="adam", lr=0.02)
    for estimator in (prunekit.DecisionTreeClassifier(), prunekit.DecisionTreeRegressor(),
                      network):
        for instance, check in check_estimator(estimator, generate_only=True):
            name = getattr(check, "func", check).__name__
            yield pytest.param(instance, check, id=type(estimator).__name__ + "-" + name)


# scikit-learn warns that parameters are checked in set_params, not fit: prunekit checks early.
@pytest.mark.filterwarnings("ignore:.*occurred during set_params:UserWarning")
@pytest.mark.parametrize("estimator, check", list(all_checks()))
def test_scikit_learn_estimator_check(estimator, check):
    check(estimator)


def test_not_fitted_is_scikit_learns_error_once_it_is_loaded():
    from sklearn.exceptions import NotFittedError
    with pytest.raises(NotFittedError):
        prunekit.DecisionTreeClassifier().predict([[0.0]])
    with pytest.raises(prunekit.NotFittedError):
        prunekit.DecisionTreeRegressor().predict([[0.0]])
    assert not hasattr(prunekit.DecisionTreeClassifier(), "classes_")


def test_parameters_read_as_attributes():
    model = prunekit.DecisionTreeClassifier(max_depth=3)
    assert model.max_depth == 3 and model.random_state == 0
    assert model.criterion is None  # unset: the task decides (gini for a classifier)
    with pytest.raises(AttributeError, match="no_such_thing"):
        model.no_such_thing
