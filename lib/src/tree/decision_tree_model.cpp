#include "prunekit/tree/decision_tree_model.hpp"

#include <algorithm>
#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit {

namespace {

using Json = nlohmann::json;

const char* const kKeys[] = {"criterion",
                             "max_depth",
                             "min_samples_split",
                             "min_samples_leaf",
                             "min_weight_fraction_leaf",
                             "min_impurity_decrease",
                             "max_leaf_nodes",
                             "max_features",
                             "feature_order",
                             "class_weight"};

std::string keys_list() {
  std::string s;
  for (const char* k : kKeys) s += (s.empty() ? "" : ", ") + std::string(k);
  return s;
}

struct Parser {
  const std::string& file;
  const std::string& path;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw ConfigError(file, path + "/" + key, problem);
  }
  std::optional<std::size_t> optional_count(const Json& v, const std::string& key,
                                            std::size_t min) const {
    if (v.is_null()) return std::nullopt;
    if (!v.is_number_integer() || v.get<std::int64_t>() < static_cast<std::int64_t>(min))
      fail(key, "must be null or an integer >= " + std::to_string(min) + ", got " + v.dump());
    return static_cast<std::size_t>(v.get<std::int64_t>());
  }
  SampleCount sample_count(const Json& v, const std::string& key, std::int64_t min_count,
                           bool fraction_may_be_one) const {
    if (v.is_number_integer()) {
      if (v.get<std::int64_t>() < min_count)
        fail(key, "must be an integer >= " + std::to_string(min_count) + ", got " + v.dump());
      return {static_cast<double>(v.get<std::int64_t>()), false};
    }
    if (v.is_number_float()) {
      const double f = v.get<double>();
      if (!(f > 0.0 && (fraction_may_be_one ? f <= 1.0 : f < 1.0)))
        fail(key, std::string("a fraction must be in (0, 1") + (fraction_may_be_one ? "]" : ")") +
                      ", got " + v.dump());
      return {f, true};
    }
    fail(key, "must be an integer or a fraction, got " + v.dump());
  }
  double number(const Json& v, const std::string& key, double lo, double hi) const {
    if (!v.is_number() || !(v.get<double>() >= lo && v.get<double>() <= hi))
      fail(key, "must be a number in [" + Json(lo).dump() + ", " +
                    (std::isinf(hi) ? std::string("inf") : Json(hi).dump()) + "], got " + v.dump());
    return v.get<double>();
  }
  // The parameters whose values are more than a number, one reader each.
  void criterion(const Json& v, const std::string& key, TreeParams& t) const {
    if (v.is_null()) return;
    const auto c = v.is_string() ? enum_from_name<Criterion>(v.get<std::string>()) : std::nullopt;
    if (!c) fail(key, "must be \"gini\", \"entropy\" or \"squared_error\", got " + v.dump());
    t.criterion = *c;
  }
  MaxFeatures max_features(const Json& v, const std::string& key) const {
    if (v.is_null() || v == "all") return {};
    if (v == "sqrt") return {MaxFeatures::Kind::sqrt, 0.0};
    if (v == "log2") return {MaxFeatures::Kind::log2, 0.0};
    if (v.is_number_integer()) {
      if (v.get<std::int64_t>() < 1) fail(key, "must be >= 1, got " + v.dump());
      return {MaxFeatures::Kind::count, static_cast<double>(v.get<std::int64_t>())};
    }
    if (v.is_number_float()) {
      const double f = v.get<double>();
      if (!(f > 0.0 && f <= 1.0)) fail(key, "a fraction must be in (0, 1], got " + v.dump());
      return {MaxFeatures::Kind::fraction, f};
    }
    fail(key,
         "must be null, \"all\", \"sqrt\", \"log2\", an integer or a fraction, got " + v.dump());
  }
  FeatureOrder feature_order(const Json& v, const std::string& key) const {
    if (v == "random") return FeatureOrder::random;
    if (v == "column") return FeatureOrder::column;
    fail(key, "must be \"random\" (scikit-learn) or \"column\" (rpart), got " + v.dump());
  }
  /// null, "balanced", weights by class id (into config.tree) or by class name (into config).
  void class_weight(const Json& v, const std::string& key, DecisionTreeConfig& config) const {
    TreeParams& t = config.tree;
    if (v.is_null()) {
      t.class_weight.clear();
      t.balanced_class_weight = false;
    } else if (v == "balanced") {
      t.balanced_class_weight = true;
    } else if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number() || !(v[i].get<double>() >= 0.0))
          throw ConfigError(file, path + "/class_weight/" + std::to_string(i),
                            "must be a number >= 0, got " + v[i].dump());
        t.class_weight.push_back(v[i].get<double>());
      }
    } else if (v.is_object()) {
      for (const auto& [name, w] : v.items()) {
        if (!w.is_number() || !(w.get<double>() >= 0.0))
          throw ConfigError(file, path + "/class_weight/" + name,
                            "must be a number >= 0, got " + w.dump());
        config.class_weight_by_name.emplace_back(name, w.get<double>());
      }
    } else {
      fail(key,
           "must be null, \"balanced\", an array of weights by class id or an object "
           "{\"class name\": weight}, got " +
               v.dump());
    }
  }
};

}  // namespace

