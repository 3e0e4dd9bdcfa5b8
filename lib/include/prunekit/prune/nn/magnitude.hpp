#pragma once
/// Unstructured weight pruning by a per-weight score: random (the baseline) and magnitude
/// (Han, Pool, Tran and Dally 2015, "Learning both Weights and Connections for Efficient
/// Neural Networks"), one-shot or iterative prune-and-retrain.

#include <vector>

#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

/// |w| per weight matrix (the scores of magnitude pruning).
[[nodiscard]] std::vector<RowMatrixXf> magnitude_scores(const std::vector<WeightMatrix>& layers);
[[nodiscard]] std::vector<RowMatrixXf> magnitude_scores(const NeuralModel& model);
[[nodiscard]] std::vector<RowMatrixXf> magnitude_scores(const Network& network);

/// Number of pruning rounds a schedule needs to go from `start` to `target` sparsity removing
/// `rate` of the remaining weights per round (at least 1).
[[nodiscard]] std::size_t rounds_for_rate(double start, double target, double rate);

}  // namespace prunekit
