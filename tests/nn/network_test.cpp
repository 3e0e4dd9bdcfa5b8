// The network alone: shapes, masks, and gradients checked against central differences.
#include "prunekit/nn/network.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

Eigen::MatrixXf random_matrix(Eigen::Index r, Eigen::Index c, Rng& rng) {
  Eigen::MatrixXf m(r, c);
  for (Eigen::Index j = 0; j < c; ++j)
    for (Eigen::Index i = 0; i < r; ++i) m(i, j) = static_cast<float>(rng.uniform(-1.0, 1.0));
  return m;
}

struct Case {
  Activation activation;
  Loss loss;
  bool masked;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << to_string(c.activation) << "/" << to_string(c.loss) << (c.masked ? "/masked" : "");
}

class GradientCheck : public ::testing::TestWithParam<Case> {};

// Central differences on the mean batch loss, in float with a step and tolerance that float
// rounding allows (loss ~ 1, rounding ~ 1e-7, step 3e-3: error ~ 1e-4 plus O(step^2) terms).
TEST_P(GradientCheck, MatchesCentralDifferences) {
  const Case c = GetParam();
  Rng rng(11);
  NetworkShape shape{5, {4, 3}, c.loss == Loss::cross_entropy ? 3u : 2u, c.activation};
  Network net(shape, Init::glorot, rng);
  for (std::size_t l = 0; l < net.n_layers(); ++l)
    for (Eigen::Index i = 0; i < net.layer(l).out(); ++i)
      net.layer(l).bias[i] = static_cast<float>(rng.uniform(-0.3, 0.3));
  if (c.masked) {
    net.layer(0).weight_mask(1, 2) = 0.0f;
    net.layer(1).weight_mask(0, 0) = 0.0f;
    net.layer(2).bias_mask[1] = 0.0f;
    net.remove_neuron(0, 3);
    net.apply_masks();
  }
  const Eigen::MatrixXf x = random_matrix(6, 5, rng);
  const std::vector<std::int32_t> labels{0, 2, 1, 1, 0, 2};
  const Eigen::MatrixXf targets = random_matrix(6, 2, rng);
  const BatchRef batch{x, labels, &targets};
  Workspace ws;
  net.compute_gradients(batch, c.loss, ws);
  const float eps = c.activation == Activation::relu ? 5e-4f : 3e-3f;
  std::size_t checked = 0;
  for (std::size_t l = 0; l < net.n_layers(); ++l) {
    auto views = net.parameters();
    for (auto& view : views) {
      if (view.layer != l) continue;
      for (std::size_t k = 0; k < view.value.size(); ++k) {
        const float analytic = view.grad[k];
        if (view.mask[k] == 0.0f) {
          EXPECT_EQ(analytic, 0.0f) << view.name << "[" << k << "] is masked";
          EXPECT_EQ(view.value[k], 0.0f);
          continue;
        }
        const float saved = view.value[k];
        view.value[k] = saved + eps;
        Workspace w1;
        net.forward(x, w1);
        const double up = net.loss_and_output_delta(batch, c.loss, w1);
        view.value[k] = saved - eps;
        net.forward(x, w1);
        const double down = net.loss_and_output_delta(batch, c.loss, w1);
        view.value[k] = saved;
        const double numeric = (up - down) / (2.0 * eps);
        EXPECT_NEAR(analytic, numeric, 2e-3 + 2e-2 * std::abs(numeric))
            << view.name << "[" << k << "] " << to_string(c.activation) << " " << to_string(c.loss);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 30u);
}

INSTANTIATE_TEST_SUITE_P(AllActivationsAndLosses, GradientCheck,
                         ::testing::Values(Case{Activation::relu, Loss::cross_entropy, false},
                                           Case{Activation::tanh, Loss::cross_entropy, false},
                                           Case{Activation::sigmoid, Loss::cross_entropy, false},
                                           Case{Activation::identity, Loss::cross_entropy, false},
                                           Case{Activation::relu, Loss::squared_error, false},
                                           Case{Activation::tanh, Loss::squared_error, false},
                                           Case{Activation::sigmoid, Loss::squared_error, true},
                                           Case{Activation::relu, Loss::cross_entropy, true},
                                           Case{Activation::tanh, Loss::squared_error, true},
                                           Case{Activation::identity, Loss::squared_error, true}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return to_string(info.param.activation) + "_" +
                                  to_string(info.param.loss) + (info.param.masked ? "_masked" : "");
                         });

TEST(Network, ForwardMatchesHandComputation) {
  DenseLayer a(2, 2, Activation::relu);
  a.weight << 1, -1, 2, 0.5;
  a.bias << 0.5, -3;
  DenseLayer b(2, 1, Activation::identity);
  b.weight << 2, 1;
  b.bias << 1;
  const Network net({a, b});
  Eigen::MatrixXf x(2, 2);
  x << 1, 2,  // row 0: h = relu(1 - 2 + 0.5, 2 + 1 - 3) = (0, 0) -> 1
      3, 1;   // row 1: h = relu(3 - 1 + 0.5, 6 + 0.5 - 3) = (2.5, 3.5) -> 5 + 3.5 + 1
  const Eigen::MatrixXf y = net.predict(x);
  EXPECT_FLOAT_EQ(y(0, 0), 1.0f);
  EXPECT_FLOAT_EQ(y(1, 0), 9.5f);
}

TEST(Network, CrossEntropyLossMatchesHandComputation) {
  DenseLayer out(1, 2, Activation::identity);
  out.weight << 1, -1;
  const Network net({out});
  Eigen::MatrixXf x(1, 1);
  x << 2;  // logits (2, -2); label 0: loss = log(1 + e^-4)
  const std::vector<std::int32_t> labels{0};
  Workspace ws;
  net.forward(x, ws);
  const double loss = net.loss_and_output_delta({x, labels, nullptr}, Loss::cross_entropy, ws);
  EXPECT_NEAR(loss, std::log1p(std::exp(-4.0)), 1e-6);
}

TEST(Network, RemoveNeuronMasksRowBiasAndNextColumn) {
  Rng rng(1);
  Network net(NetworkShape{3, {4}, 2, Activation::relu}, Init::he, rng);
  net.remove_neuron(0, 2);
  EXPECT_TRUE(net.neuron_removed(0, 2));
  EXPECT_FALSE(net.neuron_removed(0, 1));
  EXPECT_TRUE((net.layer(0).weight.row(2).array() == 0.0f).all());
  EXPECT_EQ(net.layer(0).bias[2], 0.0f);
  EXPECT_TRUE((net.layer(1).weight.col(2).array() == 0.0f).all());
  EXPECT_THROW(net.remove_neuron(1, 0), InvalidArgument);
}

TEST(Network, InitialisationFollowsHeAndGlorot) {
  Rng rng(3);
  const Network he(NetworkShape{400, {300}, 2, Activation::relu}, Init::he, rng);
  const auto& w = he.layer(0).weight;
  const double sd = std::sqrt(w.array().square().mean());
  EXPECT_NEAR(sd, std::sqrt(2.0 / 400.0), 0.003);
  const Network gl(NetworkShape{400, {300}, 2, Activation::tanh}, Init::glorot, rng);
  const double limit = std::sqrt(6.0 / 700.0);
  EXPECT_LE(gl.layer(0).weight.cwiseAbs().maxCoeff(), limit);
  EXPECT_NEAR(std::sqrt(gl.layer(0).weight.array().square().mean()), limit / std::sqrt(3.0), 0.003);
  EXPECT_TRUE((he.layer(0).bias.array() == 0.0f).all());
  const Network fu(NetworkShape{400, {300}, 2, Activation::relu}, Init::fan_in_uniform, rng);
  EXPECT_LE(fu.layer(0).weight.cwiseAbs().maxCoeff(), 0.05f);
  EXPECT_LE(fu.layer(0).bias.cwiseAbs().maxCoeff(), 0.05f);
  EXPECT_NEAR(std::sqrt(fu.layer(0).weight.array().square().mean()), 0.05 / std::sqrt(3.0), 0.001);
  EXPECT_GT(fu.layer(0).bias.cwiseAbs().maxCoeff(), 0.04f);
}

TEST(Network, DropoutScalesKeptActivations) {
  DenseLayer a(1, 1000, Activation::identity);
  a.weight.setOnes();
  DenseLayer b(1000, 1, Activation::identity);
  const Network net({a, b});
  Eigen::MatrixXf x(1, 1);
  x << 1;
  Workspace ws;
  Rng rng(5);
  net.forward(x, ws, 0.25f, &rng);
  const auto& d = ws.dropped[0];
  std::size_t kept = 0;
  for (Eigen::Index j = 0; j < 1000; ++j) {
    if (d(0, j) != 0.0f) {
      EXPECT_FLOAT_EQ(d(0, j), 1.0f / 0.75f);
      ++kept;
    }
  }
  EXPECT_NEAR(static_cast<double>(kept), 750.0, 50.0);
}

}  // namespace
}  // namespace prunekit
