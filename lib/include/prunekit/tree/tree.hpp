#pragma once
/// A fitted CART tree as flat arrays (the layout of scikit-learn's `sklearn.tree._tree.Tree`):
/// node 0 is the root, a leaf has children_left == children_right == -1, and every child's id
/// is larger than its parent's. Pruning code builds on this value type: it reads the per-node
/// statistics and asks for `collapsed()` copies.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/data/dataset.hpp"

namespace prunekit {

/// Split criterion (Breiman et al. 1984, ch. 4 and 8): Gini index and entropy for
/// classification, squared error (variance) for regression.
enum class Criterion { gini, entropy, squared_error };
/// "mse" is accepted for squared_error.
constexpr EnumNames<Criterion, 4> enum_names(Criterion) {
  return {{{Criterion::gini, "gini"},
           {Criterion::entropy, "entropy"},
           {Criterion::squared_error, "squared_error"},
           {Criterion::squared_error, "mse"}}};
}

/// Node ids are int32 (a tree never has 2^31 nodes); -1 means "no child" / "no feature".
inline constexpr std::int32_t kNoNode = -1;

/// Decision paths of several rows in compressed-row form: row r visited
/// nodes[indptr[r] .. indptr[r+1]) from the root down to its leaf.
struct DecisionPaths {
  std::vector<std::size_t> indptr;
  std::vector<std::int32_t> nodes;
};

/// A fitted tree. Arrays have n_nodes() entries except `value` (n_nodes x n_outputs(),
/// row-major). Statistics of node t (all computed on the training samples that reach t):
/// - impurity[t]: the criterion's impurity (Gini index; entropy in bits, as scikit-learn; or
///   the weighted variance of the target for squared error);
/// - n_node_samples[t], weighted_n_node_samples[t]: the count and total weight of samples;
/// - value: classification: the weighted class counts (n_classes per node); regression: the
///   weighted mean of the target (1 per node). For squared error the node's risk (weighted sum
///   of squared errors) is weighted_n_node_samples[t] * impurity[t].
/// A sample goes left when double(x[feature]) <= threshold.
struct Tree {
  Task task = Task::classification;
  Criterion criterion = Criterion::gini;
  std::size_t n_features = 0;
  /// Number of classes (0 for regression).
  std::size_t n_classes = 0;
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;

  std::vector<std::int32_t> children_left;
  std::vector<std::int32_t> children_right;
  std::vector<std::int32_t> feature;
  std::vector<double> threshold;
  std::vector<double> impurity;
  std::vector<std::int64_t> n_node_samples;
  std::vector<double> weighted_n_node_samples;
  std::vector<double> value;

  [[nodiscard]] std::size_t n_nodes() const noexcept { return children_left.size(); }
  /// Values per node in `value`: n_classes for classification, 1 for regression.
  [[nodiscard]] std::size_t n_outputs() const noexcept {
    return task == Task::classification ? n_classes : 1;
  }
  [[nodiscard]] bool is_leaf(std::size_t node) const noexcept {
    return children_left[node] == kNoNode;
  }
  [[nodiscard]] std::size_t n_leaves() const noexcept;
  /// Length of the longest root-to-leaf path in edges (a single leaf has depth 0).
  [[nodiscard]] std::size_t depth() const;
  /// Depth of every node (root 0).
  [[nodiscard]] std::vector<std::size_t> node_depths() const;
  /// Node t's values (n_outputs() entries).
  [[nodiscard]] std::span<const double> node_value(std::size_t node) const noexcept {
    return {value.data() + node * n_outputs(), n_outputs()};
  }
  /// The node's prediction: the first class of largest weight (as numpy's argmax), or the mean.
  [[nodiscard]] double node_prediction(std::size_t node) const noexcept;
  /// Resubstitution risk of node t as a leaf: the weighted misclassified count for
  /// classification, the weighted sum of squared errors for regression (Breiman et al. R(t),
  /// not divided by the total weight).
  [[nodiscard]] double node_risk(std::size_t node) const noexcept;

  /// Leaf index (node id) reached by each row of `data` (data.n_features() == n_features).
  [[nodiscard]] std::vector<std::int32_t> apply(const Dataset& data) const;
  /// One prediction per row: class id (as double) or regression value.
  [[nodiscard]] std::vector<double> predict(const Dataset& data) const;
  /// Class probabilities, rows x n_classes row-major (the leaf's normalised weighted counts).
  [[nodiscard]] std::vector<double> predict_proba(const Dataset& data) const;
  /// Nodes visited by each row.
  [[nodiscard]] DecisionPaths decision_path(const Dataset& data) const;
  /// Impurity-based feature importances (mean decrease in impurity, Breiman et al. 1984,
  /// sec. 5.3.4), normalised to sum to 1 as scikit-learn does (all zero for a single leaf).
  [[nodiscard]] std::vector<double> feature_importances() const;

  /// A compact copy in which every internal node t with make_leaf[t] becomes a leaf (its
  /// subtree is dropped); statistics are kept and nodes are renumbered in depth-first
  /// pre-order (left before right), so children still come after parents. make_leaf has
  /// n_nodes() entries; entries of leaves and of dropped nodes are ignored.
  [[nodiscard]] Tree collapsed(std::span<const bool> make_leaf) const;
  /// As above, and fills new_id[old] with the new id of each old node (-1 when dropped).
  [[nodiscard]] Tree collapsed(std::span<const bool> make_leaf,
                               std::vector<std::int32_t>& new_id) const;

  /// Checks the structural invariants (array lengths, child ids after their parent and in
  /// range, each node reached once, features in range); returns an empty string when valid,
  /// otherwise the first problem found.
  [[nodiscard]] std::string validate() const;
};

}  // namespace prunekit
