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

/// Weakest-link pruning's state (Breiman et al. 1984, sec. 3.3): every node's branch risk
/// R(T_t) and leaf count, which internal nodes are still in the pruned tree, and a heap of their
/// g(t) = (R(t) - R(T_t)) / (|leaves(T_t)| - 1), whose entries may be stale (see collapse()).
class WeakestLinks {
 public:
  WeakestLinks(const Tree& tree, const std::vector<double>& r_node)
      : tree_(tree),
        r_node_(r_node),
        parent_(parents_of(tree)),
        r_branch_(tree.n_nodes(), 0.0),
        n_leaves_(tree.n_nodes(), 0),
        alive_(tree.n_nodes(), true),
        nodes_(tree.n_nodes()) {
    bubble_leaf_risks();
    for (std::size_t t = 0; t < nodes_; ++t) {
      if (tree.is_leaf(t)) {
        alive_[t] = false;
        continue;
      }
      heap_.push({g_of(t), static_cast<std::int32_t>(t)});
    }
  }

  [[nodiscard]] double risk() const noexcept { return r_branch_[0]; }
  [[nodiscard]] std::size_t leaves() const noexcept { return leaves_; }
  [[nodiscard]] std::size_t nodes() const noexcept { return nodes_; }

  /// The weakest link still in the tree, at its current g; false when none is left.
  bool pop(Candidate& out) {
    while (!heap_.empty()) {
      const Candidate c = heap_.top();
      heap_.pop();
      const auto t = static_cast<std::size_t>(c.node);
      if (!alive_[t]) continue;
      const double g = g_of(t);
      if (g > c.g) {
        heap_.push({g, c.node});  // stale: back in at its current value
        continue;
      }
      out = {g, c.node};
      return true;
    }
    return false;
  }

  /// Returns a candidate that pop() gave but that is not collapsed now.
  void put_back(const Candidate& c) { heap_.push(c); }

  /// Makes internal node t a leaf: its descendants leave the tree, its ancestors' statistics
  /// follow.
  void collapse(std::size_t t) {
    nodes_ -= remove_descendants(t);
    alive_[t] = false;
    const std::int64_t pruned_leaves = n_leaves_[t] - 1;
    leaves_ -= static_cast<std::size_t>(pruned_leaves);
    n_leaves_[t] = 0;
    const double r_diff = r_node_[t] - r_branch_[t];
    r_branch_[t] = r_node_[t];
    // Ancestors' statistics change, but their heap entries are left alone: collapsing the
    // weakest link never lowers an ancestor's g (with N = R(a) - R(T_a), D = |leaves(T_a)| - 1
    // and g(a) = N / D >= alpha, the new (N - alpha k) / (D - k) >= N / D), so a stale entry
    // can only be too small, and is refreshed when it reaches the top.
    for (std::int32_t a = parent_[t]; a != kNoNode; a = parent_[static_cast<std::size_t>(a)]) {
      const auto ai = static_cast<std::size_t>(a);
      n_leaves_[ai] -= pruned_leaves;
      r_branch_[ai] += r_diff;
    }
  }

 private:
  [[nodiscard]] double g_of(std::size_t t) const {
    return (r_node_[t] - r_branch_[t]) / static_cast<double>(n_leaves_[t] - 1);
  }

  /// Leaf risks bubbled up to every ancestor, leaf by leaf in id order (scikit-learn's order,
  /// so that sums and therefore ties come out bit for bit the same).
  void bubble_leaf_risks() {
    for (std::size_t leaf = 0; leaf < nodes_; ++leaf) {
      if (!tree_.is_leaf(leaf)) continue;
      ++leaves_;
      r_branch_[leaf] = r_node_[leaf];
      const double current = r_node_[leaf];
      for (std::int32_t a = parent_[leaf]; a != kNoNode; a = parent_[static_cast<std::size_t>(a)]) {
        r_branch_[static_cast<std::size_t>(a)] += current;
        ++n_leaves_[static_cast<std::size_t>(a)];
      }
    }
  }

  /// Marks every descendant of t as gone; returns how many there were.
  std::size_t remove_descendants(std::size_t t) {
    stack_.assign({tree_.children_left[t], tree_.children_right[t]});
    std::size_t removed = 0;
    while (!stack_.empty()) {
      const auto d = static_cast<std::size_t>(stack_.back());
      stack_.pop_back();
      ++removed;
      alive_[d] = false;
      if (!tree_.is_leaf(d)) {
        stack_.push_back(tree_.children_left[d]);
        stack_.push_back(tree_.children_right[d]);
      }
    }
    return removed;
  }

  const Tree& tree_;
  const std::vector<double>& r_node_;
  const std::vector<std::int32_t> parent_;
  std::vector<double> r_branch_;
  std::vector<std::int64_t> n_leaves_;
  std::vector<bool> alive_;  // still in the pruned tree and internal
  std::size_t nodes_;
  std::size_t leaves_ = 0;
  std::priority_queue<Candidate, std::vector<Candidate>, CandidateAfter> heap_;
  std::vector<std::int32_t> stack_;
};

}  // namespace

CostComplexityPath cost_complexity_path(const Tree& tree, const CostComplexityOptions& options) {
  CostComplexityPath path;
  if (tree.n_nodes() == 0) return path;
  const std::vector<double> r_node = node_risks(tree, options.risk);
  path.root_risk = r_node[0];
  WeakestLinks links(tree, r_node);
  path.steps.push_back({0.0, links.risk(), links.leaves(), links.nodes(), {}});

  Candidate weakest{};
  while (links.pop(weakest)) {
    CostComplexityStep step;
    step.alpha = weakest.g;
    links.collapse(static_cast<std::size_t>(weakest.node));
    step.collapsed.push_back(weakest.node);
    if (options.ties == TieRule::all_at_once) {
      // Every other weakest link tied with this one goes in the same step.
      Candidate next{};
      while (links.pop(next)) {
        if (!tied(next.g, weakest.g)) {
          links.put_back(next);
          break;
        }
        links.collapse(static_cast<std::size_t>(next.node));
        step.collapsed.push_back(next.node);
      }
    }
    step.risk = links.risk();
    step.leaves = links.leaves();
    step.nodes = links.nodes();
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
