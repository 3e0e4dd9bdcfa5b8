#pragma once
// Small operations shared by the tree-pruning methods: collapsing nodes, parents, routing a
// dataset through a tree to count what reaches each node, merging same-class sibling leaves.

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

/// Collapses, bottom-up, every internal node whose two children are leaves predicting the same
/// class (classification only; predictions are unchanged, probabilities are not).
[[nodiscard]] Tree merge_same_class_leaves(const Tree& tree);

}  // namespace prunekit