DecisionTreeConfig parse_decision_tree_params(const Json& params, const std::string& config_file,
                                              const std::string& json_path) {
  DecisionTreeConfig config;
  if (params.is_null()) return config;
  if (!params.is_object())
    throw ConfigError(config_file, json_path, "decision tree parameters must be an object");
  const Parser p{config_file, json_path};
  TreeParams& t = config.tree;
  for (const auto& [key, v] : params.items()) {
    if (key == "kind") continue;  // the model object of a config names its kind beside these
    if (key == "criterion") {
      p.criterion(v, key, t);
    } else if (key == "max_depth") {
      t.max_depth = p.optional_count(v, key, 1);
    } else if (key == "min_samples_split") {
      t.min_samples_split = p.sample_count(v, key, 2, true);
    } else if (key == "min_samples_leaf") {
      t.min_samples_leaf = p.sample_count(v, key, 1, false);
    } else if (key == "min_weight_fraction_leaf") {
      t.min_weight_fraction_leaf = p.number(v, key, 0.0, 0.5);
    } else if (key == "min_impurity_decrease") {
      t.min_impurity_decrease = p.number(v, key, 0.0, HUGE_VAL);
    } else if (key == "max_leaf_nodes") {
      t.max_leaf_nodes = p.optional_count(v, key, 2);
    } else if (key == "max_features") {
      t.max_features = p.max_features(v, key);
    } else if (key == "feature_order") {
      t.feature_order = p.feature_order(v, key);
    } else if (key == "class_weight") {
      p.class_weight(v, key, config);
    } else {
      throw ConfigError(config_file, json_path + "/" + key,
                        "unknown decision tree parameter (valid: " + keys_list() + ")");
    }
  }
  return config;
}

Json decision_tree_params_to_json(const DecisionTreeConfig& config) {
  const TreeParams& t = config.tree;
  Json j = Json::object();
  j["criterion"] = t.criterion ? Json(to_string(*t.criterion)) : Json(nullptr);
  j["max_depth"] = t.max_depth ? Json(*t.max_depth) : Json(nullptr);
  auto count = [](const SampleCount& c) {
    return c.is_fraction ? Json(c.amount) : Json(static_cast<std::int64_t>(c.amount));
  };
  j["min_samples_split"] = count(t.min_samples_split);
  j["min_samples_leaf"] = count(t.min_samples_leaf);
  j["min_weight_fraction_leaf"] = t.min_weight_fraction_leaf;
  j["min_impurity_decrease"] = t.min_impurity_decrease;
  j["max_leaf_nodes"] = t.max_leaf_nodes ? Json(*t.max_leaf_nodes) : Json(nullptr);
  switch (t.max_features.kind) {
    case MaxFeatures::Kind::all:
      j["max_features"] = nullptr;
      break;
    case MaxFeatures::Kind::sqrt:
      j["max_features"] = "sqrt";
      break;
    case MaxFeatures::Kind::log2:
      j["max_features"] = "log2";
      break;
    case MaxFeatures::Kind::count:
      j["max_features"] = static_cast<std::int64_t>(t.max_features.amount);
      break;
    case MaxFeatures::Kind::fraction:
      j["max_features"] = t.max_features.amount;
      break;
  }
  j["feature_order"] = to_string(t.feature_order);
  if (t.balanced_class_weight) {
    j["class_weight"] = "balanced";
  } else if (!config.class_weight_by_name.empty()) {
    Json o = Json::object();
    for (const auto& [name, w] : config.class_weight_by_name) o[name] = w;
    j["class_weight"] = o;
  } else if (!t.class_weight.empty()) {
    j["class_weight"] = t.class_weight;
  } else {
    j["class_weight"] = nullptr;
  }
  return j;
}

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
