// The C++ half of prunekit.from_sklearn and prunekit.to_sklearn (python/prunekit/_sklearn.py
// gathers and places scikit-learn's attributes): a scikit-learn tree's arrays become a fitted
// estimator through the same reader as `prunekit import-sklearn`, and a fitted estimator's tree
// becomes arrays again.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "arrays.hpp"
#include "json_convert.hpp"
#include "module.hpp"
#include "prunekit/core/enum_names.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit::python {

namespace {

namespace py = pybind11;

/// How errors in the arrays name their source (there is no file).
constexpr const char* kSklearnSource = "<scikit-learn estimator>";

/// `estimator` (a new DecisionTreeClassifier/Regressor with scikit-learn's parameters) fitted
/// with the tree of `dump`: the fields tools/sklearn_tree_dump.py writes, arrays as numpy's.
py::object adopt_sklearn_tree(py::object estimator, const py::dict& dump, py::object classes) {
  TreeEstimator& target = estimator.cast<TreeEstimator&>();
  Tree tree = tree_from_sklearn_json(to_json(dump, "the scikit-learn tree"), kSklearnSource);
  if (tree.task != target.task())
    throw py::value_error(std::string("a scikit-learn ") + to_string(tree.task) +
                          " tree cannot become a prunekit " + to_string(target.task()) + " tree");
  DecisionTreeConfig config = target.model_config();
  target.adopt(std::make_unique<DecisionTreeModel>(std::move(config), std::move(tree)),
               std::move(classes));
  return estimator;
}

template <class T>
py::array_t<std::int64_t> int64_array(const std::vector<T>& values) {
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) out.mutable_data()[i] = values[i];
  return out;
}

/// The fitted tree as scikit-learn's `tree_` arrays (value: nodes x outputs, the weighted class
/// counts or the mean), with the facts that size them.
py::dict sklearn_tree_arrays(const TreeEstimator& estimator) {
  const Tree& tree = estimator.model("to_sklearn").tree();
  py::dict out;
  out["task"] = to_string(tree.task);
  out["criterion"] = to_string(tree.criterion);
  out["n_features"] = tree.n_features;
  out["n_outputs"] = tree.n_outputs();
  out["max_depth"] = tree.depth();
  out["children_left"] = int64_array(tree.children_left);
  out["children_right"] = int64_array(tree.children_right);
  out["feature"] = int64_array(tree.feature);
  out["threshold"] = to_numpy(tree.threshold);
  out["impurity"] = to_numpy(tree.impurity);
  out["n_node_samples"] = int64_array(tree.n_node_samples);
  out["weighted_n_node_samples"] = to_numpy(tree.weighted_n_node_samples);
  out["value"] = to_numpy(tree.value, tree.n_nodes(), tree.n_outputs());
  return out;
}

}  // namespace

void bind_sklearn_interop(py::module_& module) {
  module.def("_adopt_sklearn_tree", &adopt_sklearn_tree, py::arg("estimator"), py::arg("dump"),
             py::arg("classes"),
             "Fits `estimator` with a scikit-learn tree's arrays (prunekit.from_sklearn).");
  module.def("_sklearn_tree_arrays", &sklearn_tree_arrays, py::arg("estimator"),
             "A fitted tree as scikit-learn's tree_ arrays (prunekit.to_sklearn).");
}

}  // namespace prunekit::python
