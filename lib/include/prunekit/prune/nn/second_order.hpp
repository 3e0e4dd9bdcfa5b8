#pragma once
/// Second-order pruning: Optimal Brain Damage (LeCun, Denker and Solla 1989) and layer-wise
/// Optimal Brain Surgeon (Hassibi and Stork 1993), both on the Gauss-Newton Hessian of the
/// mean training loss (curvature.hpp).

#include <vector>

#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

/// OBD saliencies h_kk w_k^2 / 2 of every weight of an mlp or cnn, one matrix per weight
/// matrix (NeuralModel::weight_matrices order), h the Gauss-Newton diagonal (curvature.hpp) of
/// the mean loss over the first `rows` rows of `train` (all when 0).
[[nodiscard]] std::vector<RowMatrixXf> obd_saliencies(const NeuralModel& model,
                                                      const Dataset& train, std::size_t rows);

}  // namespace prunekit
