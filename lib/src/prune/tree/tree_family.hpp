#pragma once
// What every tree-pruning method shares: it applies to a fitted DecisionTreeModel, returns a
// new compact tree (never touching the input), optionally merges sibling leaves that predict
// the same class, and reports the nodes and leaves it removed.

#include "prunekit/prune/families.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {

/// The model as a decision tree (the family's check has passed).
[[nodiscard]] const DecisionTreeModel& as_tree_model(const Model& model);

/// A one-shot result: `model`'s configuration with the pruned `tree`.
[[nodiscard]] PrunedModel pruned_tree(const DecisionTreeModel& model, Tree tree);

}  // namespace prunekit
