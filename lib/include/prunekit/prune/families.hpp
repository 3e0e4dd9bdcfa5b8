#pragma once
/// The model families a method declaration may belong to: what their methods share (model
/// checks, common parameters, finishing and report details; docs/pruning.md).

#include "prunekit/prune/method.hpp"

namespace prunekit {

/// Decision trees: a fitted DecisionTreeModel; `merge_leaves`; nodes and leaves removed.
[[nodiscard]] const FamilyDeclaration& tree_family();
/// Networks: a fitted MlpModel; `finetune_epochs`, `prune_output_layer`; sizes, per-layer
/// sparsity and weight samples before and after.
[[nodiscard]] const FamilyDeclaration& network_family();

}  // namespace prunekit
