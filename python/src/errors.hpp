#pragma once
/// The library's exceptions as Python exceptions with the same message: ConfigError, DataError
/// and InvalidArgument subclass ValueError, any other prunekit::Error is a PrunekitError
/// (a RuntimeError); other C++ exceptions keep pybind11's translation (RuntimeError). Plus the
/// module's own: NotFittedError (a ValueError and an AttributeError, as scikit-learn's, so that
/// hasattr() is False for a fitted attribute before fit) and DataConversionWarning.

#include <string>

#include <pybind11/pybind11.h>

namespace prunekit::python {

/// Adds prunekit.PrunekitError, ConfigError, DataError, InvalidArgument, NotFittedError and
/// DataConversionWarning to `module` and registers the translators.
void register_errors(pybind11::module_& module);

/// Raises prunekit.NotFittedError with `message`.
[[noreturn]] void throw_not_fitted(const std::string& message);

/// Issues prunekit.DataConversionWarning (scikit-learn's name for "your data was converted").
void warn_data_conversion(const std::string& message);

}  // namespace prunekit::python
