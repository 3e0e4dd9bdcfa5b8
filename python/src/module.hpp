#pragma once
/// The parts of the `_prunekit` extension, each added to the module by its own file.

#include <pybind11/pybind11.h>

#include "tree_estimator.hpp"

namespace prunekit::python {

/// DecisionTreeClassifier and DecisionTreeRegressor (estimator_bindings.cpp).
void bind_estimators(pybind11::module_& module);
/// MLPClassifier and CNNClassifier (network_bindings.cpp); after bind_estimators (their base).
void bind_networks(pybind11::module_& module);
/// prune, cost_complexity_path and methods (pruning.cpp).
void bind_pruning(pybind11::module_& module);
/// The C++ halves of from_sklearn and to_sklearn (sklearn_interop.cpp).
void bind_sklearn_interop(pybind11::module_& module);
/// The C++ half of run (experiment.cpp).
void bind_experiment(pybind11::module_& module);

/// scikit-learn's cost_complexity_pruning_path: a tree with `estimator`'s parameters fitted on
/// X, y (the estimator itself is left as it is), and its path as {"ccp_alphas", "impurities"}.
[[nodiscard]] pybind11::dict cost_complexity_path(const TreeEstimator& estimator,
                                                  pybind11::handle X, pybind11::handle y);

}  // namespace prunekit::python
