#include "prunekit/prune/tree/reduced_error.hpp"

#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prune/tree/tree_family.hpp"
#include "prunekit/data/protocol.hpp"

namespace prunekit {

Tree prune_reduced_error(const Tree& tree, const Dataset& pruning) {
  const RoutedCounts routed = route(tree, pruning);
  // Ties prune: the smaller tree is preferred when it does as well (Quinlan 1987).
  return prune_bottom_up(
      tree, [&](std::size_t t) { return leaf_error_on(tree, routed, t); },
      [](std::size_t, double left, double right) { return left + right; });
}

MethodDeclaration reduced_error_method() {
  MethodDeclaration m = declare_method(
      "reduced_error", tree_family(),
      "grow on part of the data, prune bottom-up on a held-out pruning set", "Quinlan 1987");
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
