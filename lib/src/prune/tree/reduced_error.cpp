#include "prunekit/prune/tree/reduced_error.hpp"

#include "prunekit/data/protocol.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_family.hpp"

namespace prunekit {

Tree prune_reduced_error(const Tree& tree, const Dataset& pruning) {
  const std::size_t n = tree.n_nodes();
  const RoutedCounts routed = route(tree, pruning);
  std::vector<double> best(n, 0.0);  // pruning-set error of the pruned subtree at t
  std::vector<bool> make_leaf(n, false);
  for (std::size_t t = n; t-- > 0;) {
    const double as_leaf = leaf_error_on(tree, routed, t);
    if (tree.is_leaf(t)) {
      best[t] = as_leaf;
      continue;
    }
    const double subtree = best[static_cast<std::size_t>(tree.children_left[t])] +
                           best[static_cast<std::size_t>(tree.children_right[t])];
    // Ties prune: the smaller tree is preferred when it does as well (Quinlan 1987).
    if (as_leaf <= subtree) {
      make_leaf[t] = true;
      best[t] = as_leaf;
    } else {
      best[t] = subtree;
    }
  }
  return collapse_nodes(tree, make_leaf);
}

MethodDeclaration reduced_error_method() {
  MethodDeclaration m;
  m.name = "reduced_error";
  m.family = &tree_family();
  m.summary = "grow on part of the data, prune bottom-up on a held-out pruning set";
  m.reference = "Quinlan 1987";
  m.params = {number_param("pruning_fraction", 1.0 / 3.0, Range::open(0, 1),
                           "share of training rows held out (stratified, seeded)")};
  m.params.back().default_text = "0.333";
  // Refits the model's parameters on the growing part, then prunes on the pruning part.
  m.prune = [](const Model& model, const ParamValues& values, const PruneContext& context,
               Rng& rng) {
    HoldoutParams holdout;
    holdout.test_fraction = values.number("pruning_fraction");
    holdout.stratified = context.train.is_classification();
    holdout.seed = rng();
    const Split split = holdout_splits(context.train, holdout).front();
    const Dataset grow = context.train.subset(split.train);
    const Dataset pruning = context.train.subset(split.test);
    DecisionTreeModel grown(as_tree_model(model).config());
    grown.fit(grow, rng);
    PrunedModel out = pruned_tree(grown, prune_reduced_error(grown.tree(), pruning));
    out.knob_name = "pruning_fraction";
    out.knob = holdout.test_fraction;
    out.details = {{"grown_rows", grow.rows},
                   {"pruning_rows", pruning.rows},
                   {"grown_leaves", grown.tree().n_leaves()}};
    return out;
  };
  return m;
}

}  // namespace prunekit
