#pragma once
/// Error-based pruning as in C4.5 (Quinlan 1993, ch. 4): a node's predicted errors are
/// N * U_CF(E, N) (confidence.hpp). Bottom-up, a node becomes a leaf when its predicted errors
/// as a leaf are no more than its subtree's (+0.1, as C4.5 and J48). With subtree raising, a
/// node may instead be replaced by its largest branch, which then receives all of the node's
/// training cases (statistics recomputed) and is pruned again. Classification only.

#include "prunekit/data/dataset.hpp"
#include "prunekit/prune/tree/confidence.hpp"
#include "prunekit/tree/tree.hpp"

namespace prunekit {

struct ErrorBasedParams {
  double confidence = 0.25;  ///< C4.5's CF
  ConfidenceZ z = ConfidenceZ::weka;
  bool subtree_raising = false;
};

/// Prunes `tree` (no subtree raising).
[[nodiscard]] Tree prune_error_based(const Tree& tree, const ErrorBasedParams& params);
/// With subtree raising: needs the training data the tree was grown on.
[[nodiscard]] Tree prune_error_based(const Tree& tree, const Dataset& train,
                                     const ErrorBasedParams& params);

}  // namespace prunekit
