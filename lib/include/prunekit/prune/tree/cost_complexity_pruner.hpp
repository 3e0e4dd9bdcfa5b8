#pragma once
/// Cost-complexity pruning behind the shared interface (method "cost_complexity"), with the
/// subtree chosen by a fixed alpha, a fixed cp (alpha / R(root), as rpart), a validation set,
/// k-fold cross-validation or the one-standard-error rule (Breiman et al. 1984, sec. 3.4.3).

#include <memory>

#include "prunekit/prune/selection.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"
#include "prunekit/prune/tree/tree_pruner.hpp"

namespace prunekit {

struct CostComplexityParams {
  CostComplexityOptions path;
  SelectionParams selection;
  /// When set, the fixed knob is a cp (alpha = cp * R(root)) rather than an alpha.
  bool knob_is_cp = false;
  bool merge_leaves = false;
};

/// The walked path of one tree: subtrees on demand, rpart's geometric-mean candidates.
class TreeCostComplexityPath final : public PathModels {
 public:
  TreeCostComplexityPath(const DecisionTreeModel& model, const CostComplexityOptions& options);
  [[nodiscard]] const PruningPath& path() const override { return path_; }
  [[nodiscard]] std::vector<double> candidate_knobs() const override;
  [[nodiscard]] std::unique_ptr<Model> at(double alpha) const override;
  [[nodiscard]] const CostComplexityPath& steps() const noexcept { return steps_; }

 private:
  DecisionTreeConfig config_;
  Tree tree_;
  CostComplexityPath steps_;
  PruningPath path_;
};

class CostComplexityPruner final : public TreePruner {
 public:
  explicit CostComplexityPruner(CostComplexityParams params)
      : TreePruner(params.merge_leaves), params_(params) {}
  [[nodiscard]] std::string method() const override { return "cost_complexity"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] const CostComplexityParams& settings() const noexcept { return params_; }

  /// Parses {"method": "cost_complexity", "alpha"|"cp": x, "select": ..., "folds": k,
  /// "se_factor": s, "risk": ..., "ties": ..., "merge_leaves": b}.
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  [[nodiscard]] TreePruneOutcome prune_tree(const DecisionTreeModel& model,
                                            const PruneContext& context,
                                            Rng& rng) const override;

 private:
  CostComplexityParams params_;
};

}  // namespace prunekit
