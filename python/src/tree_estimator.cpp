#include "tree_estimator.hpp"

#include <cstdint>

#include "arrays.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit::python {

namespace {

const DecisionTreeModel& as_tree(const Model& model) {
  const auto* tree = dynamic_cast<const DecisionTreeModel*>(&model);
  if (tree == nullptr) throw InvalidArgument("not a decision tree model: " + model.kind());
  return *tree;
}

}  // namespace

DecisionTreeConfig TreeEstimator::model_config() const { return as_tree(*make()).config(); }

const DecisionTreeModel& TreeEstimator::model(const std::string& what) const {
  return as_tree(fitted_model(what));
}

void TreeEstimator::fit_rows(Model& model, const Dataset& data, std::span<const double> weights,
                             Rng& rng) const {
  auto& tree = dynamic_cast<DecisionTreeModel&>(model);
  py::gil_scoped_release release;
  if (weights.empty())
    tree.fit(data, rng);
  else
    tree.fit(data, rng, weights);
}

std::size_t TreeEstimator::model_features(const Model& model) const {
  return as_tree(model).tree().n_features;
}

std::size_t TreeEstimator::model_classes(const Model& model) const {
  return as_tree(model).tree().n_classes;
}

std::vector<double> TreeEstimator::probabilities(const Model& model, const Dataset& data) const {
  const DecisionTreeModel& tree = as_tree(model);
  py::gil_scoped_release release;
  return tree.tree().predict_proba(data);
}

py::array TreeEstimator::apply(py::handle X) const {
  const DecisionTreeModel& tree = model("apply");
  const Dataset data = features(X);
  const std::vector<std::int32_t> leaves = tree.tree().apply(data);
  py::array_t<std::int64_t> out(static_cast<py::ssize_t>(leaves.size()));
  for (std::size_t i = 0; i < leaves.size(); ++i) out.mutable_data()[i] = leaves[i];
  return out;
}

py::array TreeEstimator::feature_importances() const {
  return to_numpy(model("feature_importances_").tree().feature_importances());
}

}  // namespace prunekit::python
