#include "prunekit/prune/tree/pessimistic.hpp"

#include <cmath>

#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prune/tree/tree_family.hpp"

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
    const double se =
        cases > 0.0 ? std::sqrt(std::max(0.0, subtree * (cases - subtree) / cases)) : 0.0;
    if (leaf <= subtree + se) {
      make_leaf[t] = true;
      continue;
    }
    stack.push_back(tree.children_right[t]);
    stack.push_back(tree.children_left[t]);
  }
  return collapse_nodes(tree, make_leaf);
}

MethodDeclaration pessimistic_method() {
  MethodDeclaration m = declare_method(
      "pessimistic", tree_family(),
      "continuity-corrected training errors with the one-standard-error test, top-down",
      "Quinlan 1987");
  m.classification_only = true;
  m.prune = [](const Model& model, const ParamValues&, const PruneContext&, Rng&) {
    const auto& tree_model = as_tree_model(model);
    return pruned_tree(tree_model, prune_pessimistic(tree_model.tree()));
  };
  return m;
}

}  // namespace prunekit
