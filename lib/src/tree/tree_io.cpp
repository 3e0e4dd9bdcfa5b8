#include "prunekit/tree/tree_io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <type_traits>

#include "prunekit/core/error.hpp"
#include "tree/tree_names.hpp"

namespace prunekit {

namespace {

using Json = nlohmann::json;

std::string fmt(double v, int digits = 6) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

template <typename T>
struct IntegerVector : std::false_type {};
template <typename U>
struct IntegerVector<std::vector<U>> : std::bool_constant<std::is_integral_v<U>> {};

/// Reads field `key` of `obj` as T, with a DataError naming the file and the field.
template <typename T>
T field(const Json& obj, const std::string& key, const std::string& file,
        const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end()) throw DataError(file, where + key + ": missing");
  if constexpr (std::is_integral_v<T> || IntegerVector<T>::value) {
    // nlohmann converts a float to an integer type unchecked (undefined beyond its range).
    const auto is_float = [](const Json& v) { return v.is_number_float(); };
    if (it->is_array() ? std::any_of(it->begin(), it->end(), is_float) : is_float(*it))
      throw DataError(file, where + key + ": must hold integers");
  }
  try {
    return it->get<T>();
  } catch (const Json::exception&) {
    throw DataError(file, where + key + ": wrong type (got " + std::string(it->type_name()) + ")");
  }
}

template <typename T>
std::vector<T> array_field(const Json& obj, const std::string& key, std::size_t want,
                           const std::string& file, const std::string& where) {
  auto v = field<std::vector<T>>(obj, key, file, where);
  if (want != static_cast<std::size_t>(-1) && v.size() != want)
    throw DataError(file, where + key + ": " + std::to_string(v.size()) + " entries, expected " +
                              std::to_string(want));
  return v;
}

constexpr std::size_t kAnyLength = static_cast<std::size_t>(-1);

void check_tree(const Tree& tree, const std::string& file, const std::string& where) {
  const std::string problem = tree.validate();
  if (!problem.empty()) throw DataError(file, where + problem);
}

std::string leaf_text(const Tree& tree, std::size_t t) {
  std::string s;
  if (tree.task == Task::classification)
    s = "class: " + class_name(tree, static_cast<std::size_t>(tree.node_prediction(t)));
  else
    s = "value: " + fmt(tree.node_prediction(t));
  s += " (samples " + std::to_string(tree.n_node_samples[t]);
  if (tree.task == Task::classification) {
    s += ", value [";
    const auto v = tree.node_value(t);
    for (std::size_t c = 0; c < v.size(); ++c) s += (c ? ", " : "") + fmt(v[c]);
    s += "]";
  }
  return s + ")";
}

}  // namespace

Json tree_to_json(const Tree& tree) {
  Json nodes = Json::object();
  nodes["children_left"] = tree.children_left;
  nodes["children_right"] = tree.children_right;
  nodes["feature"] = tree.feature;
  nodes["threshold"] = tree.threshold;
  nodes["impurity"] = tree.impurity;
  nodes["n_node_samples"] = tree.n_node_samples;
  nodes["weighted_n_node_samples"] = tree.weighted_n_node_samples;
  nodes["value"] = tree.value;
  Json j = Json::object();
  j["task"] = to_string(tree.task);
  j["criterion"] = to_string(tree.criterion);
  j["n_features"] = tree.n_features;
  j["n_classes"] = tree.n_classes;
  j["feature_names"] = tree.feature_names;
  j["class_names"] = tree.class_names;
  j["nodes"] = std::move(nodes);
  return j;
}

namespace {

/// The per-node arrays that prunekit's files and scikit-learn's `tree_` share (all but
/// `value`); returns the number of nodes.
std::size_t read_node_arrays(const Json& nodes, const std::string& file, const std::string& where,
                             Tree& tree) {
  tree.children_left = array_field<std::int32_t>(nodes, "children_left", kAnyLength, file, where);
  const std::size_t n = tree.children_left.size();
  tree.children_right = array_field<std::int32_t>(nodes, "children_right", n, file, where);
  tree.feature = array_field<std::int32_t>(nodes, "feature", n, file, where);
  tree.threshold = array_field<double>(nodes, "threshold", n, file, where);
  tree.impurity = array_field<double>(nodes, "impurity", n, file, where);
  tree.n_node_samples = array_field<std::int64_t>(nodes, "n_node_samples", n, file, where);
  tree.weighted_n_node_samples =
      array_field<double>(nodes, "weighted_n_node_samples", n, file, where);
  return n;
}

}  // namespace

