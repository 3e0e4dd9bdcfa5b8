#pragma once
/// The building blocks of neural pruning: which layers are prunable, masking the weights of
/// lowest score to an exact sparsity, schedules, masked retraining and report details.
///
/// Prunable units: the weights of every layer but the output layer (`prune_output_layer`
/// adds it). Biases are never pruned: they are few (1 % of LeNet-300-100) and each one shifts a
/// whole neuron.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/nn/mlp_model.hpp"

namespace prunekit {

/// Whether the weights of layer `l` may be pruned.
[[nodiscard]] bool layer_prunable(const Network& network, std::size_t l, bool prune_output_layer);

/// Masks, in the layers marked prunable, the weights with the lowest `scores` (one matrix per
/// layer, the weights' shape; layers not prunable may be empty) until exactly
/// round(sparsity x prunable weights) are masked, counted over all prunable layers
/// (`global` true) or per layer (round(sparsity x layer weights) each). Weights already masked
/// count as the lowest and stay masked; when more are masked than the target, none is added.
/// Ties break by layer, then row-major index (deterministic). Calls apply_masks().
void mask_lowest(Network& network, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer);

/// Fraction of the prunable weights that are masked.
[[nodiscard]] double prunable_sparsity(const Network& network, bool prune_output_layer);

/// The sparsity after round t of T of a geometric schedule that removes the same fraction of
/// the remaining weights each round and ends at `target`: 1 - (1 - start)((1 - target) /
/// (1 - start))^(t / T).
[[nodiscard]] double geometric_sparsity(double start, double target, std::size_t t,
                                        std::size_t rounds);

/// Trains `model`'s network for `epochs` epochs with the model's parameters (masks kept),
/// dropout replaced by `dropout` when given.
void train_masked(MlpModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                  std::optional<double> dropout = std::nullopt);

/// The weight values of the prunable layers (zeros included), in layer and row-major order,
/// subsampled deterministically (every (n / limit)-th value) to at most `limit` values.
[[nodiscard]] std::vector<float> weight_sample(const Network& network, bool prune_output_layer,
                                               std::size_t limit = 20000);

/// Sizes and per-layer sparsity of a network as report details.
[[nodiscard]] nlohmann::json network_details(const Network& network, bool prune_output_layer);

}  // namespace prunekit
