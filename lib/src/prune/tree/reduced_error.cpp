#include "prunekit/prune/tree/reduced_error.hpp"

#include "prune/folds.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prunekit/prune/spec_reader.hpp"

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

nlohmann::json ReducedErrorPruner::params() const {
  return {{"method", method()},
          {"pruning_fraction", params_.pruning_fraction},
          {"merge_leaves", merge_leaves()}};
}

std::unique_ptr<Pruner> ReducedErrorPruner::from_json(const nlohmann::json& spec,
                                                      const std::string& file,
                                                      const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  ReducedErrorParams p;
  p.pruning_fraction = reader.number("pruning_fraction", p.pruning_fraction, 0.0, 1.0, true, true);
  p.merge_leaves = reader.boolean("merge_leaves", false);
  reader.finish({"pruning_fraction", "merge_leaves"});
  return std::make_unique<ReducedErrorPruner>(p);
}

TreePruneOutcome ReducedErrorPruner::prune_tree(const DecisionTreeModel& model,
                                                const PruneContext& context, Rng& rng) const {
  const FoldSplit split = holdout_split(context.train, params_.pruning_fraction, rng());
  const Dataset grow = context.train.subset(split.train);
  const Dataset pruning = context.train.subset(split.test);
  DecisionTreeModel grown(model.config());
  grown.fit(grow, rng);
  TreePruneOutcome outcome;
  outcome.tree = prune_reduced_error(grown.tree(), pruning);
  outcome.knob_name = "pruning_fraction";
  outcome.knob = params_.pruning_fraction;
  outcome.details["grown_rows"] = grow.rows;
  outcome.details["pruning_rows"] = pruning.rows;
  outcome.details["grown_leaves"] = grown.tree().n_leaves();
  return outcome;
}

}  // namespace prunekit
