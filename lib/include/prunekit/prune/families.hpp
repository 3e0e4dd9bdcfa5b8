#pragma once
/// The model families a method declaration may belong to: what their methods share (model
/// checks, common parameters, finishing and report details; docs/pruning.md).

#include "prunekit/prune/method.hpp"

namespace prunekit {

/// Decision trees: a fitted DecisionTreeModel; `merge_leaves`; nodes and leaves removed.
[[nodiscard]] const FamilyDeclaration& tree_family();
/// Networks: a fitted MlpModel or CnnModel (NeuralModel); `finetune_epochs`,
/// `prune_output_layer`; sizes, per-layer sparsity and weight samples before and after.
[[nodiscard]] const FamilyDeclaration& network_family();
/// The methods that handle dense layers only: a fitted MlpModel, otherwise as network_family().
[[nodiscard]] const FamilyDeclaration& mlp_family();
/// The methods that handle conv networks only (filter pruning): a fitted CnnModel.
[[nodiscard]] const FamilyDeclaration& cnn_family();

}  // namespace prunekit
