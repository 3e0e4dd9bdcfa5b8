#pragma once
/// Reduced-error pruning (Quinlan 1987): the tree is grown on part of the training data; the
/// rest is a pruning set. Bottom-up, a node becomes a leaf when, as a leaf, it makes no more
/// errors on the pruning set than its (already pruned) subtree does. Classification counts
/// misclassified rows; regression sums squared errors.

#include "prunekit/prune/tree/tree_pruner.hpp"

namespace prunekit {

/// Prunes `tree` against the pruning set `pruning` (rows routed through the tree).
[[nodiscard]] Tree prune_reduced_error(const Tree& tree, const Dataset& pruning);

struct ReducedErrorParams {
  /// Share of the training rows held out as the pruning set (stratified, seeded).
  double pruning_fraction = 1.0 / 3.0;
  bool merge_leaves = false;
};

class ReducedErrorPruner final : public TreePruner {
 public:
  explicit ReducedErrorPruner(ReducedErrorParams params)
      : TreePruner(params.merge_leaves), params_(params) {}
  [[nodiscard]] std::string method() const override { return "reduced_error"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  /// Refits the model's parameters on the growing part, then prunes on the pruning part.
  [[nodiscard]] TreePruneOutcome prune_tree(const DecisionTreeModel& model,
                                            const PruneContext& context,
                                            Rng& rng) const override;

 private:
  ReducedErrorParams params_;
};

}  // namespace prunekit
