#pragma once
/// Structured pruning: whole hidden neurons (rows of W_l, with their biases and the matching
/// columns of W_(l+1)), physically deleted; and N:M semi-structured sparsity (N kept weights in
/// every group of M consecutive weights of a row, the pattern of NVIDIA's sparse tensor cores;
/// Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks").

#include <vector>

#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

enum class NeuronCriterion { l1, l2, activation };

/// Scores of the hidden neurons, one vector per hidden layer.
[[nodiscard]] std::vector<Eigen::VectorXf> neuron_scores(
    const Network& network, NeuronCriterion criterion, const Eigen::Ref<const Eigen::MatrixXf>& x);

/// Applies the N:M pattern to the prunable weight matrices (masks, then each matrix's
/// apply_mask()): in each row, of every M consecutive input channels at one kernel position
/// (M consecutive columns of a dense layer), the N largest |w| stay.
void apply_n_m(const std::vector<WeightMatrix>& layers, std::size_t n, std::size_t m,
               bool prune_output_layer);
void apply_n_m(Network& network, std::size_t n, std::size_t m, bool prune_output_layer);

}  // namespace prunekit
