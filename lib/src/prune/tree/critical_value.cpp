#include "prunekit/prune/tree/critical_value.hpp"

#include <algorithm>
#include <cmath>

#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prune/tree/tree_family.hpp"
#include "prunekit/prune/tree/confidence.hpp"

namespace prunekit {

std::vector<double> split_confidences(const Tree& tree) {
  const std::size_t n = tree.n_nodes();
  const std::size_t k = tree.n_classes;
  std::vector<double> confidence(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    if (tree.is_leaf(t)) continue;
    const auto parent = tree.node_value(t);
    double total = 0.0;
    for (double v : parent) total += v;
    std::size_t present = 0;
    for (double v : parent) present += v > 0 ? 1 : 0;
    if (total <= 0 || present < 2) continue;  // a pure node's split carries no information
    double g = 0.0;
    for (const std::int32_t child : {tree.children_left[t], tree.children_right[t]}) {
      const auto counts = tree.node_value(static_cast<std::size_t>(child));
      double child_total = 0.0;
      for (double v : counts) child_total += v;
      for (std::size_t c = 0; c < k; ++c) {
        const double observed = counts[c];
        const double expected = child_total * parent[c] / total;
        if (observed > 0 && expected > 0) g += observed * std::log(observed / expected);
      }
    }
    g *= 2.0;
    confidence[t] = 1.0 - chi_square_sf(g, static_cast<double>(present - 1));
  }
  return confidence;
}

namespace {

/// The largest split confidence in each node's subtree: the critical value at which it goes.
std::vector<double> subtree_max(const Tree& tree, const std::vector<double>& confidence) {
  std::vector<double> best(confidence);
  for (std::size_t t = tree.n_nodes(); t-- > 0;)
    if (!tree.is_leaf(t))
      best[t] = std::max({best[t], best[static_cast<std::size_t>(tree.children_left[t])],
                          best[static_cast<std::size_t>(tree.children_right[t])]});
  return best;
}

/// The tree with every node collapsed whose subtree's best split confidence is below `knob`.
Tree collapse_below(const Tree& tree, const std::vector<double>& best, double knob) {
  std::vector<bool> make_leaf(tree.n_nodes(), false);
  for (std::size_t t = 0; t < tree.n_nodes(); ++t)
    make_leaf[t] = !tree.is_leaf(t) && best[t] < knob;
  return collapse_nodes(tree, make_leaf);
}

/// The path of critical values: a node is collapsed once the knob exceeds its subtree's best.
class CriticalValuePath final : public PathModels {
 public:
  explicit CriticalValuePath(const DecisionTreeModel& model)
      : config_(model.config()),
        tree_(model.tree()),
        best_(subtree_max(tree_, split_confidences(tree_))) {
    std::vector<double> knobs{0.0};
    for (std::size_t t = 0; t < tree_.n_nodes(); ++t)
      if (!tree_.is_leaf(t)) knobs.push_back(std::nextafter(best_[t], 2.0));
    std::sort(knobs.begin(), knobs.end());
    knobs.erase(std::unique(knobs.begin(), knobs.end()), knobs.end());
    path_.knob_name = "critical_value";
    path_.complexity_name = "leaves";
    for (double k : knobs) {
      const Tree pruned = prune_at(k);
      path_.points.push_back({k, 0.0, static_cast<double>(pruned.n_leaves())});
    }
  }
  [[nodiscard]] const PruningPath& path() const override { return path_; }
  [[nodiscard]] std::unique_ptr<Model> at(double knob) const override {
    return std::make_unique<DecisionTreeModel>(config_, prune_at(knob));
  }

 private:
  [[nodiscard]] Tree prune_at(double knob) const { return collapse_below(tree_, best_, knob); }

  DecisionTreeConfig config_;
  Tree tree_;
  std::vector<double> best_;
  PruningPath path_;
};

}  // namespace

Tree prune_critical_value(const Tree& tree, double critical_value) {
  return collapse_below(tree, subtree_max(tree, split_confidences(tree)), critical_value);
}

MethodDeclaration critical_value_method() {
  MethodDeclaration m = declare_method(
      "critical_value", tree_family(),
      "prune splits whose G-test confidence falls below a critical value", "Mingers 1987");
  m.classification_only = true;
  m.knob = KnobDeclaration{
      number_param("critical_value", 0.95, Range::closed(0, 1), "required split confidence 1 - p"),
      {},
      std::nullopt};
  m.walk = [](const Model& model, const ParamValues&, const Dataset&, Rng&) {
    return std::make_unique<CriticalValuePath>(as_tree_model(model));
  };
  return m;
}

}  // namespace prunekit
