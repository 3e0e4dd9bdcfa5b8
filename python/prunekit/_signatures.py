"""Python signatures for methods of the compiled estimators. pybind11's functions have none, and
scikit-learn inspects some: has_fit_parameter(estimator, "sample_weight"), and the checks that
fit and score take y."""
import inspect

_PARAMETERS = {
    "fit": ("X", "y", ("sample_weight", None)),
    "score": ("X", "y", ("sample_weight", None)),
}


def _parameter(spec):
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if isinstance(spec, tuple):
        return inspect.Parameter(spec[0], kind, default=spec[1])
    return inspect.Parameter(spec, kind)


def give_signatures(cls, fit_weights=True):
    """Wraps cls's compiled fit and score in Python functions that carry their signatures;
    fit_weights False leaves sample_weight out of fit's (a model that cannot weight rows)."""
    for name, specs in _PARAMETERS.items():
        if name == "fit" and not fit_weights:
            specs = specs[:2]
        compiled = getattr(cls, name)

        def method(self, *args, _compiled=compiled, **kwargs):
            return _compiled(self, *args, **kwargs)

        method.__name__ = name
        method.__qualname__ = cls.__name__ + "." + name
        method.__doc__ = compiled.__doc__
        method.__signature__ = inspect.Signature(
            [_parameter("self")] + [_parameter(spec) for spec in specs])
        setattr(cls, name, method)
    return cls
