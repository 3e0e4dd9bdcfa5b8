// The `_prunekit` extension module; python/prunekit/__init__.py re-exports it.

#include "module.hpp"

#include "errors.hpp"
#include "prunekit/version.hpp"

PYBIND11_MODULE(_prunekit, module) {
  module.doc() = "prunekit's decision trees, networks and pruning methods (docs/python.md)";
  module.attr("__version__") = prunekit::kVersion;
  prunekit::python::register_errors(module);
  prunekit::python::bind_estimators(module);
  prunekit::python::bind_networks(module);
  prunekit::python::bind_pruning(module);
  prunekit::python::bind_sklearn_interop(module);
  prunekit::python::bind_experiment(module);
}
