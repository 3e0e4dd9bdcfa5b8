#include "prunekit/tree/decision_tree_model.hpp"

#include <algorithm>
#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit {

using Json = nlohmann::json;

std::unique_ptr<Model> DecisionTreeModel::clone() const {
  return std::make_unique<DecisionTreeModel>(config_, tree_);
}

void DecisionTreeModel::fit(const Dataset& train, Rng& rng) { fit(train, rng, {}); }

void DecisionTreeModel::fit(const Dataset& train, Rng& rng, std::span<const double> sample_weight) {
  TreeParams params = config_.tree;
  if (!config_.class_weight_by_name.empty()) {
    if (!train.is_classification())
      throw InvalidArgument("decision tree: class_weight needs a classification task");
    params.class_weight.assign(train.n_classes(), 1.0);
    for (const auto& [name, w] : config_.class_weight_by_name) {
      const auto& names = train.schema.class_names;
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end())
        throw InvalidArgument("decision tree: class_weight names class '" + name +
                              "', which the training data does not have");
      params.class_weight[static_cast<std::size_t>(it - names.begin())] = w;
    }
  }
  tree_ = build_tree(train, params, rng, sample_weight);
}

void DecisionTreeModel::require_fitted() const {
  if (!fitted()) throw InvalidArgument("decision tree: the model is not fitted");
}

std::vector<double> DecisionTreeModel::predict(const Dataset& data) const {
  require_fitted();
  return tree_.predict(data);
}

Task DecisionTreeModel::task() const {
  if (fitted()) return tree_.task;
  return config_.tree.criterion == Criterion::squared_error ? Task::regression
                                                            : Task::classification;
}

ModelSize DecisionTreeModel::size() const {
  ModelSize s = ModelSize::object();
  s["nodes"] = tree_.n_nodes();
  s["leaves"] = tree_.n_leaves();
  s["depth"] = tree_.depth();
  return s;
}

Json DecisionTreeModel::params() const { return decision_tree_params_to_json(config_); }

Json DecisionTreeModel::body_json() const {
  require_fitted();
  Json j = Json::object();
  j["params"] = params();
  j["tree"] = tree_to_json(tree_);
  return j;
}

std::string DecisionTreeModel::render(const std::string& format) const {
  require_fitted();
  if (format == "summary") return render_tree_summary(tree_);
  if (format == "text") return render_tree_text(tree_);
  if (format == "dot") return render_tree_dot(tree_);
  if (format == "dot_filled") return render_tree_dot(tree_, {.filled = true});
  throw InvalidArgument("decision tree: unknown rendering '" + format +
                        "' (valid: summary, text, dot, dot_filled)");
}

std::unique_ptr<DecisionTreeModel> DecisionTreeModel::from_json(const Json& saved,
                                                                const std::string& file) {
  if (!saved.is_object() || !saved.contains("tree"))
    throw DataError(file, "decision tree model: missing \"tree\"");
  DecisionTreeConfig config;
  try {
    config = parse_decision_tree_params(saved.value("params", Json::object()), file, "/params");
  } catch (const ConfigError& e) {
    throw DataError(file, std::string("corrupt parameters: ") + e.what());
  }
  Tree tree = tree_from_json(saved.at("tree"), file);
  return std::make_unique<DecisionTreeModel>(std::move(config), std::move(tree));
}

std::unique_ptr<Model> make_decision_tree_model(const Json& params, const std::string& config_file,
                                                const std::string& json_path) {
  auto config = parse_decision_tree_params(params, config_file, json_path);
  try {
    check_params(config.tree);
  } catch (const InvalidArgument& e) {
    throw ConfigError(config_file, json_path, e.what());
  }
  return std::make_unique<DecisionTreeModel>(std::move(config));
}

std::unique_ptr<Model> load_decision_tree_model(const Json& saved, const std::string& file) {
  return DecisionTreeModel::from_json(saved, file);
}

}  // namespace prunekit
