#include "errors.hpp"

#include "prunekit/core/error.hpp"

namespace prunekit::python {

void register_errors(pybind11::module_& module) {
  namespace py = pybind11;
  // pybind11 tries translators from the last registered to the first: the base class first, so
  // that the derived classes, registered after it, are matched before it.
  py::register_exception<prunekit::Error>(module, "PrunekitError", PyExc_RuntimeError);
  py::register_exception<prunekit::ConfigError>(module, "ConfigError", PyExc_ValueError);
  py::register_exception<prunekit::DataError>(module, "DataError", PyExc_ValueError);
  py::register_exception<prunekit::InvalidArgument>(module, "InvalidArgument", PyExc_ValueError);
}

}  // namespace prunekit::python
