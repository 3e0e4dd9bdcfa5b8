#pragma once
/// MLPClassifier and CNNClassifier: Estimators (estimator.hpp) of prunekit's mlp and cnn models.
/// An MLP's layers are readable as numpy arrays, the way python/prunekit/_torch.py carries them
/// to PyTorch (a cnn's travel in its model file, to_json()).

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "estimator.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/nn/mlp_model.hpp"

namespace prunekit::python {

/// What both network classifiers share: softmax probabilities, one output per class.
class NetworkEstimator : public Estimator {
 public:
  /// `kind`: "mlp" or "cnn"; `params`: the model's parameters and random_state, checked at once.
  NetworkEstimator(std::string kind, py::dict params)
      : Estimator(std::move(kind), Task::classification, std::move(params)) {}

 protected:
  /// Refuses a y of one class in scikit-learn's words, then trains (GIL released).
  void fit_rows(Model& model, const Dataset& data, std::span<const double> weights,
                Rng& rng) const override;
  [[nodiscard]] std::size_t model_features(const Model& model) const override;
  [[nodiscard]] std::size_t model_classes(const Model& model) const override;
  /// The softmax of the network's outputs (the logits), computed in double.
  [[nodiscard]] std::vector<double> probabilities(const Model& model,
                                                  const Dataset& data) const override;
};

class MlpEstimator final : public NetworkEstimator {
 public:
  explicit MlpEstimator(py::dict params) : NetworkEstimator("mlp", std::move(params)) {}
  [[nodiscard]] std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<MlpEstimator>(*this);
  }
  /// The fitted network's model (NotFittedError naming `what` before fit).
  [[nodiscard]] const MlpModel& model(const std::string& what = "this call") const;
  /// One dict per dense layer, input to output: "weight" (outputs x inputs, float32, PyTorch's
  /// nn.Linear layout), "bias" (outputs), "weight_mask" and "bias_mask" (bool, True = kept),
  /// "activation" (after the layer; the last is "identity").
  [[nodiscard]] py::list layers() const;
};

class CnnEstimator final : public NetworkEstimator {
 public:
  explicit CnnEstimator(py::dict params) : NetworkEstimator("cnn", std::move(params)) {}
  [[nodiscard]] std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<CnnEstimator>(*this);
  }
};

}  // namespace prunekit::python
