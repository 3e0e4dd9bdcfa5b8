#pragma once
/// Trees as JSON (prunekit's own format and scikit-learn dumps) and as text for people
/// (an indented listing like scikit-learn's export_text / rpart's print, and Graphviz DOT).

#include <string>

#include <nlohmann/json.hpp>

#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// The tree as JSON: {"task", "criterion", "n_features", "n_classes", "feature_names",
/// "class_names", "nodes": {"children_left": [...], ..., "value": [...]}}. Thresholds and all
/// statistics are written as shortest round-trip decimals, so reading gives bit-identical
/// doubles.
[[nodiscard]] nlohmann::json tree_to_json(const Tree& tree);

/// Inverse of tree_to_json. A missing field, a wrong type, an array of the wrong length, a
/// child index out of range or not after its parent, or an unknown criterion is a DataError
/// naming `file` and the field.
[[nodiscard]] Tree tree_from_json(const nlohmann::json& json, const std::string& file);

/// A tree from a JSON dump of a fitted scikit-learn DecisionTreeClassifier/Regressor's
/// `tree_` arrays (children_left, children_right, feature, threshold, impurity,
/// n_node_samples, weighted_n_node_samples, value) plus classes_, n_features_in_, criterion
/// and feature_names_in_ (optional), as tools/sklearn_tree_dump.py writes it. Thresholds stay
/// float64, so the tree predicts exactly as scikit-learn does on float32 data. `value` may
/// hold counts (scikit-learn < 1.4) or fractions (>= 1.4); both become weighted counts.
[[nodiscard]] Tree tree_from_sklearn_json(const nlohmann::json& dump, const std::string& file);

/// Indented rules, one line per node, e.g. "|--- worst_radius <= 16.80" then the leaves'
/// "class: benign (212 samples)".
[[nodiscard]] std::string render_tree_text(const Tree& tree);
struct DotOptions {
  /// Fill each box with its majority class's colour, faded by its purity (regression: by its
  /// value), as scikit-learn's export_graphviz(filled=True).
  bool filled = false;
};

/// Graphviz DOT laid out as scikit-learn's export_graphviz (precision 3): one box per node with
/// the split, impurity, samples, value and class, one line each (DOT's "\n" escape).
[[nodiscard]] std::string render_tree_dot(const Tree& tree, const DotOptions& options = {});
/// Nodes, leaves, depth, criterion, and the most important features.
[[nodiscard]] std::string render_tree_summary(const Tree& tree);

}  // namespace prunekit
