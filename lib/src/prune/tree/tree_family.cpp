#include "prune/tree/tree_family.hpp"

#include "prune/tree/tree_edit.hpp"
#include "prunekit/core/error.hpp"

namespace prunekit {

const DecisionTreeModel& as_tree_model(const Model& model) {
  return dynamic_cast<const DecisionTreeModel&>(model);
}

PrunedModel pruned_tree(const DecisionTreeModel& model, Tree tree) {
  PrunedModel out;
  out.model = std::make_unique<DecisionTreeModel>(model.config(), std::move(tree));
  return out;
}

namespace {

void check_tree(const Model& model, const std::string& method) {
  const auto* tree_model = dynamic_cast<const DecisionTreeModel*>(&model);
  if (tree_model == nullptr)
    throw InvalidArgument("pruning method '" + method + "' does not apply to this " + model.kind() +
                          " model (" + to_string(model.task()) + ")");
  if (!tree_model->fitted())
    throw InvalidArgument("pruning method '" + method + "' needs a fitted tree");
}

/// Merges same-class sibling leaves when asked, then reports what was removed.
void finish_tree(const Model& before, const ParamValues& values, PruneResult& result) {
  const auto& pruned = as_tree_model(*result.model);
  if (values.flag("merge_leaves"))
    result.model = std::make_unique<DecisionTreeModel>(pruned.config(),
                                                       merge_same_class_leaves(pruned.tree()));
  const Tree& old_tree = as_tree_model(before).tree();
  const Tree& new_tree = as_tree_model(*result.model).tree();
  auto& details = result.report.details;
  details["nodes_removed"] =
      static_cast<long long>(old_tree.n_nodes()) - static_cast<long long>(new_tree.n_nodes());
  details["leaves_removed"] =
      static_cast<long long>(old_tree.n_leaves()) - static_cast<long long>(new_tree.n_leaves());
}

}  // namespace

const FamilyDeclaration& tree_family() {
  static const FamilyDeclaration kFamily{
      "decision_tree",
      {flag_param(
          "merge_leaves", false,
          "afterwards, collapse internal nodes whose two children are leaves predicting the "
          "same class (predictions do not change; class probabilities do)")},
      [](const Model& model) { return dynamic_cast<const DecisionTreeModel*>(&model) != nullptr; },
      check_tree,
      finish_tree};
  return kFamily;
}

}  // namespace prunekit
