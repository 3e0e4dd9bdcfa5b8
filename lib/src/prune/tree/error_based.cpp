#include "prunekit/prune/tree/error_based.hpp"

#include <algorithm>

#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prune/tree/tree_family.hpp"

namespace prunekit {

namespace {

struct NodeCounts {
  double cases = 0.0;
  double errors = 0.0;  // as a leaf predicting its majority class
};

NodeCounts counts_of(std::span<const double> class_counts) {
  NodeCounts c;
  double max_count = 0.0;
  for (double v : class_counts) {
    c.cases += v;
    max_count = std::max(max_count, v);
  }
  c.errors = c.cases - max_count;
  return c;
}

/// C4.5's "+0.1": a leaf wins unless the subtree is clearly better.
constexpr double kTolerance = 0.1;

}  // namespace

Tree prune_error_based(const Tree& tree, const ErrorBasedParams& params) {
  const auto leaf_errors = [&](std::size_t t) {
    const NodeCounts c = counts_of(tree.node_value(t));
    return predicted_errors(c.errors, c.cases, params.confidence, params.z);
  };
  return prune_bottom_up(
      tree, leaf_errors, [](std::size_t, double left, double right) { return left + right; },
      kTolerance);
}

namespace {

/// A mutable node-linked view for subtree raising: statistics are recomputed from the rows
/// that reach each node, since a raised branch receives cases it was not grown on.
class RaisingPruner {
 public:
  RaisingPruner(const Tree& tree, const Dataset& train, const ErrorBasedParams& params)
      : tree_(tree),
        train_(train),
        params_(params),
        counts_(tree.n_nodes() * tree.n_classes, 0.0),
        left_(tree.children_left),
        right_(tree.children_right) {}

  Tree run() {
    std::vector<std::size_t> rows(train_.rows);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    const std::int32_t root = prune(0, rows);
    // Rebuild a compact tree from the linked view rooted at `root`.
    return rebuild(root);
  }

 private:
  /// Sends `rows` down the subtree at t, recording class counts at every node.
  void assign(std::int32_t t, const std::vector<std::size_t>& rows) {
    const auto u = static_cast<std::size_t>(t);
    std::fill_n(counts_.begin() + static_cast<std::ptrdiff_t>(u * k()), k(), 0.0);
    for (std::size_t r : rows) counts_[u * k() + static_cast<std::size_t>(train_.labels[r])] += 1.0;
    if (left_[u] == kNoNode) return;
    auto [l, r] = split(u, rows);
    assign(left_[u], l);
    assign(right_[u], r);
  }

  std::pair<std::vector<std::size_t>, std::vector<std::size_t>> split(
      std::size_t t, const std::vector<std::size_t>& rows) const {
    std::vector<std::size_t> l;
    std::vector<std::size_t> r;
    const auto f = static_cast<std::size_t>(tree_.feature[t]);
    for (std::size_t row : rows)
      (static_cast<double>(train_.value(row, f)) <= tree_.threshold[t] ? l : r).push_back(row);
    return {std::move(l), std::move(r)};
  }

  double leaf_estimate(std::int32_t t) const {
    const NodeCounts c = counts_of({counts_.data() + static_cast<std::size_t>(t) * k(), k()});
    return predicted_errors(c.errors, c.cases, params_.confidence, params_.z);
  }
  double subtree_estimate(std::int32_t t) const {
    const auto u = static_cast<std::size_t>(t);
    if (left_[u] == kNoNode) return leaf_estimate(t);
    return subtree_estimate(left_[u]) + subtree_estimate(right_[u]);
  }

  /// Prunes the subtree at t, which receives `rows`; returns the node that replaces t.
  std::int32_t prune(std::int32_t t, const std::vector<std::size_t>& rows) {
    const auto u = static_cast<std::size_t>(t);
    assign(t, rows);
    if (left_[u] == kNoNode) return t;
    auto [l_rows, r_rows] = split(u, rows);
    left_[u] = prune(left_[u], l_rows);
    right_[u] = prune(right_[u], r_rows);
    assign(t, rows);
    const double as_leaf = leaf_estimate(t);
    const double as_tree = subtree_estimate(t);
    // The largest branch, evaluated on all of t's cases.
    const bool left_larger = l_rows.size() >= r_rows.size();
    const std::int32_t largest = left_larger ? left_[u] : right_[u];
    assign(largest, rows);
    const double as_branch = subtree_estimate(largest);
    assign(t, rows);
    // Weka J48's order: a leaf first, then the raised branch, else the subtree stays.
    if (as_leaf <= as_tree + kTolerance && as_leaf <= as_branch + kTolerance) {
      left_[u] = kNoNode;
      right_[u] = kNoNode;
      return t;
    }
    if (as_branch <= as_tree + kTolerance) return prune(largest, rows);
    return t;
  }

