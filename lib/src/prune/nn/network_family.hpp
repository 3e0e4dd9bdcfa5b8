#pragma once
// What every neural pruning method shares (docs/pruning.md, "Networks"): it applies to a
// fitted network model (mlp or cnn: NeuralModel), works on a clone (the input is never modified),
// prunes the clone to an absolute sparsity (the fraction of prunable weights that are zero),
// optionally fine-tunes it with the masks kept, and reports sizes, per-layer sparsity and the
// weights before and after. The sparsity is a path knob (larger = more pruning): a fixed value, or
// one point of a grid chosen by the shared selection rules exactly as trees choose alpha.

#include <cstddef>
#include <functional>

#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/prune/families.hpp"

namespace prunekit {

/// What a network method declares: how it prunes a clone in place to a sparsity, and
/// optionally how it fine-tunes afterwards (the default trains with the masks kept).
struct SparsityPrune {
  std::function<void(NeuralModel& model, double sparsity, const Dataset& train, Rng& rng,
                     const ParamValues& values)>
      prune;
  std::function<void(NeuralModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                     const ParamValues& values)>
      finetune;
};

/// A network method whose sparsity is a knob walked over a grid ("sparsity", "grid" and the
/// selection keys are added to `params`).
[[nodiscard]] MethodDeclaration network_method(std::string name, std::string summary,
                                               std::string reference, std::vector<Param> params,
                                               SparsityPrune prune,
                                               const FamilyDeclaration& family = network_family());

/// A copy of `model` pruned to `sparsity` and fine-tuned (one path point).
[[nodiscard]] std::unique_ptr<NeuralModel> prune_network_at(const SparsityPrune& prune,
                                                            const ParamValues& values,
                                                            const NeuralModel& model,
                                                            double sparsity, const Dataset& train,
                                                            Rng& rng);

/// The model as a network model, or as an mlp (the family's check has passed).
[[nodiscard]] const NeuralModel& as_neural_model(const Model& model);
[[nodiscard]] MlpModel& as_mlp_model(NeuralModel& model);

/// The "scope" parameter (global: one threshold over all prunable layers; layer: per layer).
[[nodiscard]] Param scope_param(const std::string& fallback);

}  // namespace prunekit