Tree tree_from_json(const Json& json, const std::string& file) {
  const std::string where = "tree: ";
  if (!json.is_object()) throw DataError(file, "tree: not a JSON object");
  Tree tree;
  const auto task = field<std::string>(json, "task", file, where);
  if (task == "classification")
    tree.task = Task::classification;
  else if (task == "regression")
    tree.task = Task::regression;
  else
    throw DataError(file, where + "task: unknown task '" + task + "'");
  const auto criterion = field<std::string>(json, "criterion", file, where);
  const auto parsed = enum_from_name<Criterion>(criterion);
  if (!parsed) throw DataError(file, where + "criterion: unknown criterion '" + criterion + "'");
  tree.criterion = *parsed;
  if ((tree.task == Task::regression) != (tree.criterion == Criterion::squared_error))
    throw DataError(file,
                    where + "criterion: '" + criterion + "' does not fit a " + task + " tree");
  tree.n_features = field<std::size_t>(json, "n_features", file, where);
  tree.n_classes = field<std::size_t>(json, "n_classes", file, where);
  if (tree.task == Task::regression && tree.n_classes != 0)
    throw DataError(file, where + "n_classes: must be 0 for a regression tree");
  tree.feature_names = array_field<std::string>(json, "feature_names", kAnyLength, file, where);
  tree.class_names = array_field<std::string>(json, "class_names", kAnyLength, file, where);
  const auto nodes_it = json.find("nodes");
  if (nodes_it == json.end() || !nodes_it->is_object())
    throw DataError(file, where + "nodes: missing or not an object");
  const Json& nodes = *nodes_it;
  const std::string nw = "tree: nodes: ";
  const std::size_t n = read_node_arrays(nodes, file, nw, tree);
  tree.value = array_field<double>(nodes, "value", n * tree.n_outputs(), file, nw);
  check_tree(tree, file, where);
  return tree;
}

Tree tree_from_sklearn_json(const Json& dump, const std::string& file) {
  if (!dump.is_object()) throw DataError(file, "not a JSON object (expected a scikit-learn dump)");
  const std::string where;
  Tree tree;
  auto criterion = field<std::string>(dump, "criterion", file, where);
  // scikit-learn's aliases: log_loss is entropy; friedman_mse grows by another score but stores
  // squared-error impurities and mean values.
  if (criterion == "log_loss") criterion = "entropy";
  if (criterion == "friedman_mse") criterion = "squared_error";
  const auto parsed = enum_from_name<Criterion>(criterion);
  if (!parsed)
    throw DataError(file, "criterion: unsupported criterion '" + criterion +
                              "' (supported: gini, entropy, squared_error)");
  tree.criterion = *parsed;
  tree.task = tree.criterion == Criterion::squared_error ? Task::regression : Task::classification;
  tree.n_features = field<std::size_t>(dump, "n_features_in_", file, where);
  if (tree.task == Task::classification) {
    const auto classes = dump.find("classes_");
    if (classes == dump.end() || !classes->is_array() || classes->empty())
      throw DataError(file, "classes_: missing or empty for a classifier");
    for (const auto& c : *classes)
      tree.class_names.push_back(c.is_string() ? c.get<std::string>() : c.dump());
    tree.n_classes = tree.class_names.size();
  }
  if (const auto names = dump.find("feature_names_in_"); names != dump.end() && !names->is_null()) {
    tree.feature_names =
        array_field<std::string>(dump, "feature_names_in_", tree.n_features, file, where);
  } else {
    for (std::size_t f = 0; f < tree.n_features; ++f)
      tree.feature_names.push_back("x" + std::to_string(f));
  }
  const auto arrays_it = dump.find("tree_");
  if (arrays_it == dump.end() || !arrays_it->is_object())
    throw DataError(file, "tree_: missing or not an object");
  const Json& a = *arrays_it;
  const std::string w = "tree_: ";
  const std::size_t n = read_node_arrays(a, file, w, tree);
  // value: n_nodes x n_outputs x max_n_classes.
  const auto value = array_field<std::vector<std::vector<double>>>(a, "value", n, file, w);
  const std::size_t k = tree.n_outputs();
  tree.value.reserve(n * k);
  for (std::size_t t = 0; t < n; ++t) {
    if (value[t].size() != 1)
      throw DataError(file, w + "value: node " + std::to_string(t) + " has " +
                                std::to_string(value[t].size()) +
                                " outputs; only single-output trees are supported");
    const auto& row = value[t][0];
    if (row.size() != k)
      throw DataError(file, w + "value: node " + std::to_string(t) + " has " +
                                std::to_string(row.size()) + " entries, expected " +
                                std::to_string(k));
    double sum = std::accumulate(row.begin(), row.end(), 0.0);
    const double weight = tree.weighted_n_node_samples[t];
    // scikit-learn >= 1.4 stores class fractions; turn them back into weighted counts.
    const bool fractions = tree.task == Task::classification && sum > 0.0 &&
                           std::abs(sum - weight) > 1e-9 * std::max(1.0, weight);
    for (double v : row) tree.value.push_back(fractions ? v / sum * weight : v);
  }
  // scikit-learn marks leaves with feature -2 and threshold -2.
  for (std::size_t t = 0; t < n; ++t)
    if (tree.children_left[t] == kNoNode) {
      tree.feature[t] = kNoNode;
      tree.threshold[t] = 0.0;
    }
  check_tree(tree, file, w);
  return tree;
}

