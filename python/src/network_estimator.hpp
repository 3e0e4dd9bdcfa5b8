#pragma once
/// MLPClassifier: an Estimator (estimator.hpp) of prunekit's mlp model, with the network's
/// layers (weights, biases, masks) readable as numpy arrays, the way python/prunekit/_torch.py
/// carries them to PyTorch.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "estimator.hpp"
#include "prunekit/nn/mlp_model.hpp"

namespace prunekit::python {

class NetworkEstimator final : public Estimator {
 public:
  /// `params`: the mlp model's parameters and random_state; checked at once.
  explicit NetworkEstimator(py::dict params)
      : Estimator("mlp", Task::classification, std::move(params)) {}
  [[nodiscard]] std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<NetworkEstimator>(*this);
  }

  /// The fitted network's model (NotFittedError naming `what` before fit).
  [[nodiscard]] const MlpModel& model(const std::string& what = "this call") const;
  /// One dict per dense layer, input to output: "weight" (outputs x inputs, float32, PyTorch's
  /// nn.Linear layout), "bias" (outputs), "weight_mask" and "bias_mask" (bool, True = kept),
  /// "activation" (after the layer; the last is "identity").
  [[nodiscard]] py::list layers() const;

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

}  // namespace prunekit::python
