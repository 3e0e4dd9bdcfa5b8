#pragma once
/// The library's exceptions as Python exceptions with the same message: ConfigError, DataError
/// and InvalidArgument subclass ValueError, any other prunekit::Error is a PrunekitError
/// (a RuntimeError); other C++ exceptions keep pybind11's translation (RuntimeError).

#include <pybind11/pybind11.h>

namespace prunekit::python {

/// Adds prunekit.PrunekitError, ConfigError, DataError and InvalidArgument to `module` and
/// registers their translators.
void register_errors(pybind11::module_& module);

}  // namespace prunekit::python
