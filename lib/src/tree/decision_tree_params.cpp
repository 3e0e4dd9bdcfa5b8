// The decision tree's parameters: their table (types, ranges, docs), the reader that turns a
// JSON object into a DecisionTreeConfig, and the writer back.
#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {

namespace {

using Json = nlohmann::json;

/// A count >= `min_count` or a fraction in (0, 1) / (0, 1].
Param sample_count_param(std::string name, std::int64_t min_count, bool fraction_may_be_one,
                         std::string doc) {
  const std::string fraction = fraction_may_be_one ? "(0, 1]" : "(0, 1)";
  Param p = custom_param(
      std::move(name), nullptr,
      "int >= " + std::to_string(min_count) + " or fraction in " + fraction,
      [=](const Json& v, const ParamValues& where) {
        if (v.is_number_integer()) {
          if (v.get<std::int64_t>() < min_count)
            where.fail("",
                       "must be an integer >= " + std::to_string(min_count) + ", got " + v.dump());
          return v;
        }
        if (!v.is_number_float())
          where.fail("", "must be an integer or a fraction, got " + v.dump());
        const double f = v.get<double>();
        if (!(f > 0.0 && (fraction_may_be_one ? f <= 1.0 : f < 1.0)))
          where.fail("", "a fraction must be in " + fraction + ", got " + v.dump());
        return v;
      },
      std::move(doc));
  p.grid_axis = true;
  return p;
}

Json check_max_features(const Json& v, const ParamValues& where) {
  if (v == "all" || v == "sqrt" || v == "log2") return v;
  if (v.is_number_integer()) {
    if (v.get<std::int64_t>() < 1) where.fail("", "must be >= 1, got " + v.dump());
    return v;
  }
  if (v.is_number_float()) {
    const double f = v.get<double>();
    if (!(f > 0.0 && f <= 1.0)) where.fail("", "a fraction must be in (0, 1], got " + v.dump());
    return v;
  }
  where.fail(
      "", "must be null, \"all\", \"sqrt\", \"log2\", an integer or a fraction, got " + v.dump());
}

Json check_class_weight(const Json& v, const ParamValues& where) {
  if (v == "balanced") return v;
  if (!v.is_array() && !v.is_object())
    where.fail("",
               "must be null, \"balanced\", an array of weights by class id or an object "
               "{\"class name\": weight}, got " +
                   v.dump());
  for (const auto& [key, w] : v.items())
    if (!w.is_number() || !(w.get<double>() >= 0.0))
      where.fail(key, "must be a number >= 0, got " + w.dump());
  return v;
}

std::vector<Param> declared_params() {
  Param criterion = or_null(choice_param(
      "criterion", "", enum_choices<Criterion>(),
      "impurity measure: Gini index or entropy (bits) for classification, squared error "
      "(variance) for regression"));
  criterion.default_text = "gini (classification), squared_error (regression)";
  Param max_depth = or_null(integer_param("max_depth", std::nullopt, Range::at_least(1),
                                          "maximum depth (the root has depth 0)"));
  max_depth.default_text = "null (unlimited)";
  Param max_leaf_nodes = or_null(
      integer_param("max_leaf_nodes", std::nullopt, Range::at_least(2),
                    "grow best-first (largest impurity decrease first) up to this many leaves"));
  max_leaf_nodes.default_text = "null (depth-first, unlimited)";
  Param max_features = or_null(custom_param(
      "max_features", nullptr, "\"all\", \"sqrt\", \"log2\", int >= 1, fraction in (0, 1]",
      check_max_features,
      "how many features each node searches, drawn at random (from the model's `Rng`) in the "
      "node's feature order; as in scikit-learn, drawing continues until that many non-constant "
      "features were evaluated. null, `all`, `n_features` and `1.0` all search every feature"));
  max_features.grid_axis = true;
  max_features.default_text = "null (all features)";
  Param class_weight = or_null(custom_param(
      "class_weight", nullptr,
      "\"balanced\", array of weights by class id, or object {\"class name\": weight}",
      check_class_weight,
      "multiplies each sample's weight by its class's weight; `balanced` is n_samples / "
      "(n_classes * count_c)"));
  class_weight.default_text = "null (all 1)";
  return {
      criterion,
      max_depth,
      sample_count_param("min_samples_split", 2, true,
                         "a node with fewer samples is not split; a fraction f means "
                         "ceil(f * n_rows)"),
      sample_count_param("min_samples_leaf", 1, false,
                         "each child of a split keeps at least this many samples (a split "
                         "violating it is not considered)"),
      number_param("min_weight_fraction_leaf", 0.0, Range::closed(0, 0.5),
                   "each child keeps at least this fraction of the total sample weight"),
      number_param("min_impurity_decrease", 0.0, Range::at_least(0),
                   "a split is made only if N_t/N * (impurity - N_L/N_t * impurity_L - N_R/N_t * "
                   "impurity_R) >= this (N are weighted sample counts)"),
      max_leaf_nodes,
      max_features,
      choice_param("feature_order", "random", enum_choices<FeatureOrder>(),
                   "the order in which a node searches its features; the first strictly best "
                   "split wins, so this decides between features whose best splits tie. "
                   "`random`: a fresh seeded permutation at every node, as scikit-learn's "
                   "splitter (two seeds can give two trees); `column`: the columns' order, as "
                   "rpart (the tree does not depend on the seed)"),
      class_weight,
  };
}

SampleCount sample_count(const Json& v) {
  if (v.is_number_integer()) return {static_cast<double>(v.get<std::int64_t>()), false};
  return {v.get<double>(), true};
}

MaxFeatures max_features(const ParamValues& values) {
  if (!values.has("max_features")) return {};
  const Json& v = values.json()["max_features"];
  if (v == "all") return {};
  if (v == "sqrt") return {MaxFeatures::Kind::sqrt, 0.0};
  if (v == "log2") return {MaxFeatures::Kind::log2, 0.0};
  if (v.is_number_integer())
    return {MaxFeatures::Kind::count, static_cast<double>(v.get<std::int64_t>())};
  return {MaxFeatures::Kind::fraction, v.get<double>()};
}

/// "balanced", weights by class id (into config.tree) or by class name (into config).
void set_class_weight(const ParamValues& values, DecisionTreeConfig& config) {
  if (!values.has("class_weight")) return;
  const Json& v = values.json()["class_weight"];
  if (v == "balanced")
    config.tree.balanced_class_weight = true;
  else if (v.is_array())
    config.tree.class_weight = v.get<std::vector<double>>();
  else
    for (const auto& [name, w] : v.items())
      config.class_weight_by_name.emplace_back(name, w.get<double>());
}

}  // namespace

