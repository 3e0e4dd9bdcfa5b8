#pragma once
/// Critical value pruning (Mingers 1987): each split has a measure of its quality; a node is
/// pruned when its measure, and that of every split below it, falls short of a critical value.
/// The measure here is the confidence 1 - p of the split's G statistic (likelihood-ratio
/// chi-square test of independence between branch and class, df = (classes at the node - 1)).
/// Raising the critical value prunes a nested sequence of subtrees, so the critical value is a
/// knob on a path and can be chosen by the shared selection rules. Classification only.

#include <vector>

#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// The split confidence 1 - p(G) of every internal node (0 for leaves).
[[nodiscard]] std::vector<double> split_confidences(const Tree& tree);

/// Prunes every node whose subtree holds no split with confidence >= critical_value.
[[nodiscard]] Tree prune_critical_value(const Tree& tree, double critical_value);

}  // namespace prunekit
