// MLPClassifier and CNNClassifier as Python classes over NetworkEstimator.

#include <string>

#include <nlohmann/json.hpp>

#include "estimator_bindings.hpp"
#include "module.hpp"
#include "network_estimator.hpp"

namespace prunekit::python {

void bind_networks(py::module_& module) {
  py::class_<NetworkEstimator, Estimator> base(module, "_Network", py::dynamic_attr(),
                                               "What MLPClassifier and CNNClassifier share.");
  base.def(
      "_restore",
      [](py::object self, const std::string& model_json, py::object classes,
         const std::string& source) {
        auto& estimator = self.cast<NetworkEstimator&>();
        nlohmann::json model_file = nlohmann::json::parse(model_json);
        // The parameters are the estimator's: one source, checked when it was made.
        model_file["params"] = estimator.model_params();
        estimator.restore(model_file, std::move(classes), source);
        return self;
      },
      py::arg("model_json"), py::arg("classes"), py::arg("source"),
      "Makes this estimator hold the layers of the model file `model_json` (without "
      "\"params\": its own are used; prunekit.from_torch).");

  py::class_<MlpEstimator, NetworkEstimator> mlp(
      module, "MLPClassifier", py::dynamic_attr(),
      "A multi-layer perceptron classifier (prunekit's mlp model; docs/python.md).");
  bind_classifier(mlp);
  mlp.def_property_readonly("layers_", &MlpEstimator::layers,
                            "Per dense layer: weight (outputs x inputs), bias, weight_mask, "
                            "bias_mask (True = kept) and the activation after it.")
      .def_property_readonly(
          "n_layers_",
          [](const MlpEstimator& e) { return e.model("n_layers_").network().n_layers() + 1; },
          "Layers counting the input layer, as scikit-learn's MLPClassifier.n_layers_.");

  py::class_<CnnEstimator, NetworkEstimator> cnn(
      module, "CNNClassifier", py::dynamic_attr(),
      "A convolutional network classifier over flat images (prunekit's cnn model; "
      "docs/python.md).");
  bind_classifier(cnn);
}

}  // namespace prunekit::python
