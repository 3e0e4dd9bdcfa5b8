#pragma once
/// Minimal cost-complexity (weakest-link) pruning, Breiman, Friedman, Olshen and Stone 1984,
/// ch. 3.3: R_alpha(T) = R(T) + alpha |leaves(T)|. The weakest link is the internal node t with
/// the smallest g(t) = (R(t) - R(T_t)) / (|leaves(T_t)| - 1); collapsing weakest links one after
/// another gives a nested sequence of subtrees, each optimal for an interval of alpha.
///
/// Units: internal nodes (collapsed to leaves). Score: g(t). Schedule: alpha. Path: the
/// sequence of subtrees. Selection: fixed alpha or cp, validation set, k-fold CV, 1-SE.

#include <cstdint>
#include <string>
#include <vector>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/tree/tree.hpp"

namespace prunekit {

/// How a node's risk R(t) is measured. Both are divided by the root's total weight.
enum class TreeRisk {
  impurity,           ///< weighted impurity w_t * i(t) / W: scikit-learn's choice
  misclassification,  ///< weighted misclassified share: Breiman's and rpart's (regression: SSE)
};
constexpr EnumNames<TreeRisk, 2> enum_names(TreeRisk) {
  return {{{TreeRisk::misclassification, "misclassification"}, {TreeRisk::impurity, "impurity"}}};
}

/// Tied weakest links: pruned one at a time (scikit-learn: lowest node id first) or all at once
/// (Breiman et al. and rpart).
enum class TieRule { one_at_a_time, all_at_once };
constexpr EnumNames<TieRule, 2> enum_names(TieRule) {
  return {{{TieRule::all_at_once, "all_at_once"}, {TieRule::one_at_a_time, "one_at_a_time"}}};
}

struct CostComplexityOptions {
  TreeRisk risk = TreeRisk::impurity;
  TieRule ties = TieRule::one_at_a_time;
};

/// One step of the path: after collapsing `collapsed` (node ids of the original tree), the tree
/// has `leaves` leaves and total leaf risk `risk`. Step 0 is the unpruned tree (alpha 0, no
/// node collapsed).
struct CostComplexityStep {
  double alpha = 0.0;
  double risk = 0.0;
  std::size_t leaves = 0;
  std::size_t nodes = 0;
  std::vector<std::int32_t> collapsed;
};

struct CostComplexityPath {
  std::vector<CostComplexityStep> steps;
  /// R(root) as a leaf, the unit of rpart's cp (cp = alpha / root_risk).
  double root_risk = 0.0;
};

/// The whole pruning path of `tree`, without refitting. Runs in O(n log n + n d) for n nodes
/// and depth d (a heap of weakest links whose stale entries are refreshed when they surface),
/// instead of scikit-learn's O(n^2) scan; with TreeRisk::impurity and TieRule::one_at_a_time its
/// alphas and risks equal scikit-learn's `cost_complexity_pruning_path` (same arithmetic, same tie
/// order).
[[nodiscard]] CostComplexityPath cost_complexity_path(const Tree& tree,
                                                      const CostComplexityOptions& options = {});

/// Which original nodes become leaves at `alpha`: the steps are applied in order while their
/// alpha is <= `alpha` (scikit-learn's ccp_alpha semantics). make_leaf has n_nodes entries.
[[nodiscard]] std::vector<bool> collapsed_at(const CostComplexityPath& path, std::size_t n_nodes,
                                             double alpha);

/// The optimal subtree for `alpha`, compact (Tree::collapsed).
[[nodiscard]] Tree prune_cost_complexity(const Tree& tree, const CostComplexityPath& path,
                                         double alpha);

/// Per-node risk R(t) under `risk` (already divided by the root weight).
[[nodiscard]] std::vector<double> node_risks(const Tree& tree, TreeRisk risk);

}  // namespace prunekit
