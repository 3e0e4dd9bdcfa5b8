#pragma once
/// Second-order information of a network's loss for Optimal Brain Damage and Optimal Brain
/// Surgeon: the Gauss-Newton (Levenberg-Marquardt) approximation of the Hessian of the mean
/// training loss, computed exactly (no further approximation) over a data set.
///
/// For one example with outputs z (logits) and weights w, the Gauss-Newton matrix is
/// J^T H_z J with J = dz/dw and H_z the Hessian of the loss in z:
///   squared error 0.5 ||z - t||^2:   H_z = I
///   softmax cross-entropy:           H_z = diag(p) - p p^T,  p = softmax(z).
/// Both are written as sums of rank-one factors H_z = sum_c v_c v_c^T: v_c = e_c for squared
/// error, and v_c = sqrt(p_c) (e_c - p) for cross-entropy (sum_c p_c (e_c - p)(e_c - p)^T =
/// diag(p) - 2 p p^T + p p^T sum_c p_c = diag(p) - p p^T). Backpropagating v_c from the
/// outputs gives, per example n and layer l, u = dl/dpre_l (the `delta` of v_c^T z) and the
/// layer input a; the per-example Jacobian row of weight (i, j) is then u_i a_j, so
///   GN diagonal:      h_(ij) = (1/N) sum_n sum_c u_i^2 a_j^2      (one GEMM of squares)
///   GN layer block:   H = (1/N) sum_n sum_c vec(u a^T) vec(u a^T)^T.
/// This is the exact Gauss-Newton diagonal, which LeCun et al. (1989) approximate further by
/// dropping off-diagonal terms while backpropagating second derivatives. For a network whose
/// activations are all linear and squared error, Gauss-Newton equals the true Hessian.

#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include "prunekit/nn/conv_network.hpp"
#include "prunekit/nn/network.hpp"

namespace prunekit {

/// The Gauss-Newton diagonal of the mean loss over the rows of x (rows x inputs), one matrix
/// per layer (the weights' shape). `loss` selects H_z (above).
[[nodiscard]] std::vector<RowMatrixXf> gauss_newton_diagonal(
    const Network& network, const Eigen::Ref<const Eigen::MatrixXf>& x, Loss loss);

/// The same for a convolutional network in inference mode (batch norms on their running
/// statistics, no dropout), one matrix per conv or dense layer in order. A shared conv weight's
/// per-example Jacobian row sums over the output positions, so each example's gradient is
/// formed (one small GEMM per example and factor) before it is squared: O(outputs x a backward
/// pass) per example. Batch norms are folded first (fold_batch_norms); one that follows no
/// conv or dense layer is refused (InvalidArgument).
[[nodiscard]] std::vector<RowMatrixXf> gauss_newton_diagonal(
    const ConvNetwork& network, const Eigen::Ref<const Eigen::MatrixXf>& x, Loss loss);

/// The Gauss-Newton Hessian of the mean loss with respect to layer l's weights alone
/// (P x P with P = out x in, weights indexed row-major: i * in + j), other layers fixed.
[[nodiscard]] Eigen::MatrixXd layer_gauss_newton(const Network& network, std::size_t l,
                                                 const Eigen::Ref<const Eigen::MatrixXf>& x,
                                                 Loss loss);

/// The same for weight matrix `matrix` (conv and dense layers counted in order) of a
/// convolutional network in inference mode, as gauss_newton_diagonal(ConvNetwork) computes it.
[[nodiscard]] Eigen::MatrixXd layer_gauss_newton(const ConvNetwork& network, std::size_t matrix,
                                                 const Eigen::Ref<const Eigen::MatrixXf>& x,
                                                 Loss loss);

/// Optimal Brain Surgeon on one weight vector (Hassibi and Stork 1993): given w and the
/// inverse Hessian `hinv` (P x P), first constrains the weights with kept[q] == false to zero,
/// then repeatedly removes the kept weight q with the least saliency w_q^2 / (2 [H^-1]_qq),
/// updates all weights by dw = -(w_q / [H^-1]_qq) H^-1 e_q (which sets w_q to zero), and
/// downdates H^-1 <- H^-1 - H^-1 e_q e_q^T H^-1 / [H^-1]_qq (the inverse Hessian restricted to
/// the remaining weights), until `target_removed` weights are removed in total. Ties break by
/// index. Returns the sum of the saliencies of the weights it removed.
double obs_prune(Eigen::Ref<Eigen::VectorXd> w, std::vector<bool>& kept, Eigen::MatrixXd hinv,
                 std::size_t target_removed);

}  // namespace prunekit
