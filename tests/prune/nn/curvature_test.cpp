// The Gauss-Newton curvature behind OBD and OBS against finite differences of the gradient
// (exact where Gauss-Newton equals the Hessian), and the OBS step against its closed form.
#include "prunekit/prune/nn/curvature.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "prune/nn/nn_fixtures.hpp"
#include "prunekit/prune/nn/second_order.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {
namespace {

/// Central differences of the batch gradient: d^2 L / dw_k^2 for every weight of every layer.
std::vector<RowMatrixXf> finite_difference_diagonal(Network net, const BatchRef& batch, Loss loss) {
  Workspace ws;
  net.reserve(ws, batch.x.rows());
  std::vector<RowMatrixXf> out;
  const float h = 1e-2f;
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    RowMatrixXf d(net.layer(l).out(), net.layer(l).in());
    for (Eigen::Index k = 0; k < d.size(); ++k) {
      float& w = net.layer(l).weight.data()[k];
      const float w0 = w;
      w = w0 + h;
      (void)net.compute_gradients(batch, loss, ws);
      const double plus = net.layer(l).weight_grad.data()[k];
      w = w0 - h;
      (void)net.compute_gradients(batch, loss, ws);
      const double minus = net.layer(l).weight_grad.data()[k];
      w = w0;
      d.data()[k] = static_cast<float>((plus - minus) / (2.0 * h));
    }
    out.push_back(std::move(d));
  }
  return out;
}

Eigen::MatrixXf random_curvature_matrix(Eigen::Index r, Eigen::Index c, Rng& rng) {
  Eigen::MatrixXf m(r, c);
  for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = static_cast<float>(rng.normal());
  return m;
}

void expect_close(const std::vector<RowMatrixXf>& a, const std::vector<RowMatrixXf>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t l = 0; l < a.size(); ++l)
    for (Eigen::Index k = 0; k < a[l].size(); ++k)
      EXPECT_NEAR(a[l].data()[k], b[l].data()[k], 2e-3 * (1.0 + std::abs(b[l].data()[k])))
          << "layer " << l << " weight " << k;
}

// With identity activations and squared error, Gauss-Newton is the exact Hessian.
TEST(Curvature, GaussNewtonDiagonalIsTheHessianOfALinearNetworkWithSquaredError) {
  Rng rng(3);
  NetworkShape shape{3, {4}, 2, Activation::identity};
  const Network net(shape, Init::glorot, rng);
  const Eigen::MatrixXf x = random_curvature_matrix(20, 3, rng);
  const Eigen::MatrixXf t = random_curvature_matrix(20, 2, rng);
  const BatchRef batch{x, {}, &t};
  expect_close(gauss_newton_diagonal(net, x, Loss::squared_error),
               finite_difference_diagonal(net, batch, Loss::squared_error));
}

// Logits linear in the weights (no hidden layer): Gauss-Newton with diag(p) - p p^T is the
// exact Hessian of softmax cross-entropy.
TEST(Curvature, GaussNewtonDiagonalIsTheHessianOfSoftmaxRegression) {
  Rng rng(4);
  NetworkShape shape{3, {}, 4, Activation::relu};
  const Network net(shape, Init::glorot, rng);
  const Eigen::MatrixXf x = random_curvature_matrix(30, 3, rng);
  std::vector<std::int32_t> labels;
  for (int i = 0; i < 30; ++i) labels.push_back(i % 4);
  const BatchRef batch{x, labels, nullptr};
  expect_close(gauss_newton_diagonal(net, x, Loss::cross_entropy),
               finite_difference_diagonal(net, batch, Loss::cross_entropy));
}

// The layer block's diagonal is the diagonal computed alone, and the block is symmetric.
TEST(Curvature, LayerBlockAgreesWithTheDiagonal) {
  Rng rng(5);
  NetworkShape shape{3, {4}, 3, Activation::tanh};
  const Network net(shape, Init::glorot, rng);
  const Eigen::MatrixXf x = random_curvature_matrix(25, 3, rng);
  const auto diag = gauss_newton_diagonal(net, x, Loss::cross_entropy);
  for (std::size_t l = 0; l < 2; ++l) {
    const Eigen::MatrixXd h = layer_gauss_newton(net, l, x, Loss::cross_entropy);
    EXPECT_NEAR((h - h.transpose()).norm(), 0.0, 1e-9);
    for (Eigen::Index k = 0; k < h.rows(); ++k)
      EXPECT_NEAR(h(k, k), diag[l].data()[k], 1e-5 * (1.0 + std::abs(h(k, k))));
  }
}

