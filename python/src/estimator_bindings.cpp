// DecisionTreeClassifier and DecisionTreeRegressor as Python classes over TreeEstimator.

#include <string>

#include "module.hpp"

namespace prunekit::python {

namespace {

namespace py = pybind11;

std::string class_name(const py::object& self) {
  return py::type::of(self).attr("__name__").cast<std::string>();
}

/// What every estimator has: fit, predict, score, parameters, sizes, the model file.
void bind_common(py::class_<TreeEstimator>& c) {
  c.def(
       "fit",
       [](py::object self, py::handle X, py::handle y, py::handle sample_weight) {
         self.cast<TreeEstimator&>().fit(X, y, sample_weight);
         return self;
       },
       py::arg("X"), py::arg("y"), py::arg("sample_weight") = py::none(),
       "Grows a tree on X (rows x features) and y, rows weighted by sample_weight; returns "
       "self.")
      .def("predict", &TreeEstimator::predict, py::arg("X"),
           "One prediction per row: a label of classes_, or a value.")
      .def("score", &TreeEstimator::score, py::arg("X"), py::arg("y"),
           py::arg("sample_weight") = py::none(),
           "Accuracy (classifier) or R^2 (regressor) on X, y, rows weighted by sample_weight.")
      .def("__sklearn_is_fitted__", &TreeEstimator::fitted)
      .def(
          "__getattr__",
          [](const TreeEstimator& e, const std::string& name) -> py::object {
            // The parameters read as attributes, as scikit-learn's estimators store them.
            const py::dict params = e.get_params();
            if (!params.contains(name))
              throw py::attribute_error("'" + std::string("estimator' has no attribute '") + name +
                                        "'");
            return params[py::str(name)];
          },
          py::arg("name"))
      .def("apply", &TreeEstimator::apply, py::arg("X"), "The leaf (node id) each row reaches.")
      .def(
          "get_params", [](const TreeEstimator& e, bool) { return e.get_params(); },
          py::arg("deep") = true, "Every parameter, defaults included.")
      .def(
          "set_params",
          [](py::object self, py::kwargs params) {
            self.cast<TreeEstimator&>().set_params(params);
            return self;
          },
          "Sets parameters (checked before anything changes); returns self.")
      .def("get_n_leaves",
           [](const TreeEstimator& e) { return e.model("get_n_leaves").tree().n_leaves(); })
      .def("get_depth", [](const TreeEstimator& e) { return e.model("get_depth").tree().depth(); })
      .def_property_readonly(
          "n_leaves_",
          [](const TreeEstimator& e) { return e.model("n_leaves_").tree().n_leaves(); })
      .def_property_readonly(
          "node_count_",
          [](const TreeEstimator& e) { return e.model("node_count_").tree().n_nodes(); })
      .def_property_readonly("n_features_in_", &TreeEstimator::n_features)
      .def_property_readonly("feature_importances_", &TreeEstimator::feature_importances)
      .def_property_readonly("fitted_", &TreeEstimator::fitted)
      .def("cost_complexity_pruning_path", &cost_complexity_path, py::arg("X"), py::arg("y"),
           "scikit-learn's cost_complexity_pruning_path: {'ccp_alphas', 'impurities'}.")
      .def("to_json", &TreeEstimator::to_json,
           "The fitted model as a prunekit model file (JSON text).")
      .def("__repr__", [](py::object self) {
        return self.cast<const TreeEstimator&>().repr(class_name(self));
      });
}

/// Pickling: the parameters as given, the fitted model file and the classes.
template <class Estimator>
auto pickling() {
  return py::pickle(
      [](const Estimator& e) -> py::tuple {
        const bool fitted = e.fitted();
        const bool labelled = fitted && e.task() == Task::classification;
        return py::make_tuple(e.get_params(),
                              fitted ? py::object(py::str(e.to_json())) : py::object(py::none()),
                              labelled ? e.classes() : py::object(py::none()));
      },
      [](const py::tuple& state) -> std::unique_ptr<Estimator> {
        if (state.size() != 3) throw py::value_error("pickle: a state of 3 items expected");
        auto e = std::make_unique<Estimator>(state[0].cast<py::dict>());
        if (!state[1].is_none()) e->restore(state[1].cast<std::string>(), state[2]);
        return e;
      });
}

}  // namespace

void bind_estimators(py::module_& module) {
  // dynamic_attr: instances have a __dict__, as Python objects do (scikit-learn's checks read it).
  py::class_<TreeEstimator> base(module, "_DecisionTree", py::dynamic_attr(),
                                 "What DecisionTreeClassifier and DecisionTreeRegressor share.");
  bind_common(base);

  py::class_<ClassifierEstimator, TreeEstimator> classifier(
      module, "DecisionTreeClassifier", py::dynamic_attr(),
      "A CART classification tree (prunekit's decision_tree model; docs/python.md).");
  classifier
      .def(
          py::init([](py::kwargs params) { return std::make_unique<ClassifierEstimator>(params); }))
      .def("predict_proba", &TreeEstimator::predict_proba, py::arg("X"),
           "Class probabilities, rows x len(classes_).")
      .def_property_readonly("classes_", &TreeEstimator::classes)
      .def_property_readonly("n_classes_",
                             [](const TreeEstimator& e) { return py::len(e.classes()); })
      .def(pickling<ClassifierEstimator>());
  classifier.attr("_estimator_type") = "classifier";

  py::class_<RegressorEstimator, TreeEstimator> regressor(
      module, "DecisionTreeRegressor", py::dynamic_attr(),
      "A CART regression tree (prunekit's decision_tree model; docs/python.md).");
  regressor
      .def(py::init([](py::kwargs params) { return std::make_unique<RegressorEstimator>(params); }))
      .def(pickling<RegressorEstimator>());
  regressor.attr("_estimator_type") = "regressor";
}

}  // namespace prunekit::python
