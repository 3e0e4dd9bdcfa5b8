// The estimators' common base class, and DecisionTreeClassifier and DecisionTreeRegressor as
// Python classes over TreeEstimator.

#include "estimator_bindings.hpp"

#include <string>

#include "errors.hpp"
#include "module.hpp"
#include "tree_estimator.hpp"

namespace prunekit::python {

namespace {

namespace py = pybind11;

/// What every estimator has: fit, predict, score, parameters, size, the model file.
void bind_common(py::class_<Estimator>& c) {
  c.def(
       "fit",
       [](py::object self, py::handle X, py::handle y, py::handle sample_weight) {
         self.cast<Estimator&>().fit(X, y, sample_weight);
         return self;
       },
       py::arg("X"), py::arg("y"), py::arg("sample_weight") = py::none(),
       "Fits a model on X (rows x features) and y, rows weighted by sample_weight; returns "
       "self.")
      .def("predict", &Estimator::predict, py::arg("X"),
           "One prediction per row: a label of classes_, or a value.")
      .def("score", &Estimator::score, py::arg("X"), py::arg("y"),
           py::arg("sample_weight") = py::none(),
           "Accuracy (classifier) or R^2 (regressor) on X, y, rows weighted by sample_weight.")
      .def("__sklearn_is_fitted__", &Estimator::fitted)
      .def(
          "__getattr__",
          [](const Estimator& e, const std::string& name) -> py::object {
            // The parameters read as attributes, as scikit-learn's estimators store them.
            const py::dict params = e.get_params();
            // A fitted attribute (classes_, layers_) whose property raised NotFittedError.
            if (!params.contains(name) && !e.fitted() && name.size() > 1 && name.front() != '_' &&
                name.back() == '_')
              throw_not_fitted(name + " is set by fit(X, y): this estimator is not fitted yet");
            if (!params.contains(name))
              throw py::attribute_error("'" + std::string("estimator' has no attribute '") + name +
                                        "'");
            return params[py::str(name)];
          },
          py::arg("name"))
      .def(
          "get_params", [](const Estimator& e, bool) { return e.get_params(); },
          py::arg("deep") = true, "Every parameter, defaults included.")
      .def(
          "set_params",
          [](py::object self, py::kwargs params) {
            self.cast<Estimator&>().set_params(params);
            return self;
          },
          "Sets parameters (checked before anything changes); returns self.")
      .def_property_readonly("n_features_in_", &Estimator::n_features)
      .def_property_readonly("size_", &Estimator::size,
                             "The fitted model's size, as `prunekit show` reports it.")
      .def_property_readonly("fitted_", &Estimator::fitted)
      .def("to_json", &Estimator::to_json, "The fitted model as a prunekit model file (JSON text).")
      .def("__repr__",
           [](py::object self) { return self.cast<const Estimator&>().repr(class_name(self)); });
}

/// What both trees have: leaves, depth, importances, the cost-complexity path.
void bind_tree(py::class_<TreeEstimator, Estimator>& c) {
  c.def("apply", &TreeEstimator::apply, py::arg("X"), "The leaf (node id) each row reaches.")
      .def("get_n_leaves",
           [](const TreeEstimator& e) { return e.model("get_n_leaves").tree().n_leaves(); })
      .def("get_depth", [](const TreeEstimator& e) { return e.model("get_depth").tree().depth(); })
      .def_property_readonly(
          "n_leaves_",
          [](const TreeEstimator& e) { return e.model("n_leaves_").tree().n_leaves(); })
      .def_property_readonly(
          "node_count_",
          [](const TreeEstimator& e) { return e.model("node_count_").tree().n_nodes(); })
      .def_property_readonly("feature_importances_", &TreeEstimator::feature_importances)
      .def("cost_complexity_pruning_path", &cost_complexity_path, py::arg("X"), py::arg("y"),
           "scikit-learn's cost_complexity_pruning_path: {'ccp_alphas', 'impurities'}.");
}

}  // namespace

void bind_estimators(py::module_& module) {
  // dynamic_attr: instances have a __dict__, as Python objects do (scikit-learn's checks read it).
  py::class_<Estimator> base(module, "_Estimator", py::dynamic_attr(),
                             "What every prunekit estimator shares.");
  bind_common(base);

  py::class_<TreeEstimator, Estimator> tree(
      module, "_DecisionTree", py::dynamic_attr(),
      "What DecisionTreeClassifier and DecisionTreeRegressor share.");
  bind_tree(tree);

  py::class_<ClassifierEstimator, TreeEstimator> classifier(
      module, "DecisionTreeClassifier", py::dynamic_attr(),
      "A CART classification tree (prunekit's decision_tree model; docs/python.md).");
  bind_classifier(classifier);

  py::class_<RegressorEstimator, TreeEstimator> regressor(
      module, "DecisionTreeRegressor", py::dynamic_attr(),
      "A CART regression tree (prunekit's decision_tree model; docs/python.md).");
  regressor
      .def(py::init([](py::kwargs params) { return std::make_unique<RegressorEstimator>(params); }))
      .def(pickling<RegressorEstimator>());
  regressor.attr("_estimator_type") = "regressor";
}

}  // namespace prunekit::python
