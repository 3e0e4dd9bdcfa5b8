#pragma once
/// Pessimistic error pruning (Quinlan 1987): no pruning set. A leaf's training errors get a
/// continuity correction of 1/2; top-down, node t becomes a leaf when
/// e(t) + 1/2 <= e'(T_t) + SE(e'(T_t)), where e'(T_t) = sum over its leaves of (e + 1/2) and
/// SE = sqrt(e'(T_t) (n(t) - e'(T_t)) / n(t)) (the one-standard-error test). Classification only.

#include "prunekit/prune/tree/tree_pruner.hpp"

namespace prunekit {

[[nodiscard]] Tree prune_pessimistic(const Tree& tree);

class PessimisticPruner final : public TreePruner {
 public:
  explicit PessimisticPruner(bool merge_leaves) : TreePruner(merge_leaves) {}
  [[nodiscard]] std::string method() const override { return "pessimistic"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] bool supports(const Model& model) const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  [[nodiscard]] TreePruneOutcome prune_tree(const DecisionTreeModel& model,
                                            const PruneContext& context,
                                            Rng& rng) const override;
};

}  // namespace prunekit
