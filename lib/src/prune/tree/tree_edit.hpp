#pragma once
// Small operations shared by the tree-pruning methods: collapsing nodes, parents, routing a
// dataset through a tree to count what reaches each node, merging same-class sibling leaves.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "prunekit/data/dataset.hpp"
#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// A compact copy where every node with make_leaf[t] becomes a leaf.
[[nodiscard]] Tree collapse_nodes(const Tree& tree, const std::vector<bool>& make_leaf);

/// parent[t] for every node (kNoNode for the root).
[[nodiscard]] std::vector<std::int32_t> parents_of(const Tree& tree);

/// What a dataset's rows contribute to each node they pass through.
struct RoutedCounts {
  /// Classification: weighted class counts, n_nodes x n_classes row-major.
  std::vector<double> class_counts;
  /// Regression: per node the count, sum and sum of squares of the targets.
  std::vector<double> count;
  std::vector<double> sum;
  std::vector<double> sum_squares;
};
[[nodiscard]] RoutedCounts route(const Tree& tree, const Dataset& data);

/// Error a node would make as a leaf on routed rows: misclassified count (predicting the
/// node's training class) or sum of squared errors (predicting its training mean).
[[nodiscard]] double leaf_error_on(const Tree& tree, const RoutedCounts& routed, std::size_t node);

/// Bottom-up pruning, the shape of reduced-error, minimum-error and error-based pruning: a
/// node becomes a leaf when its error as a leaf, leaf_error(t), is at most its already pruned
/// subtree's, subtree_error(t, best left, best right), plus `tolerance`.
template <typename LeafError, typename SubtreeError>
[[nodiscard]] Tree prune_bottom_up(const Tree& tree, LeafError&& leaf_error,
                                   SubtreeError&& subtree_error, double tolerance = 0.0) {
  const std::size_t n = tree.n_nodes();
  std::vector<double> best(n, 0.0);  // the error of the pruned subtree at t
  std::vector<bool> make_leaf(n, false);
  for (std::size_t t = n; t-- > 0;) {
    const double as_leaf = leaf_error(t);
    if (tree.is_leaf(t)) {
      best[t] = as_leaf;
      continue;
    }
    const double subtree = subtree_error(t, best[static_cast<std::size_t>(tree.children_left[t])],
                                         best[static_cast<std::size_t>(tree.children_right[t])]);
    make_leaf[t] = as_leaf <= subtree + tolerance;
    best[t] = make_leaf[t] ? as_leaf : subtree;
  }
  return collapse_nodes(tree, make_leaf);
}

/// Collapses, bottom-up, every internal node whose two children are leaves predicting the same
/// class (classification only; predictions are unchanged, probabilities are not).
[[nodiscard]] Tree merge_same_class_leaves(const Tree& tree);

}  // namespace prunekit