  Tree rebuild(std::int32_t root) const {
    // Collapse nothing, but renumber along the linked view: copy nodes in pre-order.
    Tree out = tree_;
    out.children_left.clear();
    out.children_right.clear();
    out.feature.clear();
    out.threshold.clear();
    out.impurity.clear();
    out.n_node_samples.clear();
    out.weighted_n_node_samples.clear();
    out.value.clear();
    struct Item {
      std::int32_t old;
      std::int32_t parent;
      bool is_left;
    };
    std::vector<Item> stack{{root, kNoNode, false}};
    while (!stack.empty()) {
      const Item item = stack.back();
      stack.pop_back();
      const auto u = static_cast<std::size_t>(item.old);
      const auto id = static_cast<std::int32_t>(out.children_left.size());
      if (item.parent != kNoNode)
        (item.is_left ? out.children_left
                      : out.children_right)[static_cast<std::size_t>(item.parent)] = id;
      const bool leaf = left_[u] == kNoNode;
      out.children_left.push_back(kNoNode);
      out.children_right.push_back(kNoNode);
      out.feature.push_back(leaf ? kNoNode : tree_.feature[u]);
      out.threshold.push_back(leaf ? -2.0 : tree_.threshold[u]);
      const std::span<const double> c{counts_.data() + u * k(), k()};
      double cases = 0.0;
      double gini = 1.0;
      for (double v : c) cases += v;
      for (double v : c) gini -= cases > 0 ? (v / cases) * (v / cases) : 0.0;
      out.impurity.push_back(cases > 0 ? gini : 0.0);
      out.n_node_samples.push_back(static_cast<std::int64_t>(cases));
      out.weighted_n_node_samples.push_back(cases);
      out.value.insert(out.value.end(), c.begin(), c.end());
      if (!leaf) {
        stack.push_back({right_[u], id, false});
        stack.push_back({left_[u], id, true});
      }
    }
    return out;
  }

  [[nodiscard]] std::size_t k() const noexcept { return tree_.n_classes; }

  const Tree& tree_;
  const Dataset& train_;
  const ErrorBasedParams& params_;
  std::vector<double> counts_;
  std::vector<std::int32_t> left_;
  std::vector<std::int32_t> right_;
};

}  // namespace

Tree prune_error_based(const Tree& tree, const Dataset& train, const ErrorBasedParams& params) {
  if (!params.subtree_raising) return prune_error_based(tree, params);
  return RaisingPruner(tree, train, params).run();
}

MethodDeclaration error_based_method() {
  MethodDeclaration m = declare_method("error_based", tree_family(),
                                       "C4.5's upper confidence limit of the error rate, bottom-up",
                                       "Quinlan 1993, ch. 4");
  m.classification_only = true;
  m.params = {
      number_param("confidence", 0.25, Range::left_open(0, 0.5), "the confidence factor CF"),
      choice_param("z", "weka", {"weka", "c45"},
                   "weka: z = Phi^-1(1 - CF) exactly (0.6745 at 0.25), as Weka's J48; c45: C4.5's "
                   "table linearly interpolated (0.6925), and C4.5's 0.67 (N - E) at the top end"),
      flag_param(
          "subtree_raising", false,
          "also consider replacing a node by its largest branch, which then receives all the "
          "node's training cases (statistics recomputed) and is pruned again, in J48's order")};
  m.prune = [](const Model& model, const ParamValues& values, const PruneContext& context, Rng&) {
    ErrorBasedParams p;
    p.confidence = values.number("confidence");
    p.z = values.choice("z") == "weka" ? ConfidenceZ::weka : ConfidenceZ::c45;
    p.subtree_raising = values.flag("subtree_raising");
    const Tree& tree = as_tree_model(model).tree();
    PrunedModel out = pruned_tree(
        as_tree_model(model),
        p.subtree_raising ? prune_error_based(tree, context.train, p) : prune_error_based(tree, p));
    out.knob_name = "confidence";
    out.knob = p.confidence;
    return out;
  };
  return m;
}

}  // namespace prunekit