const ParamTable& decision_tree_param_table() {
  // The defaults are TreeParams' own, written once in the struct.
  static const ParamTable kTable =
      ParamTable::with_defaults(declared_params(), decision_tree_params_to_json({}));
  return kTable;
}

DecisionTreeConfig parse_decision_tree_params(const Json& params, const std::string& config_file,
                                              const std::string& json_path) {
  DecisionTreeConfig config;
  if (params.is_null()) return config;
  // The model object of a config names its kind beside the parameters.
  const ParamValues values =
      decision_tree_param_table().read(params, config_file, json_path, {"kind"});
  TreeParams& t = config.tree;
  if (values.has("criterion"))
    t.criterion = parse_enum<Criterion>(values.choice("criterion"), "criterion");
  if (values.has("max_depth")) t.max_depth = static_cast<std::size_t>(values.integer("max_depth"));
  t.min_samples_split = sample_count(values.json()["min_samples_split"]);
  t.min_samples_leaf = sample_count(values.json()["min_samples_leaf"]);
  t.min_weight_fraction_leaf = values.number("min_weight_fraction_leaf");
  t.min_impurity_decrease = values.number("min_impurity_decrease");
  if (values.has("max_leaf_nodes"))
    t.max_leaf_nodes = static_cast<std::size_t>(values.integer("max_leaf_nodes"));
  t.max_features = max_features(values);
  t.feature_order = parse_enum<FeatureOrder>(values.choice("feature_order"), "feature_order");
  set_class_weight(values, config);
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

}  // namespace prunekit