// H = [[2, 1], [1, 3]], w = (1, 0.5): H^-1 = [[3, -1], [-1, 2]] / 5. Saliencies
// w_q^2 / (2 [H^-1]_qq): 1 / 1.2 = 0.8333 and 0.25 / 0.8 = 0.3125: w_1 goes, and
// w_0 <- w_0 - (w_1 / [H^-1]_11) [H^-1]_01 = 1 + 0.5 x 1/2 = 1.25 (= w_0 + w_1 H_01 / H_00,
// the least-squares refit of w_0 with w_1 = 0).
TEST(Obs, OneStepIsTheClosedForm) {
  Eigen::MatrixXd h(2, 2);
  h << 2, 1, 1, 3;
  Eigen::VectorXd w(2);
  w << 1.0, 0.5;
  std::vector<bool> kept{true, true};
  const double saliency = obs_prune(w, kept, h.inverse(), 1);
  EXPECT_NEAR(saliency, 0.3125, 1e-12);
  EXPECT_NEAR(w(0), 1.25, 1e-12);
  EXPECT_EQ(w(1), 0.0);
  EXPECT_EQ(kept, (std::vector<bool>{true, false}));
}

// Three weights, H diagonal except H_01: removing w_2 first (smallest saliency) leaves the
// others; a weight already masked is constrained before anything else is removed.
TEST(Obs, MaskedWeightsAreConstrainedFirst) {
  Eigen::MatrixXd h(3, 3);
  h << 4, 2, 0, 2, 3, 0, 0, 0, 1;
  Eigen::VectorXd w(3);
  w << 0.0, 1.0, 0.1;
  std::vector<bool> kept{false, true, true};
  // With w_0 constrained to 0 the remaining inverse is diag(1/3, 1): saliencies 1.5 and 0.005.
  const double saliency = obs_prune(w, kept, h.inverse(), 2);
  EXPECT_NEAR(saliency, 0.005, 1e-12);
  EXPECT_NEAR(w(1), 1.0, 1e-12);
  EXPECT_EQ(w(0), 0.0);
  EXPECT_EQ(w(2), 0.0);
}

// On a linear least-squares model, OBS with lambda = 0 refits the surviving weights: the
// gradient of the training loss in the kept weights vanishes after pruning.
TEST(Obs, LeavesTheKeptWeightsAtTheLeastSquaresOptimum) {
  Rng rng(6);
  NetworkShape shape{5, {}, 1, Activation::identity};
  Network net(shape, Init::glorot, rng);
  const Eigen::MatrixXf x = random_curvature_matrix(40, 5, rng);
  Eigen::MatrixXf t = random_curvature_matrix(40, 1, rng);
  // Start at the least-squares optimum of the dense model (bias zero, not trained).
  const Eigen::MatrixXf w = (x.transpose() * x).ldlt().solve(x.transpose() * t);
  net.layer(0).weight = w.transpose();
  const Eigen::MatrixXd hinv = layer_gauss_newton(net, 0, x, Loss::squared_error).inverse();
  Eigen::VectorXd v = net.layer(0).weight.transpose().cast<double>();
  std::vector<bool> kept(5, true);
  (void)obs_prune(v, kept, hinv, 2);
  net.layer(0).weight = v.transpose().cast<float>();
  Workspace ws;
  net.reserve(ws, 40);
  (void)net.compute_gradients(BatchRef{x, {}, &t}, Loss::squared_error, ws);
  for (int k = 0; k < 5; ++k)
    if (kept[static_cast<std::size_t>(k)]) {
      EXPECT_NEAR(net.layer(0).weight_grad(0, k), 0.0, 1e-4);
    }
}

}  // namespace
}  // namespace prunekit
