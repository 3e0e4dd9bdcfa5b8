#pragma once
/// Critical value pruning (Mingers 1987): each split has a measure of its quality; a node is
/// pruned when its measure, and that of every split below it, falls short of a critical value.
/// The measure here is the confidence 1 - p of the split's G statistic (likelihood-ratio
/// chi-square test of independence between branch and class, df = (classes at the node - 1)).
/// Raising the critical value prunes a nested sequence of subtrees, so the critical value is a
/// knob on a path and can be chosen by the shared selection rules. Classification only.

#include "prunekit/prune/selection.hpp"
#include "prunekit/prune/tree/tree_pruner.hpp"

namespace prunekit {

/// The split confidence 1 - p(G) of every internal node (0 for leaves).
[[nodiscard]] std::vector<double> split_confidences(const Tree& tree);

/// Prunes every node whose subtree holds no split with confidence >= critical_value.
[[nodiscard]] Tree prune_critical_value(const Tree& tree, double critical_value);

struct CriticalValueParams {
  /// Fixed knob = the critical value, in [0, 1]; 0.95 by default, as the JSON spec.
  SelectionParams selection{.knob = 0.95};
  bool merge_leaves = false;
};

class CriticalValuePruner final : public TreePruner {
 public:
  explicit CriticalValuePruner(CriticalValueParams params)
      : TreePruner(params.merge_leaves), params_(params) {}
  [[nodiscard]] std::string method() const override { return "critical_value"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] bool supports(const Model& model) const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  [[nodiscard]] TreePruneOutcome prune_tree(const DecisionTreeModel& model,
                                            const PruneContext& context,
                                            Rng& rng) const override;

 private:
  CriticalValueParams params_;
};

}  // namespace prunekit