std::string render_tree_text(const Tree& tree) {
  std::ostringstream out;
  if (tree.n_nodes() == 0) return "(empty tree)\n";
  if (tree.is_leaf(0)) return leaf_text(tree, 0) + "\n";
  auto indent = [&](std::size_t depth) {
    std::string s;
    for (std::size_t d = 0; d < depth; ++d) s += "|   ";
    return s + "|--- ";
  };
  // Emits "feature <= thr" before the left subtree and "feature >  thr" before the right one.
  struct Frame {
    std::size_t node;
    std::size_t depth;
    int stage;  // 0: print left header and go left; 1: print right header and go right
  };
  std::vector<Frame> frames{{0, 0, 0}};
  while (!frames.empty()) {
    Frame& fr = frames.back();
    const std::size_t t = fr.node;
    if (tree.is_leaf(t)) {
      out << indent(fr.depth) << leaf_text(tree, t) << "\n";
      frames.pop_back();
      continue;
    }
    const std::string name = feature_name(tree, tree.feature[t]);
    if (fr.stage == 0) {
      fr.stage = 1;
      out << indent(fr.depth) << name << " <= " << fmt(tree.threshold[t]) << "\n";
      frames.push_back({static_cast<std::size_t>(tree.children_left[t]), fr.depth + 1, 0});
    } else if (fr.stage == 1) {
      fr.stage = 2;
      const std::size_t depth = fr.depth;
      out << indent(depth) << name << " >  " << fmt(tree.threshold[t]) << "\n";
      frames.push_back({static_cast<std::size_t>(tree.children_right[t]), depth + 1, 0});
    } else {
      frames.pop_back();
    }
  }
  return out.str();
}

std::string render_tree_summary(const Tree& tree) {
  std::ostringstream out;
  out << "decision tree (" << to_string(tree.task) << ", criterion " << to_string(tree.criterion)
      << ")\n";
  out << "nodes: " << tree.n_nodes() << ", leaves: " << tree.n_leaves()
      << ", depth: " << tree.depth() << "\n";
  out << "features: " << tree.n_features;
  if (tree.task == Task::classification) {
    out << ", classes: " << tree.n_classes << " (";
    for (std::size_t c = 0; c < tree.n_classes; ++c) out << (c ? ", " : "") << class_name(tree, c);
    out << ")";
  }
  out << "\n";
  if (tree.n_nodes() > 0) {
    out << "training samples: " << tree.n_node_samples[0] << " (weight "
        << fmt(tree.weighted_n_node_samples[0]) << ")\n";
    const auto imp = tree.feature_importances();
    std::vector<std::size_t> order(imp.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return imp[a] > imp[b]; });
    out << "feature importances (impurity decrease):\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(10, order.size()); ++i) {
      if (imp[order[i]] <= 0.0) break;
      out << "  " << feature_name(tree, static_cast<std::int32_t>(order[i])) << ": "
          << fmt(imp[order[i]], 4) << "\n";
    }
  }
  return out.str();
}

}  // namespace prunekit
