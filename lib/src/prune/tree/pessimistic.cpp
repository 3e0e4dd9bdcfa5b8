#include "prunekit/prune/tree/pessimistic.hpp"

#include <cmath>

#include "prune/tree/tree_edit.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

namespace {
/// Weighted training errors of node t as a leaf.
double training_errors(const Tree& tree, std::size_t t) {
  double sum = 0.0;
  double max_count = 0.0;
  for (double c : tree.node_value(t)) {
    sum += c;
    max_count = std::max(max_count, c);
  }
  return sum - max_count;
}
}  // namespace

Tree prune_pessimistic(const Tree& tree) {
  const std::size_t n = tree.n_nodes();
  // Subtree sums bottom-up: corrected leaf errors and leaf counts.
  std::vector<double> subtree_errors(n, 0.0);
  std::vector<double> subtree_leaves(n, 0.0);
  for (std::size_t t = n; t-- > 0;) {
    if (tree.is_leaf(t)) {
      subtree_errors[t] = training_errors(tree, t);
      subtree_leaves[t] = 1.0;
    } else {
      const auto l = static_cast<std::size_t>(tree.children_left[t]);
      const auto r = static_cast<std::size_t>(tree.children_right[t]);
      subtree_errors[t] = subtree_errors[l] + subtree_errors[r];
      subtree_leaves[t] = subtree_leaves[l] + subtree_leaves[r];
    }
  }
  // Top-down: the first node (from the root) that passes the test becomes a leaf.
  std::vector<bool> make_leaf(n, false);
  std::vector<std::int32_t> stack{0};
  while (!stack.empty()) {
    const auto t = static_cast<std::size_t>(stack.back());
    stack.pop_back();
    if (tree.is_leaf(t)) continue;
    double cases = 0.0;
    for (double c : tree.node_value(t)) cases += c;
    const double leaf = training_errors(tree, t) + 0.5;
    const double subtree = subtree_errors[t] + 0.5 * subtree_leaves[t];
    const double se = cases > 0.0 ? std::sqrt(std::max(0.0, subtree * (cases - subtree) / cases)) : 0.0;
    if (leaf <= subtree + se) {
      make_leaf[t] = true;
      continue;
    }
    stack.push_back(tree.children_right[t]);
    stack.push_back(tree.children_left[t]);
  }
  return collapse_nodes(tree, make_leaf);
}

nlohmann::json PessimisticPruner::params() const {
  return {{"method", method()}, {"merge_leaves", merge_leaves()}};
}

bool PessimisticPruner::supports(const Model& model) const {
  return TreePruner::supports(model) && model.task() == Task::classification;
}

std::unique_ptr<Pruner> PessimisticPruner::from_json(const nlohmann::json& spec,
                                                     const std::string& file,
                                                     const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  const bool merge = reader.boolean("merge_leaves", false);
  reader.finish({"merge_leaves"});
  return std::make_unique<PessimisticPruner>(merge);
}

TreePruneOutcome PessimisticPruner::prune_tree(const DecisionTreeModel& model,
                                               const PruneContext& /*context*/,
                                               Rng& /*rng*/) const {
  TreePruneOutcome outcome;
  outcome.tree = prune_pessimistic(model.tree());
  return outcome;
}

}  // namespace prunekit
