#pragma once
/// DecisionTreeClassifier and DecisionTreeRegressor: an Estimator (estimator.hpp) of
/// prunekit's decision_tree model, with row weights, the tree's arrays and its leaves.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "estimator.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit::python {

class TreeEstimator : public Estimator {
 public:
  /// `params`: the keyword arguments (model parameters and random_state); checked at once.
  TreeEstimator(Task task, py::dict params) : Estimator("decision_tree", task, std::move(params)) {}

  /// The model parameters as the tree's configuration.
  [[nodiscard]] DecisionTreeConfig model_config() const;
  /// The fitted tree (NotFittedError naming `what` before fit).
  [[nodiscard]] const DecisionTreeModel& model(const std::string& what = "this call") const;
  /// The leaf id each row reaches.
  [[nodiscard]] py::array apply(py::handle X) const;
  [[nodiscard]] py::array feature_importances() const;

 protected:
  void fit_rows(Model& model, const Dataset& data, std::span<const double> weights,
                Rng& rng) const override;
  [[nodiscard]] std::size_t model_features(const Model& model) const override;
  [[nodiscard]] std::size_t model_classes(const Model& model) const override;
  [[nodiscard]] std::vector<double> probabilities(const Model& model,
                                                  const Dataset& data) const override;
};

/// The two Python classes: the task decides the criterion's default, predictions and score.
class ClassifierEstimator final : public TreeEstimator {
 public:
  explicit ClassifierEstimator(py::dict params)
      : TreeEstimator(Task::classification, std::move(params)) {}
  [[nodiscard]] std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<ClassifierEstimator>(*this);
  }
};

class RegressorEstimator final : public TreeEstimator {
 public:
  explicit RegressorEstimator(py::dict params)
      : TreeEstimator(Task::regression, std::move(params)) {}
  [[nodiscard]] std::unique_ptr<Estimator> clone() const override {
    return std::make_unique<RegressorEstimator>(*this);
  }
};

}  // namespace prunekit::python
