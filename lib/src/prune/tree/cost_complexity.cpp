#include "prunekit/prune/tree/cost_complexity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "prune/tree/tree_edit.hpp"

namespace prunekit {

std::vector<double> node_risks(const Tree& tree, TreeRisk risk) {
  const std::size_t n = tree.n_nodes();
  std::vector<double> r(n, 0.0);
  if (n == 0) return r;
  const double total_weight = tree.weighted_n_node_samples[0];
  for (std::size_t t = 0; t < n; ++t) {
    if (risk == TreeRisk::impurity || tree.task == Task::regression) {
      // scikit-learn's r_node: weighted impurity over the root weight, same operation order.
      r[t] = tree.weighted_n_node_samples[t] * tree.impurity[t] / total_weight;
    } else {
      const auto counts = tree.node_value(t);
      double max_count = 0.0;
      double sum = 0.0;
      for (double c : counts) {
        max_count = std::max(max_count, c);
        sum += c;
      }
      r[t] = (sum - max_count) / total_weight;
    }
  }
  return r;
}

namespace {

struct Candidate {
  double g;
  std::int32_t node;
};
/// Min-heap order: smallest g first, then smallest node id (scikit-learn's scan order).
struct CandidateAfter {
  bool operator()(const Candidate& a, const Candidate& b) const noexcept {
    if (a.g != b.g) return a.g > b.g;
    return a.node > b.node;
  }
};

/// Tolerance under which two weakest-link values count as tied (all-at-once rule).
bool tied(double a, double b) noexcept {
  return std::fabs(a - b) <= 1e-12 * std::max({1.0, std::fabs(a), std::fabs(b)}) ||
         std::fabs(a - b) <= 1e-15;
}

}  // namespace

CostComplexityPath cost_complexity_path(const Tree& tree, const CostComplexityOptions& options) {
  CostComplexityPath path;
  const std::size_t n = tree.n_nodes();
  if (n == 0) return path;
  const std::vector<double> r_node = node_risks(tree, options.risk);
  path.root_risk = r_node[0];

  const std::vector<std::int32_t> parent = parents_of(tree);

  // Leaf risks bubbled up to every ancestor, leaf by leaf in id order (scikit-learn's order,
  // so that sums and therefore ties come out bit for bit the same).
  std::vector<double> r_branch(n, 0.0);
  std::vector<std::int64_t> n_leaves(n, 0);
  std::size_t leaves = 0;
  for (std::size_t leaf = 0; leaf < n; ++leaf) {
    if (!tree.is_leaf(leaf)) continue;
    ++leaves;
    r_branch[leaf] = r_node[leaf];
    const double current = r_node[leaf];
    for (std::int32_t a = parent[leaf]; a != kNoNode; a = parent[static_cast<std::size_t>(a)]) {
      r_branch[static_cast<std::size_t>(a)] += current;
      ++n_leaves[static_cast<std::size_t>(a)];
    }
  }

  std::vector<bool> alive(n, true);  // still in the pruned tree and internal
  std::priority_queue<Candidate, std::vector<Candidate>, CandidateAfter> heap;
  auto g_of = [&](std::size_t t) {
    return (r_node[t] - r_branch[t]) / static_cast<double>(n_leaves[t] - 1);
  };
  for (std::size_t t = 0; t < n; ++t) {
    if (tree.is_leaf(t)) {
      alive[t] = false;
      continue;
    }
    heap.push({g_of(t), static_cast<std::int32_t>(t)});
  }

  std::size_t nodes = n;
  path.steps.push_back({0.0, r_branch[0], leaves, nodes, {}});

  std::vector<std::int32_t> stack;
  auto collapse = [&](std::size_t t) {
    // Descendants leave the tree.
    stack.assign({tree.children_left[t], tree.children_right[t]});
    std::size_t removed = 0;
    while (!stack.empty()) {
      const auto d = static_cast<std::size_t>(stack.back());
      stack.pop_back();
      ++removed;
      alive[d] = false;
      if (!tree.is_leaf(d)) {
        stack.push_back(tree.children_left[d]);
        stack.push_back(tree.children_right[d]);
      }
    }
    nodes -= removed;
    alive[t] = false;
    const std::int64_t pruned_leaves = n_leaves[t] - 1;
    leaves -= static_cast<std::size_t>(pruned_leaves);
    n_leaves[t] = 0;
    const double r_diff = r_node[t] - r_branch[t];
    r_branch[t] = r_node[t];
    // Ancestors' statistics change, but their heap entries are left alone: collapsing the
    // weakest link never lowers an ancestor's g (with N = R(a) - R(T_a), D = |leaves(T_a)| - 1
    // and g(a) = N / D >= alpha, the new (N - alpha k) / (D - k) >= N / D), so a stale entry
    // can only be too small, and is refreshed when it reaches the top.
    for (std::int32_t a = parent[t]; a != kNoNode; a = parent[static_cast<std::size_t>(a)]) {
      const auto ai = static_cast<std::size_t>(a);
      n_leaves[ai] -= pruned_leaves;
      r_branch[ai] += r_diff;
    }
  };
  auto pop_valid = [&](Candidate& out) {
    while (!heap.empty()) {
      const Candidate c = heap.top();
      heap.pop();
      const auto t = static_cast<std::size_t>(c.node);
      if (!alive[t]) continue;
      const double g = g_of(t);
      if (g > c.g) {
        heap.push({g, c.node});  // stale: back in at its current value
        continue;
      }
      out = {g, c.node};
      return true;
    }
    return false;
  };

  Candidate weakest{};
  while (pop_valid(weakest)) {
    CostComplexityStep step;
    step.alpha = weakest.g;
    collapse(static_cast<std::size_t>(weakest.node));
    step.collapsed.push_back(weakest.node);
    if (options.ties == TieRule::all_at_once) {
      // Every other weakest link tied with this one goes in the same step.
      Candidate next{};
      while (pop_valid(next)) {
        if (!tied(next.g, weakest.g)) {
          heap.push(next);
          break;
        }
        collapse(static_cast<std::size_t>(next.node));
        step.collapsed.push_back(next.node);
      }
    }
    step.risk = r_branch[0];
    step.leaves = leaves;
    step.nodes = nodes;
    path.steps.push_back(std::move(step));
  }
  return path;
}

std::vector<bool> collapsed_at(const CostComplexityPath& path, std::size_t n_nodes, double alpha) {
  std::vector<bool> make_leaf(n_nodes, false);
  for (std::size_t s = 1; s < path.steps.size(); ++s) {
    if (path.steps[s].alpha > alpha) break;
    for (std::int32_t t : path.steps[s].collapsed) make_leaf[static_cast<std::size_t>(t)] = true;
  }
  return make_leaf;
}

Tree prune_cost_complexity(const Tree& tree, const CostComplexityPath& path, double alpha) {
  return collapse_nodes(tree, collapsed_at(path, tree.n_nodes(), alpha));
}

}  // namespace prunekit
