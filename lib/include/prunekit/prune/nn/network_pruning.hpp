#pragma once
/// The building blocks of neural pruning: which layers are prunable, masking the weights of
/// lowest score to an exact sparsity, schedules, masked retraining and report details.
///
/// Prunable units: the weights of every dense or conv layer but the output layer
/// (`prune_output_layer` adds it). Biases are never pruned: they are few (1 % of LeNet-300-100) and
/// each one shifts a whole neuron.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/nn/neural_model.hpp"

namespace prunekit {

/// The weight matrices of a network of dense layers (for the Network-level helpers below).
[[nodiscard]] std::vector<WeightMatrix> weight_matrices(Network& network);

/// Whether weight matrix `l` of `count` may be pruned (all but the last, the output layer,
/// unless `prune_output_layer`).
[[nodiscard]] bool layer_prunable(std::size_t l, std::size_t count, bool prune_output_layer);
[[nodiscard]] bool layer_prunable(const Network& network, std::size_t l, bool prune_output_layer);

/// Masks, in the prunable weight matrices, the weights with the lowest `scores` (one matrix
/// per weight matrix, its shape; matrices not prunable may be empty) until exactly
/// round(sparsity x prunable weights) are masked, counted over all prunable matrices
/// (`global` true) or per matrix (round(sparsity x its weights) each). Weights already masked
/// count as the lowest and stay masked; when more are masked than the target, none is added.
/// Ties break by matrix, then row-major index (deterministic). Re-establishes the masks.
void mask_lowest(const std::vector<WeightMatrix>& layers, const std::vector<RowMatrixXf>& scores,
                 double sparsity, bool global, bool prune_output_layer);
void mask_lowest(NeuralModel& model, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer);
void mask_lowest(Network& network, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer);

/// Fraction of the prunable weights that are masked.
[[nodiscard]] double prunable_sparsity(const std::vector<WeightMatrix>& layers,
                                       bool prune_output_layer);
[[nodiscard]] double prunable_sparsity(const NeuralModel& model, bool prune_output_layer);
[[nodiscard]] double prunable_sparsity(const Network& network, bool prune_output_layer);

/// The sparsity after round t of T of a geometric schedule that removes the same fraction of
/// the remaining weights each round and ends at `target`: 1 - (1 - start)((1 - target) /
/// (1 - start))^(t / T).
[[nodiscard]] double geometric_sparsity(double start, double target, std::size_t t,
                                        std::size_t rounds);

/// Trains `model` for `epochs` epochs with its own parameters (masks kept), an MLP's dropout
/// replaced by `dropout` when given.
void train_masked(NeuralModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                  std::optional<double> dropout = std::nullopt);

/// The weight values of the prunable matrices (zeros included), in order, subsampled
/// deterministically (every (n / limit)-th value) to at most `limit` values.
[[nodiscard]] std::vector<float> weight_sample(const NeuralModel& model, bool prune_output_layer,
                                               std::size_t limit = 20000);

/// Per prunable layer, its name ("layer 0 (conv2d)") and its weights' values before and after
/// pruning, each subsampled as weight_sample to `limit`: {"layer", "before", "after"} objects
/// (the runner bins them into per-layer histograms).
[[nodiscard]] nlohmann::json layer_weight_samples(const NeuralModel& before,
                                                  const NeuralModel& after, bool prune_output_layer,
                                                  std::size_t limit = 5000);

/// Sizes and per-layer sparsity of a network as report details (conv layers also give their
/// removed filters and multiply-adds).
[[nodiscard]] nlohmann::json network_details(const NeuralModel& model, bool prune_output_layer);

/// Non-zero weights over every weight matrix.
[[nodiscard]] std::size_t nonzero_weights(const NeuralModel& model);

}  // namespace prunekit
