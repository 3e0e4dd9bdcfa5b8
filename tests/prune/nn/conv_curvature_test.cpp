// The Gauss-Newton diagonal of a convolutional network against its definition, computed from
// nothing but inference passes: h_k = mean_n dz_n/dw_k^T (diag(p_n) - p_n p_n^T) dz_n/dw_k,
// the Jacobian column by central differences. Batch norm with non-trivial running statistics
// checks the folding; shared conv weights check the per-example sum over positions.
#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/layer_types.hpp"
#include "prunekit/prune/nn/curvature.hpp"
#include "support/random_matrix.hpp"

namespace prunekit {
namespace {

using Json = nlohmann::json;
using Eigen::Index;

Eigen::MatrixXf softmax_rows_for_check(const Eigen::MatrixXf& z) {
  Eigen::MatrixXf p = z;
  for (Index i = 0; i < p.rows(); ++i) {
    p.row(i) = (p.row(i).array() - p.row(i).maxCoeff()).exp();
    p.row(i) /= p.row(i).sum();
  }
  return p;
}

/// The definition, per weight matrix: the Gauss-Newton block mean_n J_n^T H_z J_n, in double,
/// J_n (outputs x weights) by float central differences.
std::vector<Eigen::MatrixXd> definition_blocks(ConvNetwork net, const Eigen::MatrixXf& x) {
  const Eigen::MatrixXd p = softmax_rows_for_check(net.predict(x)).cast<double>();
  std::vector<Eigen::MatrixXd> out;
  const float step = 3e-3f;
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    auto* weighted = dynamic_cast<WeightedLayer*>(&net.layer(l));
    if (weighted == nullptr) continue;
    RowMatrixXf& w = weighted->params.weight;
    std::vector<Eigen::MatrixXd> jacobians(static_cast<std::size_t>(x.rows()),
                                           Eigen::MatrixXd(p.cols(), w.size()));
    for (Index k = 0; k < w.size(); ++k) {
      const float w0 = w.data()[k];
      w.data()[k] = w0 + step;
      const Eigen::MatrixXd plus = net.predict(x).cast<double>();
      w.data()[k] = w0 - step;
      const Eigen::MatrixXd minus = net.predict(x).cast<double>();
      w.data()[k] = w0;
      for (Index n = 0; n < x.rows(); ++n)
        jacobians[static_cast<std::size_t>(n)].col(k) =
            ((plus.row(n) - minus.row(n)) / (2.0 * step)).transpose();
    }
    Eigen::MatrixXd h = Eigen::MatrixXd::Zero(w.size(), w.size());
    for (Index n = 0; n < x.rows(); ++n) {
      const Eigen::VectorXd pn = p.row(n).transpose();
      const Eigen::MatrixXd hz = Eigen::MatrixXd(pn.asDiagonal()) - pn * pn.transpose();
      const auto& j = jacobians[static_cast<std::size_t>(n)];
      h += j.transpose() * hz * j;
    }
    out.push_back(h / static_cast<double>(x.rows()));
  }
  return out;
}

/// conv + batch norm (non-trivial running statistics) + tanh + avg pool + conv (shared weights
/// over 4 positions) + dropout + dense, on 7 random 6x6 images.
struct CurvatureCase {
  ConvNetwork net;
  Eigen::MatrixXf x;
};

CurvatureCase curvature_case() {
  Rng rng(23);
  const Json specs =
      Json::array({{{"type", "conv2d"}, {"channels", 2}, {"kernel", 3}, {"padding", 1}},
                   {{"type", "batchnorm"}},
                   {{"type", "tanh"}},
                   {{"type", "avgpool2d"}, {"kernel", 2}},
                   {{"type", "conv2d"}, {"channels", 3}, {"kernel", 2}},
                   {{"type", "tanh"}},
                   {{"type", "dropout"}, {"p", 0.5}},
                   {{"type", "flatten"}},
                   {{"type", "dense"}, {"units", 3}}});
  CurvatureCase c{ConvNetwork({1, 6, 6}, specs, Init::glorot, rng), Eigen::MatrixXf(7, 36)};
  auto& norm = dynamic_cast<BatchNormLayer&>(c.net.layer(1));
  norm.running_mean << 0.3f, -0.2f;
  norm.running_var << 0.5f, 2.0f;
  norm.scale << 1.5f, -0.7f;
  norm.shift << 0.1f, 0.4f;
  c.x = testing::uniform_matrix(7, 36, -1.0, 1.0, rng);
  return c;
}

TEST(ConvCurvature, GaussNewtonDiagonalAndLayerBlocksMatchTheirDefinition) {
  const CurvatureCase c = curvature_case();
  const auto diag = gauss_newton_diagonal(c.net, c.x, Loss::cross_entropy);
  const auto expected = definition_blocks(c.net, c.x);
  ASSERT_EQ(diag.size(), 3u);
  ASSERT_EQ(expected.size(), 3u);
  for (std::size_t l = 0; l < diag.size(); ++l) {
    const Eigen::MatrixXd block = layer_gauss_newton(c.net, l, c.x, Loss::cross_entropy);
    ASSERT_EQ(diag[l].size(), expected[l].rows());
    ASSERT_EQ(block.rows(), expected[l].rows());
    const double tolerance = 1e-2 * expected[l].cwiseAbs().maxCoeff();
    for (Index k = 0; k < diag[l].size(); ++k)
      EXPECT_NEAR(diag[l].data()[k], expected[l](k, k), tolerance) << "layer " << l << " " << k;
    EXPECT_LT((block - expected[l]).cwiseAbs().maxCoeff(), tolerance) << "layer " << l;
  }
}

TEST(ConvCurvature, RefusesABatchNormThatFollowsNoWeightedLayer) {
  Rng rng(24);
  const Json specs = Json::array({{{"type", "conv2d"}, {"channels", 2}, {"kernel", 3}},
                                  {{"type", "relu"}},
                                  {{"type", "batchnorm"}},
                                  {{"type", "flatten"}},
                                  {{"type", "dense"}, {"units", 2}}});
  const ConvNetwork net({1, 5, 5}, specs, Init::glorot, rng);
  const Eigen::MatrixXf x = Eigen::MatrixXf::Constant(3, 25, 0.5f);
  try {
    (void)gauss_newton_diagonal(net, x, Loss::cross_entropy);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("layer 2 is a batch norm"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace prunekit
