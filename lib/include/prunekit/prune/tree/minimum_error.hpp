#pragma once
/// Minimum error pruning (Niblett and Bratko 1986), and its m-estimate variant (Cestnik and
/// Bratko 1991). A node's expected error rate as a leaf is
///   Laplace:    (n - n_c + k - 1) / (n + k)        (k classes)
///   m-estimate: (n - n_c + m (1 - p_c)) / (n + m)  (p_c: prior of the node's class)
/// Bottom-up, a node becomes a leaf when that static error is no more than the dynamic error
/// of its subtree, sum_i (n_i / n) E(child_i). Classification only.

#include <optional>

#include "prunekit/prune/tree/tree_pruner.hpp"

namespace prunekit {

struct MinimumErrorParams {
  /// Unset: Niblett and Bratko's Laplace estimate; set: the m-estimate with this m >= 0.
  std::optional<double> m;
  bool merge_leaves = false;
};

[[nodiscard]] Tree prune_minimum_error(const Tree& tree, const MinimumErrorParams& params);

class MinimumErrorPruner final : public TreePruner {
 public:
  explicit MinimumErrorPruner(MinimumErrorParams params)
      : TreePruner(params.merge_leaves), params_(params) {}
  [[nodiscard]] std::string method() const override { return "minimum_error"; }
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
  MinimumErrorParams params_;
};

}  // namespace prunekit
