#pragma once
/// The scikit-learn-style face of a prunekit decision tree: parameters kept as the Python
/// values given (so that sklearn.base.clone finds the very objects back), checked through the
/// model registry (make_model("decision_tree", params)), and a fitted DecisionTreeModel with
/// the training data's classes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <nlohmann/json.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit::python {

namespace py = pybind11;

/// The estimator parameter that is not a model parameter: the seed of the model's Rng.
inline constexpr const char* kRandomState = "random_state";

class TreeEstimator {
 public:
  /// `params`: the keyword arguments (model parameters and random_state); checked at once.
  TreeEstimator(Task task, py::dict params);
  TreeEstimator(const TreeEstimator&) = default;
  TreeEstimator& operator=(const TreeEstimator&) = default;
  virtual ~TreeEstimator() = default;
  /// A copy of the same Python class.
  [[nodiscard]] virtual std::unique_ptr<TreeEstimator> clone() const = 0;

  [[nodiscard]] Task task() const noexcept { return task_; }
  /// Every parameter: the given values, the model's defaults for the others, random_state.
  [[nodiscard]] py::dict get_params() const;
  /// Updates some parameters (checked as a whole before anything changes). Returns nothing;
  /// the binding returns self.
  void set_params(const py::dict& updates);
  /// The model parameters as JSON (without random_state).
  [[nodiscard]] nlohmann::json model_params() const;
  /// The model parameters as the tree's configuration.
  [[nodiscard]] DecisionTreeConfig model_config() const;
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  /// "DecisionTreeClassifier(max_depth=3)": the given parameters.
  [[nodiscard]] std::string repr(const std::string& class_name) const;

  /// Fits a new tree on X, y, weighting the rows by `sample_weight` when it is not None (the
  /// GIL is released while the tree grows).
  void fit(py::handle X, py::handle y, py::handle sample_weight);
  /// A fitted tree on X, y with these parameters (and row weights, when not empty), leaving
  /// this estimator as it is.
  [[nodiscard]] std::unique_ptr<DecisionTreeModel> fit_model(
      const Dataset& data, std::span<const double> sample_weight = {}) const;
  [[nodiscard]] py::array predict(py::handle X) const;
  /// Class probabilities, rows x n_classes (classifier).
  [[nodiscard]] py::array predict_proba(py::handle X) const;
  /// Accuracy (classifier) or R^2 (regressor), weighted by `sample_weight` when not None.
  [[nodiscard]] double score(py::handle X, py::handle y, py::handle sample_weight) const;
  /// The leaf id each row reaches.
  [[nodiscard]] py::array apply(py::handle X) const;

  /// X and y as the library's data: features, and y as the fitted model's classes (a label it
  /// has not seen is a ValueError; before fit, the classes of y) or regression targets.
  [[nodiscard]] Dataset dataset(py::handle X, py::handle y) const;

  [[nodiscard]] bool fitted() const noexcept { return model_ != nullptr; }
  /// The fitted model (NotFittedError naming `what` before fit).
  [[nodiscard]] const DecisionTreeModel& model(const std::string& what = "this call") const;
  [[nodiscard]] py::object classes() const;
  [[nodiscard]] std::size_t n_features() const;
  [[nodiscard]] py::array feature_importances() const;
  /// The fitted model file as JSON text (the CLI reads it with `prunekit show`, `eval`).
  [[nodiscard]] std::string to_json() const;

  /// A fitted copy of this estimator holding `model` instead (a pruned tree).
  [[nodiscard]] std::unique_ptr<TreeEstimator> with_model(std::unique_ptr<Model> model) const;
  /// Restores a fitted estimator from to_json() and its classes (pickling).
  void restore(const std::string& model_json, py::object classes);
  /// Makes this estimator fitted with a tree grown elsewhere (scikit-learn's) and, for a
  /// classifier, its labels (sorted, one per class of the tree; None for a regressor).
  void adopt(std::unique_ptr<DecisionTreeModel> model, py::object classes);

 private:
  /// Checks `given` (model parameters and random_state) through the registry.
  static void check_params(const py::dict& given);
  [[nodiscard]] Dataset features(py::handle X) const;

  Task task_;
  py::dict params_;  ///< as given, random_state included
  std::uint64_t seed_ = 0;
  std::shared_ptr<const DecisionTreeModel> model_;
  py::object classes_;  ///< numpy array of labels (classifier); None otherwise
};

/// The two Python classes: the task decides the criterion's default, predictions and score.
class ClassifierEstimator final : public TreeEstimator {
 public:
  explicit ClassifierEstimator(py::dict params) : TreeEstimator(Task::classification, params) {}
  [[nodiscard]] std::unique_ptr<TreeEstimator> clone() const override {
    return std::make_unique<ClassifierEstimator>(*this);
  }
};

class RegressorEstimator final : public TreeEstimator {
 public:
  explicit RegressorEstimator(py::dict params) : TreeEstimator(Task::regression, params) {}
  [[nodiscard]] std::unique_ptr<TreeEstimator> clone() const override {
    return std::make_unique<RegressorEstimator>(*this);
  }
};

}  // namespace prunekit::python
