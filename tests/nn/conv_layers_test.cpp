// The convolutional layers: the convolution against a direct loop, every layer's gradients
// against central differences, flatten's order, masks that stay zero through training.
#include <gtest/gtest.h>

#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/conv_network.hpp"
#include "prunekit/nn/layer_types.hpp"
#include "prunekit/nn/train.hpp"
#include "support/random_matrix.hpp"

namespace prunekit {
namespace {

using Eigen::Index;
using Json = nlohmann::json;

Eigen::MatrixXf random_images(Index r, Index c, Rng& rng) {
  return testing::uniform_matrix(r, c, -1.0, 1.0, rng);
}

/// The value at (b, c, y, x) of a batch given as B x C*H*W rows (the network's input).
float pixel(const Eigen::MatrixXf& x, const TensorShape& s, Index b, Index c, Index y, Index xx) {
  return x(b, (c * s.height + y) * s.width + xx);
}

// out[b][f][oy][ox] = bias[f] + sum_{c,dy,dx} w[f][c][dy][dx] in[b][c][oy*s+dy-p][ox*s+dx-p]
TEST(Conv2d, AgreesWithADirectLoop) {
  Rng rng(3);
  const TensorShape in{2, 5, 7};
  const Conv2dLayer::Geometry g{3, 3, 2, 1};
  Conv2dLayer conv(in, g);
  conv.params.weight = random_images(3, 2 * 9, rng);
  conv.params.bias = Eigen::VectorXf::Random(3);
  const Json specs =
      Json::array({conv.spec(), {{"type", "flatten"}}, {{"type", "dense"}, {"units", 2}}});
  ConvNetwork net(in, specs, Init::he, rng);
  dynamic_cast<Conv2dLayer&>(net.layer(0)).params = conv.params;
  const Index batch = 3;
  const Eigen::MatrixXf x = random_images(batch, in.size(), rng);
  ConvWorkspace ws;
  net.forward(x, ws);
  const TensorShape out = conv.output_shape();
  ASSERT_EQ(out, (TensorShape{3, 3, 4}));
  const Eigen::MatrixXf& y = ws.act[0];
  for (Index b = 0; b < batch; ++b)
    for (Index f = 0; f < 3; ++f)
      for (Index oy = 0; oy < out.height; ++oy)
        for (Index ox = 0; ox < out.width; ++ox) {
          double expected = conv.params.bias[f];
          for (Index c = 0; c < 2; ++c)
            for (Index dy = 0; dy < 3; ++dy)
              for (Index dx = 0; dx < 3; ++dx) {
                const Index iy = oy * 2 + dy - 1, ix = ox * 2 + dx - 1;
                if (iy < 0 || iy >= in.height || ix < 0 || ix >= in.width) continue;
                expected += static_cast<double>(conv.params.weight(f, (c * 3 + dy) * 3 + dx)) *
                            pixel(x, in, b, c, iy, ix);
              }
          EXPECT_NEAR(y((b * out.height + oy) * out.width + ox, f), expected, 1e-5);
        }
}

TEST(Flatten, KeepsPyTorchsChannelRowColumnOrder) {
  Rng rng(5);
  const TensorShape in{2, 3, 2};
  const Json specs = Json::array({{{"type", "flatten"}}, {{"type", "dense"}, {"units", 12}}});
  ConvNetwork net(in, specs, Init::he, rng);
  auto& dense = dynamic_cast<DenseLinearLayer&>(net.layer(1));
  dense.params.weight.setIdentity();
  dense.params.bias.setZero();
  const Eigen::MatrixXf x = random_images(2, in.size(), rng);
  EXPECT_TRUE(net.predict(x).isApprox(x));
}

/// Every smooth layer type in one small network whose first layer's gradient passes through
/// all (relu and max pooling have kinks that central differences cross: they are checked on
/// their own below).
Json smooth_layer_specs() {
  return Json::array(
      {{{"type", "conv2d"}, {"channels", 3}, {"kernel", 3}, {"padding", 1}},
       {{"type", "tanh"}},
       {{"type", "avgpool2d"}, {"kernel", 2}},
       {{"type", "conv2d"}, {"channels", 4}, {"kernel", 3}, {"stride", 2}, {"padding", 1}},
       {{"type", "batchnorm"}},
       {{"type", "sigmoid"}},
       {{"type", "avgpool2d"}, {"kernel", 2}},
       {{"type", "flatten"}},
       {{"type", "dense"}, {"units", 5}},
       {{"type", "batchnorm"}},
       {{"type", "tanh"}},
       {{"type", "dropout"}, {"p", 0.3}},
       {{"type", "dense"}, {"units", 3}}});
}

double conv_batch_loss(ConvNetwork& net, const BatchRef& batch, ConvWorkspace& ws) {
  net.forward(batch.x, ws, Mode::training, nullptr);
  return net.loss_and_output_delta(batch, Loss::cross_entropy, ws);
}

// Central differences in float: loss ~ 1, rounding ~ 1e-7, step 3e-3, so the difference
// quotient is good to about 1e-4 plus the O(step^2) terms.
TEST(ConvGradients, MatchCentralDifferencesThroughEverySmoothLayer) {
  Rng rng(17);
  const TensorShape in{2, 8, 8};
  ConvNetwork net(in, smooth_layer_specs(), Init::glorot, rng);
  const Index batch = 4;
  const Eigen::MatrixXf x = random_images(batch, in.size(), rng);
  const std::vector<std::int32_t> labels{0, 2, 1, 2};
  const BatchRef ref{x, labels, nullptr};
  ConvWorkspace ws;
  ConvNetwork probe = net;
  (void)probe.compute_gradients(ref, Loss::cross_entropy, ws);
  std::size_t checked = 0;
  const float step = 3e-3f;
  auto views = net.parameters();
  const auto grads = probe.parameters();
  for (std::size_t p = 0; p < views.size(); ++p) {
    for (std::size_t i = 0; i < views[p].value.size(); ++i) {
      const float saved = views[p].value[i];
      views[p].value[i] = saved + step;
      const double up = conv_batch_loss(net, ref, ws);
      views[p].value[i] = saved - step;
      const double down = conv_batch_loss(net, ref, ws);
      views[p].value[i] = saved;
      const double numeric = (up - down) / (2.0 * step);
      EXPECT_NEAR(grads[p].grad[i], numeric, 2e-3 + 0.02 * std::abs(numeric))
          << views[p].name << "[" << i << "]";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 57u + 112u + 8u + 25u + 10u + 18u);  // every parameter
}

// Max pooling sends each output's gradient to the input that won its window; relu passes the
// gradient where its output is positive.
TEST(ConvGradients, MaxPoolAndReluRouteTheGradient) {
  const TensorShape in{1, 4, 4};
  Pool2dLayer pool(in, PoolKind::max, 2, 2);
  ActivationLayer relu(in, Activation::relu);
  Eigen::MatrixXf x(16, 1);
  for (Index i = 0; i < 16; ++i) x(i, 0) = static_cast<float>((i * 7) % 16) - 7.5f;
  LayerScratch scratch;
  Eigen::MatrixXf pooled(4, 1), dpooled = Eigen::MatrixXf::Constant(4, 1, 1.0f), dx(16, 1);
  pool.forward(x, pooled, 1, Mode::training, scratch, nullptr);
  pool.backward(x, pooled, dpooled, &dx, 1, scratch);
  for (Index oy = 0; oy < 2; ++oy)
    for (Index ox = 0; ox < 2; ++ox) {
      Index best = 0;
      float top = -1e9f;
      for (Index dy = 0; dy < 2; ++dy)
        for (Index dx2 = 0; dx2 < 2; ++dx2) {
          const Index at = (2 * oy + dy) * 4 + 2 * ox + dx2;
          if (x(at, 0) > top) top = x(at, 0), best = at;
        }
      EXPECT_EQ(pooled(oy * 2 + ox, 0), top);
      for (Index dy = 0; dy < 2; ++dy)
        for (Index dx2 = 0; dx2 < 2; ++dx2) {
          const Index at = (2 * oy + dy) * 4 + 2 * ox + dx2;
          EXPECT_EQ(dx(at, 0), at == best ? 1.0f : 0.0f);
        }
    }
  Eigen::MatrixXf y(16, 1), dy = Eigen::MatrixXf::Constant(16, 1, 2.0f), dr(16, 1);
  relu.forward(x, y, 1, Mode::training, scratch, nullptr);
  relu.backward(x, y, dy, &dr, 1, scratch);
  for (Index i = 0; i < 16; ++i) {
    EXPECT_EQ(y(i, 0), std::max(x(i, 0), 0.0f));
    EXPECT_EQ(dr(i, 0), x(i, 0) > 0.0f ? 2.0f : 0.0f);
  }
}

TEST(ConvMasks, MaskedWeightsStayZeroThroughTraining) {
  Rng rng(23);
  const TensorShape in{1, 6, 6};
  const Json specs = Json::array({{{"type", "conv2d"}, {"channels", 4}, {"kernel", 3}},
                                  {{"type", "batchnorm"}},
                                  {{"type", "relu"}},
                                  {{"type", "flatten"}},
                                  {{"type", "dense"}, {"units", 2}}});
  ConvNetwork net(in, specs, Init::he, rng);
  auto& conv = dynamic_cast<Conv2dLayer&>(net.layer(0));
  conv.params.weight_mask.row(1).setZero();  // a whole filter
  conv.params.weight_mask(2, 4) = 0.0f;      // one kernel tap
  auto& norm = dynamic_cast<BatchNormLayer&>(net.layer(1));
  norm.scale_mask[3] = 0.0f;
  net.apply_masks();
  const Eigen::MatrixXf x = random_images(40, in.size(), rng);
  std::vector<std::int32_t> labels;
  for (Index i = 0; i < 40; ++i) labels.push_back(x(i, 7) > 0.0f ? 1 : 0);
  TrainParams params;
  params.epochs = 3;
  params.batch = 8;
  params.weight_decay = 0.01;
  (void)train_network(net, {x, labels, nullptr}, params, Loss::cross_entropy, rng);
  EXPECT_TRUE((conv.params.weight.row(1).array() == 0.0f).all());
  EXPECT_EQ(conv.params.weight(2, 4), 0.0f);
  EXPECT_NE(conv.params.weight(2, 3), 0.0f);
  EXPECT_EQ(norm.scale[3], 0.0f);
  EXPECT_NE(norm.scale[2], 1.0f);  // the others trained
}

TEST(ConvNetworkShape, RefusesBadArchitecturesNamingTheLayer) {
  Rng rng(1);
  const TensorShape in{1, 4, 4};
  auto build = [&](const Json& specs) { return ConvNetwork(in, specs, Init::he, rng); };
  EXPECT_THROW(build(Json::array({{{"type", "conv2d"}, {"channels", 2}, {"kernel", 5}},
                                  {{"type", "flatten"}},
                                  {{"type", "dense"}, {"units", 2}}})),
               InvalidArgument);
  EXPECT_THROW(build(Json::array({{{"type", "dense"}, {"units", 2}}})), InvalidArgument);
  EXPECT_THROW(build(Json::array({{{"type", "conv2d"}, {"channels", 2}}})), InvalidArgument);
  try {
    (void)build(Json::array({{{"type", "flatten"}},
                             {{"type", "maxpool2d"}, {"kernel", 2}},
                             {{"type", "dense"}, {"units", 2}}}));
    FAIL() << "a 16x1x1 input cannot be pooled 2x2";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("layer 1"), std::string::npos) << e.what();
  }
}

TEST(ConvNetworkTraining, SameSeedSameWeights) {
  auto train = [] {
    Rng rng(31);
    const TensorShape in{1, 6, 6};
    const Json specs = Json::array({{{"type", "conv2d"}, {"channels", 2}, {"kernel", 3}},
                                    {{"type", "relu"}},
                                    {{"type", "flatten"}},
                                    {{"type", "dropout"}, {"p", 0.2}},
                                    {{"type", "dense"}, {"units", 2}}});
    ConvNetwork net(in, specs, Init::he, rng);
    const Eigen::MatrixXf x = random_images(30, in.size(), rng);
    std::vector<std::int32_t> labels;
    for (Index i = 0; i < 30; ++i) labels.push_back(x(i, 3) > 0.0f ? 1 : 0);
    TrainParams params;
    params.epochs = 2;
    params.batch = 7;
    (void)train_network(net, {x, labels, nullptr}, params, Loss::cross_entropy, rng);
    return net.predict(x);
  };
  const Eigen::MatrixXf a = train(), b = train();
  EXPECT_TRUE((a.array() == b.array()).all());
}

}  // namespace
}  // namespace prunekit
