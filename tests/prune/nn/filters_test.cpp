// Filter pruning of convolutional networks: the coupled groups, the scores, and compaction that
// keeps the outputs.
#include "prunekit/prune/nn/filters.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/nn/layer_types.hpp"
#include "support/random_matrix.hpp"

namespace prunekit {
namespace {

using Eigen::Index;
using Json = nlohmann::json;

Eigen::MatrixXf filter_test_images(Index rows, Index features, Rng& rng) {
  return testing::uniform_matrix(rows, features, 0.0, 1.0, rng);
}

/// A small VGG-style network whose batch norms have non-trivial statistics.
ConvNetwork small_vgg(Rng& rng) {
  const Json specs =
      Json::array({{{"type", "conv2d"}, {"channels", 6}, {"kernel", 3}, {"padding", 1}},
                   {{"type", "batchnorm"}},
                   {{"type", "relu"}},
                   {{"type", "maxpool2d"}, {"kernel", 2}},
                   {{"type", "conv2d"}, {"channels", 8}, {"kernel", 3}},
                   {{"type", "batchnorm"}},
                   {{"type", "relu"}},
                   {{"type", "flatten"}},
                   {{"type", "dense"}, {"units", 3}}});
  ConvNetwork net({2, 10, 10}, specs, Init::he, rng);
  for (std::size_t l : {1u, 5u}) {
    auto& norm = dynamic_cast<BatchNormLayer&>(net.layer(l));
    for (Index c = 0; c < norm.scale.size(); ++c) {
      norm.scale[c] = static_cast<float>(rng.uniform(0.5, 1.5));
      norm.shift[c] = static_cast<float>(rng.uniform(-0.5, 0.5));
      norm.running_mean[c] = static_cast<float>(rng.uniform(-0.2, 0.2));
      norm.running_var[c] = static_cast<float>(rng.uniform(0.5, 2.0));
    }
  }
  return net;
}

TEST(FilterGroups, CoupleEachConvWithItsNormAndConsumer) {
  Rng rng(1);
  const auto lenet =
      filter_groups(ConvNetwork({1, 28, 28}, architecture_specs("lenet5", 10), Init::he, rng));
  ASSERT_EQ(lenet.size(), 2u);
  EXPECT_EQ(lenet[0].conv, 0u);
  EXPECT_EQ(lenet[0].consumer, 3u);
  EXPECT_EQ(lenet[0].consumer_span, 25);
  EXPECT_FALSE(lenet[0].norm);
  EXPECT_EQ(lenet[1].consumer, 7u);
  EXPECT_EQ(lenet[1].consumer_span, 16);  // 50 x 4 x 4 flattened
  const auto vgg = filter_groups(small_vgg(rng));
  ASSERT_EQ(vgg.size(), 2u);
  EXPECT_EQ(vgg[0].norm, std::optional<std::size_t>(1));
  EXPECT_EQ(vgg[1].norm, std::optional<std::size_t>(5));
  EXPECT_EQ(vgg[1].consumer_span, 9);  // 8 x 3 x 3 flattened
}

class Compaction : public ::testing::TestWithParam<FilterImportance> {};

TEST_P(Compaction, GivesTheMaskedNetworksOutputsFromFewerMultiplyAdds) {
  Rng rng(5);
  ConvNetwork net = small_vgg(rng);
  const Eigen::MatrixXf x = filter_test_images(20, 200, rng);
  const std::vector<std::int32_t> labels(20, 1);
  const TrainData data{x, labels, nullptr};
  const auto groups = filter_groups(net);
  const auto scores = filter_scores(net, groups, GetParam(), &data, rng);
  remove_lowest_filters(net, groups, scores, 0.5, false);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    Index removed = 0;
    const Index n = scores[g].size();
    for (Index f = 0; f < n; ++f) removed += filter_removed(net, groups[g], f) ? 1 : 0;
    EXPECT_EQ(removed, n / 2) << "group " << g;
  }
  const ConvNetwork small = compact(net);
  EXPECT_EQ(small.layer(0).output_shape().channels, 3);
  EXPECT_EQ(small.layer(4).output_shape().channels, 4);
  EXPECT_EQ(small.multiply_adds(), 3 * 2 * 9 * 100 + 4 * 3 * 9 * 9 + 3 * 4 * 9);
  const Eigen::MatrixXf a = net.predict(x), b = small.predict(x);
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), 1e-5f);
}

INSTANTIATE_TEST_SUITE_P(Importances, Compaction,
                         ::testing::Values(FilterImportance::l1, FilterImportance::l2,
                                           FilterImportance::bn_scale, FilterImportance::taylor,
                                           FilterImportance::random));

TEST(FoldBatchNorms, GivesTheSameInferenceOutputsWithoutTheNorms) {
  Rng rng(9);
  ConvNetwork net = small_vgg(rng);
  const auto groups = filter_groups(net);
  remove_filter(net, groups[0], 2);  // a removed filter and its norm channel stay removed
  const ConvNetwork folded = fold_batch_norms(net);
  EXPECT_EQ(folded.n_layers(), net.n_layers() - 2);
  const Eigen::MatrixXf x = filter_test_images(12, 200, rng);
  EXPECT_LT((folded.predict(x) - net.predict(x)).cwiseAbs().maxCoeff(), 1e-5f);
  const auto& conv = dynamic_cast<const Conv2dLayer&>(folded.layer(0));
  EXPECT_TRUE((conv.params.weight.row(2).array() == 0.0f).all());
  EXPECT_EQ(conv.params.bias[2], 0.0f);
}

TEST(FilterScores, L1RanksByTheFiltersWeights) {
  Rng rng(2);
  ConvNetwork net = small_vgg(rng);
  auto& conv = dynamic_cast<Conv2dLayer&>(net.layer(0));
  conv.params.weight.row(4) *= 0.01f;  // the weakest filter by far
  const auto groups = filter_groups(net);
  const auto scores = filter_scores(net, groups, FilterImportance::l1, nullptr, rng);
  remove_lowest_filters(net, groups, scores, 0.2, false);  // round(0.2 x 6) = 1 filter
  EXPECT_TRUE(filter_removed(net, groups[0], 4));
  auto& next = dynamic_cast<Conv2dLayer&>(net.layer(4));
  EXPECT_TRUE((next.params.weight.middleCols(4 * 9, 9).array() == 0.0f).all());
  EXPECT_TRUE((next.params.weight.middleCols(3 * 9, 9).array() != 0.0f).any());
}

TEST(FilterScores, BatchNormScaleNeedsABatchNorm) {
  Rng rng(3);
  ConvNetwork lenet({1, 28, 28}, architecture_specs("lenet5", 10), Init::he, rng);
  EXPECT_THROW(
      (void)filter_scores(lenet, filter_groups(lenet), FilterImportance::bn_scale, nullptr, rng),
      InvalidArgument);
}

}  // namespace
}  // namespace prunekit
