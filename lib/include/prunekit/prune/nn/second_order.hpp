#pragma once
/// Second-order pruning: Optimal Brain Damage (LeCun, Denker and Solla 1989) and layer-wise
/// Optimal Brain Surgeon (Hassibi and Stork 1993), both on the Gauss-Newton Hessian of the
/// mean training loss (curvature.hpp).

#include <vector>

#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

/// OBD saliencies h_kk w_k^2 / 2 of every weight, over the rows of `x` (network inputs).
[[nodiscard]] std::vector<RowMatrixXf> obd_saliencies(const Network& network,
                                                      const Eigen::Ref<const Eigen::MatrixXf>& x,
                                                      Loss loss);

}  // namespace prunekit
