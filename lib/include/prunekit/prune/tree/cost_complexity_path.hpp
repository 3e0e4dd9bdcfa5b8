#pragma once
/// The alpha path of a fitted tree as the shared selection machinery walks it (method
/// "cost_complexity": a fixed alpha, a fixed cp = alpha / R(root) as rpart, a validation set,
/// k-fold cross-validation or the one-standard-error rule; Breiman et al. 1984, sec. 3.4.3).

#include <memory>

#include "prunekit/prune/path.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {

/// The walked path of one tree: subtrees on demand, rpart's geometric-mean candidates.
class TreeCostComplexityPath final : public PathModels {
 public:
  TreeCostComplexityPath(const DecisionTreeModel& model, const CostComplexityOptions& options);
  [[nodiscard]] const PruningPath& path() const override { return path_; }
  [[nodiscard]] std::vector<double> candidate_knobs() const override;
  [[nodiscard]] std::unique_ptr<Model> at(double alpha) const override;
  /// Scores every knob at once: each row is routed down the unpruned tree once, and the node
  /// that predicts it at a knob is the topmost node of its path already collapsed by then.
  /// O(rows x depth x log knobs) instead of one pruned tree and one prediction per knob.
  [[nodiscard]] std::vector<double> held_out_errors(
      const Dataset& test, const std::vector<double>& knobs) const override;
  /// The loss of every row at every knob, losses[row][knob]: 0/1 for classification, the
  /// squared error for regression (rpart's xval sums these per row).
  [[nodiscard]] std::vector<std::vector<double>> row_losses(const Dataset& test,
                                                            const std::vector<double>& knobs) const;
  [[nodiscard]] const CostComplexityPath& steps() const noexcept { return steps_; }

 private:
  /// Steps applied at `alpha` (in order, while their alpha is <= `alpha`).
  [[nodiscard]] std::size_t steps_applied(double alpha) const;

  DecisionTreeConfig config_;
  Tree tree_;
  CostComplexityPath steps_;
  PruningPath path_;
  /// The step after which each node is no longer internal (0 for leaves).
  std::vector<std::uint32_t> gone_at_step_;
};

}  // namespace prunekit
