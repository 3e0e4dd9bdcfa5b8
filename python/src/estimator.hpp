#pragma once
/// The scikit-learn-style face of a prunekit model, whatever its kind: parameters kept as the
/// Python values given (so that sklearn.base.clone finds the very objects back), checked through
/// the model registry (make_model(kind, params)), a seed, and a fitted Model with the training
/// data's classes. TreeEstimator (tree_estimator.hpp) and NetworkEstimator
/// (network_estimator.hpp) add what their family has: a tree's arrays, a network's layers.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <nlohmann/json.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit::python {

namespace py = pybind11;

/// The estimator parameter that is not a model parameter: the seed of the model's Rng.
inline constexpr const char* kRandomState = "random_state";

class Estimator {
 public:
  /// `kind`: the registry's model kind; `params`: the keyword arguments (model parameters and
  /// random_state), checked at once.
  Estimator(std::string kind, Task task, py::dict params);
  Estimator(const Estimator&) = default;
  Estimator& operator=(const Estimator&) = default;
  virtual ~Estimator() = default;
  /// A copy of the same Python class.
  [[nodiscard]] virtual std::unique_ptr<Estimator> clone() const = 0;

  [[nodiscard]] const std::string& kind() const noexcept { return kind_; }
  [[nodiscard]] Task task() const noexcept { return task_; }
  /// Every parameter: the given values, the model's defaults for the others, random_state.
  [[nodiscard]] py::dict get_params() const;
  /// Updates some parameters (checked as a whole before anything changes). Returns nothing;
  /// the binding returns self.
  void set_params(const py::dict& updates);
  /// The model parameters as JSON (without random_state).
  [[nodiscard]] nlohmann::json model_params() const;
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  /// "DecisionTreeClassifier(max_depth=3)": the given parameters.
  [[nodiscard]] std::string repr(const std::string& class_name) const;

  /// Fits a new model on X, y, weighting the rows by `sample_weight` when it is not None (the
  /// GIL is released while the model trains).
  void fit(py::handle X, py::handle y, py::handle sample_weight);
  [[nodiscard]] py::array predict(py::handle X) const;
  /// Class probabilities, rows x n_classes (classifier).
  [[nodiscard]] py::array predict_proba(py::handle X) const;
  /// Accuracy (classifier) or R^2 (regressor), weighted by `sample_weight` when not None.
  [[nodiscard]] double score(py::handle X, py::handle y, py::handle sample_weight) const;

  /// X as the library's features (the fitted model's number of columns, once fitted).
  [[nodiscard]] Dataset features(py::handle X) const;
  /// X and y as the library's data: features, and y as the fitted model's classes (a label it
  /// has not seen is a ValueError; before fit, the classes of y) or regression targets.
  [[nodiscard]] Dataset dataset(py::handle X, py::handle y) const;

  [[nodiscard]] bool fitted() const noexcept { return model_ != nullptr; }
  /// The fitted model (NotFittedError naming `what` before fit).
  [[nodiscard]] const Model& fitted_model(const std::string& what = "this call") const;
  [[nodiscard]] py::object classes() const;
  [[nodiscard]] std::size_t n_features() const;
  /// The fitted model's size (Model::size()) as a dict.
  [[nodiscard]] py::object size() const;
  /// The fitted model file as JSON text (the CLI reads it with `prunekit show`, `eval`).
  [[nodiscard]] std::string to_json() const;

  /// A fitted copy of this estimator holding `model` instead (a pruned one).
  [[nodiscard]] std::unique_ptr<Estimator> with_model(std::unique_ptr<Model> model) const;
  /// Restores a fitted estimator from a model file's JSON text and its classes (pickling, and
  /// models built in memory elsewhere); `source` names it in errors.
  void restore(const std::string& model_json, py::object classes,
               const std::string& source = "pickle");
  /// The same from parsed JSON.
  void restore(const nlohmann::json& model_file, py::object classes, const std::string& source);
  /// Makes this estimator fitted with `model` (of this estimator's kind) and, for a
  /// classifier, its labels (one per class of the model, distinct; None for a regressor).
  void adopt(std::unique_ptr<Model> model, py::object classes);

 protected:
  /// A new unfitted model with these parameters.
  [[nodiscard]] std::unique_ptr<Model> make() const;
  /// Fits `model` on `data` with the row weights (empty: none). The default refuses weights.
  virtual void fit_rows(Model& model, const Dataset& data, std::span<const double> weights,
                        Rng& rng) const;
  /// Features and classes (outputs) of a fitted model of this kind.
  [[nodiscard]] virtual std::size_t model_features(const Model& model) const = 0;
  [[nodiscard]] virtual std::size_t model_classes(const Model& model) const = 0;
  /// Class probabilities of a fitted classifier, rows x classes, row-major (GIL released).
  [[nodiscard]] virtual std::vector<double> probabilities(const Model& model,
                                                          const Dataset& data) const = 0;

 private:
  /// Checks `given` (model parameters and random_state) through the registry.
  void check_params(const py::dict& given) const;

  std::string kind_;
  Task task_;
  py::dict params_;  ///< as given, random_state included
  std::uint64_t seed_ = 0;
  std::shared_ptr<const Model> model_;
  py::object classes_;  ///< numpy array of labels (classifier); None otherwise
};

}  // namespace prunekit::python
