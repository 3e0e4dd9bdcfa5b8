#pragma once
/// Reduced-error pruning (Quinlan 1987): the tree is grown on part of the training data; the
/// rest is a pruning set. Bottom-up, a node becomes a leaf when, as a leaf, it makes no more
/// errors on the pruning set than its (already pruned) subtree does. Classification counts
/// misclassified rows; regression sums squared errors.

#include "prunekit/data/dataset.hpp"
#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// Prunes `tree` against the pruning set `pruning` (rows routed through the tree).
[[nodiscard]] Tree prune_reduced_error(const Tree& tree, const Dataset& pruning);

}  // namespace prunekit
