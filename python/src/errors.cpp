#include "errors.hpp"

#include "prunekit/core/error.hpp"

namespace prunekit::python {

namespace {

namespace py = pybind11;

// The classes live as long as the interpreter (as pybind11's own exception types do).
PyObject* g_not_fitted = nullptr;
PyObject* g_data_conversion = nullptr;

/// A new exception class `prunekit.<name>` with `bases`, added to `module`.
PyObject* add_class(py::module_& module, const char* name, const py::tuple& bases,
                    const char* doc) {
  const std::string qualified = std::string("prunekit.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (cls == nullptr) throw py::error_already_set();
  module.add_object(name, py::reinterpret_borrow<py::object>(cls));
  return cls;
}

/// prunekit.NotFittedError, or, once scikit-learn is loaded, a subclass of it that is also
/// scikit-learn's NotFittedError (so that its estimator checks and `except
/// sklearn.exceptions.NotFittedError` catch it) - without prunekit importing scikit-learn.
PyObject* not_fitted_class() {
  static PyObject* with_sklearn = nullptr;
  if (with_sklearn != nullptr) return with_sklearn;
  const py::dict modules = py::module_::import("sys").attr("modules");
  if (!modules.contains("sklearn.exceptions")) return g_not_fitted;
  const py::object theirs = modules["sklearn.exceptions"].attr("NotFittedError");
  const py::tuple bases = py::make_tuple(py::handle(g_not_fitted), theirs);
  with_sklearn = PyErr_NewException("prunekit.NotFittedError", bases.ptr(), nullptr);
  if (with_sklearn == nullptr) throw py::error_already_set();
  return with_sklearn;
}

}  // namespace

void register_errors(py::module_& module) {
  // pybind11 tries translators from the last registered to the first: the base class first, so
  // that the derived classes, registered after it, are matched before it.
  py::register_exception<prunekit::Error>(module, "PrunekitError", PyExc_RuntimeError);
  py::register_exception<prunekit::ConfigError>(module, "ConfigError", PyExc_ValueError);
  py::register_exception<prunekit::DataError>(module, "DataError", PyExc_ValueError);
  py::register_exception<prunekit::InvalidArgument>(module, "InvalidArgument", PyExc_ValueError);
  g_not_fitted =
      add_class(module, "NotFittedError",
                py::make_tuple(py::handle(PyExc_ValueError), py::handle(PyExc_AttributeError)),
                "An estimator used before fit (a ValueError and an AttributeError).");
  g_data_conversion =
      add_class(module, "DataConversionWarning", py::make_tuple(py::handle(PyExc_UserWarning)),
                "The input was converted (a column vector y was flattened).");
}

void throw_not_fitted(const std::string& message) {
  PyErr_SetString(not_fitted_class(), message.c_str());
  throw py::error_already_set();
}

void warn_data_conversion(const std::string& message) {
  if (PyErr_WarnEx(g_data_conversion, message.c_str(), 2) != 0) throw py::error_already_set();
}

}  // namespace prunekit::python
