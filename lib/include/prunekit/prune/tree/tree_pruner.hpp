#pragma once
/// What every tree-pruning method shares: it applies to a fitted DecisionTreeModel, returns a
/// new compact tree (never touching the input), optionally merges sibling leaves that predict
/// the same class, and reports nodes, leaves and depth before and after.

#include <string>

#include "prunekit/prune/pruner.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {

struct TreePruneOutcome {
  Tree tree;
  std::string knob_name;
  double knob = 0.0;
  nlohmann::json details = nlohmann::json::object();
  std::optional<PruningPath> path;
  std::optional<SelectionTrace> selection;
  /// Set when the method refitted the tree (reduced-error pruning grows on part of the data).
  std::optional<DecisionTreeConfig> config;
};

class TreePruner : public Pruner {
 public:
  explicit TreePruner(bool merge_leaves) : merge_leaves_(merge_leaves) {}
  [[nodiscard]] bool supports(const Model& model) const override;
  [[nodiscard]] PruneResult prune(const Model& model, const PruneContext& context,
                                  Rng& rng) const final;

 protected:
  /// The method itself, on the model's tree.
  [[nodiscard]] virtual TreePruneOutcome prune_tree(const DecisionTreeModel& model,
                                                    const PruneContext& context,
                                                    Rng& rng) const = 0;
  [[nodiscard]] bool merge_leaves() const noexcept { return merge_leaves_; }

 private:
  bool merge_leaves_;
};

}  // namespace prunekit
