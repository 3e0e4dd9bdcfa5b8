#include "prunekit/prune/tree/tree_pruner.hpp"

#include "prune/tree/tree_edit.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

bool TreePruner::supports(const Model& model) const {
  return dynamic_cast<const DecisionTreeModel*>(&model) != nullptr;
}

PruneResult TreePruner::prune(const Model& model, const PruneContext& context, Rng& rng) const {
  const auto* tree_model = dynamic_cast<const DecisionTreeModel*>(&model);
  if (tree_model == nullptr || !supports(model))
    throw InvalidArgument("pruning method '" + method() + "' does not apply to this " +
                          model.kind() + " model (" + to_string(model.task()) + ")");
  if (!tree_model->fitted())
    throw InvalidArgument("pruning method '" + method() + "' needs a fitted tree");
  TreePruneOutcome outcome = prune_tree(*tree_model, context, rng);
  if (merge_leaves_) outcome.tree = merge_same_class_leaves(outcome.tree);

  PruneResult result;
  const Tree& before = tree_model->tree();
  result.report.method = method();
  result.report.knob_name = outcome.knob_name;
  result.report.knob = outcome.knob;
  result.report.before = model.size();
  result.report.details = std::move(outcome.details);
  result.report.details["nodes_removed"] =
      static_cast<long long>(before.n_nodes()) - static_cast<long long>(outcome.tree.n_nodes());
  result.report.details["leaves_removed"] =
      static_cast<long long>(before.n_leaves()) - static_cast<long long>(outcome.tree.n_leaves());
  result.model = std::make_unique<DecisionTreeModel>(
      outcome.config ? *outcome.config : tree_model->config(), std::move(outcome.tree));
  result.report.after = result.model->size();
  result.path = std::move(outcome.path);
  result.selection = std::move(outcome.selection);
  return result;
}

}  // namespace prunekit
