// The neural pruning methods on convolutional networks: the unstructured ones (OBD and OBS
// included) reach their sparsity over conv and dense weights, neuron pruning and OBS on a
// layer too large refuse clearly, the filter
// method compacts the network.
#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/nn/layer_types.hpp"
#include "prunekit/prune/nn/network_pruning.hpp"
#include "prunekit/prune/pruner.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {
namespace {

using Json = nlohmann::json;

/// 6x6 images: a bright top half (class 0) or bottom half (class 1), in noise.
const Dataset& halves() {
  static const Dataset data = [] {
    Rng rng(4);
    Dataset d;
    d.rows = 96;
    d.schema.class_names = {"top", "bottom"};
    d.schema.item_shape = {1, 6, 6};
    for (int j = 0; j < 36; ++j) d.schema.features.push_back({"p" + std::to_string(j), false, {}});
    d.features.assign(d.rows * 36, 0.0f);
    for (std::size_t i = 0; i < d.rows; ++i) {
      const auto label = static_cast<std::int32_t>(i % 2);
      d.labels.push_back(label);
      for (std::size_t k = 0; k < 36; ++k) {
        const bool top = k < 18;
        d.features[k * d.rows + i] =
            ((top == (label == 0)) ? 0.8f : 0.1f) + static_cast<float>(rng.uniform(0.0, 0.2));
      }
    }
    return d;
  }();
  return data;
}

std::unique_ptr<CnnModel> fitted_small_cnn() {
  const Json arch = Json::array({{{"type", "conv2d"}, {"channels", 4}, {"kernel", 3}},
                                 {{"type", "batchnorm"}},
                                 {{"type", "relu"}},
                                 {{"type", "conv2d"}, {"channels", 6}, {"kernel", 3}},
                                 {{"type", "relu"}},
                                 {{"type", "flatten"}},
                                 {{"type", "dense"}, {"units", 8}},
                                 {{"type", "relu"}},
                                 {{"type", "dense"}}});
  auto model = std::make_unique<CnnModel>(
      parse_cnn_params({{"architecture", arch}, {"epochs", 3}, {"batch", 16}}));
  Rng rng(2);
  model->fit(halves(), rng);
  return model;
}

PruneResult prune_cnn(const Json& spec, const Model& model) {
  const auto pruner = make_pruner(spec);
  Rng rng(1);
  return pruner->prune(model, PruneContext{halves()}, rng);
}

TEST(CnnPruning, UnstructuredMethodsReachTheSparsityOverConvAndDenseWeights) {
  const auto model = fitted_small_cnn();
  // Prunable: conv 4x9 + conv 6x36 + dense 8x24 = 36 + 216 + 192 = 444 weights; per layer,
  // round(0.6 n) of each differs from round(0.6 x 444) by at most 2.
  for (Json spec : {Json{{"method", "random"}}, Json{{"method", "magnitude"}},
                    Json{{"method", "magnitude"}, {"scope", "layer"}},
                    Json{{"method", "magnitude"}, {"schedule", "iterative"}, {"rounds", 2}},
                    Json{{"method", "gradual"}, {"epochs", 3}, {"end_epoch", 2}},
                    Json{{"method", "lottery"}, {"rounds", 2}, {"train_epochs", 2}},
                    Json{{"method", "snip"}, {"train_epochs", 1}, {"batch", 32}},
                    Json{{"method", "obd"}, {"rounds", 2}, {"hessian_rows", 40}},
                    Json{{"method", "obs"}, {"hessian_rows", 40}}}) {
    spec["sparsity"] = 0.6;
    spec["finetune_epochs"] = 1;
    SCOPED_TRACE(spec.dump());
    const PruneResult r = prune_cnn(spec, *model);
    const auto& pruned = dynamic_cast<const CnnModel&>(*r.model);
    EXPECT_NEAR(prunable_sparsity(pruned, false), 0.6, 2.0 / 444.0);
    for (const auto& layer : pruned.weight_matrices())
      for (Eigen::Index k = 0; k < layer.params->weight.size(); ++k)
        if (layer.params->weight_mask.data()[k] == 0.0f) {
          ASSERT_EQ(layer.params->weight.data()[k], 0.0f);
        }
    EXPECT_EQ(r.report.details["layers"][0]["kind"], "conv2d");
  }
}

TEST(CnnPruning, NmGroupsRunAlongTheInputChannels) {
  const auto model = fitted_small_cnn();
  const PruneResult r = prune_cnn({{"method", "nm"}, {"n", 2}, {"m", 4}}, *model);
  const auto& conv =
      dynamic_cast<const Conv2dLayer&>(dynamic_cast<const CnnModel&>(*r.model).network().layer(3));
  // Each filter of the second conv: at every kernel tap, 2 of the 4 input channels kept.
  for (Eigen::Index f = 0; f < 6; ++f)
    for (Eigen::Index tap = 0; tap < 9; ++tap) {
      int kept = 0;
      for (Eigen::Index c = 0; c < 4; ++c) kept += conv.params.weight_mask(f, c * 9 + tap) != 0.0f;
      EXPECT_EQ(kept, 2);
    }
}

TEST(CnnPruning, NeuronPruningRefusesACnnAndObsALayerTooLarge) {
  const auto model = fitted_small_cnn();
  try {
    (void)prune_cnn({{"method", "neuron"}, {"sparsity", 0.5}}, *model);
    FAIL() << "neuron";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("it prunes mlp models"), std::string::npos) << e.what();
  }
  try {
    (void)prune_cnn({{"method", "obs"}, {"sparsity", 0.5}, {"max_layer_weights", 200}}, *model);
    FAIL() << "obs";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("layer 1 (conv2d) has 216 weights"), std::string::npos)
        << e.what();
  }
}

TEST(CnnPruning, FilterMethodCompactsAndKeepsTheMaskedOutputs) {
  const auto model = fitted_small_cnn();
  for (const char* importance : {"l1", "bn_scale", "taylor"}) {
    SCOPED_TRACE(importance);
    const PruneResult masked = prune_cnn(
        {{"method", "filter"}, {"sparsity", 0.5}, {"importance", importance}, {"compact", false}},
        *model);
    const PruneResult compacted =
        prune_cnn({{"method", "filter"}, {"sparsity", 0.5}, {"importance", importance}}, *model);
    const auto& small = dynamic_cast<const CnnModel&>(*compacted.model);
    EXPECT_EQ(small.network().layer(0).output_shape().channels, 2);
    // By batch-norm scale only the first conv, which has a batch norm, is pruned.
    EXPECT_EQ(small.network().layer(3).output_shape().channels,
              std::string(importance) == "bn_scale" ? 6 : 3);
    const auto& big = dynamic_cast<const CnnModel&>(*masked.model);
    EXPECT_LT((small.outputs(halves()) - big.outputs(halves())).cwiseAbs().maxCoeff(), 1e-5f);
    EXPECT_LT(compacted.report.after["macs_dense"].get<double>(),
              0.75 * compacted.report.before["macs_dense"].get<double>());
  }
  auto mlp = make_model("mlp", {{"hidden", 4}, {"epochs", 1}});
  Rng rng(3);
  mlp->fit(halves(), rng);
  EXPECT_THROW((void)prune_cnn({{"method", "filter"}, {"sparsity", 0.5}}, *mlp), InvalidArgument);
}

// The shared selection rules walk a cnn's path too: cv_1se over the filter fraction (each fold
// refits the cnn) and validation over OBD's sparsity grid.
TEST(CnnPruning, SelectionRulesChooseOnACnnsPath) {
  const auto model = fitted_small_cnn();
  const PruneResult cv = prune_cnn({{"method", "filter"},
                                    {"select", "cv_1se"},
                                    {"folds", 2},
                                    {"grid", {0.25, 0.5, 0.75}},
                                    {"finetune_epochs", 1}},
                                   *model);
  ASSERT_TRUE(cv.selection.has_value());
  EXPECT_EQ(cv.selection->rule, "cv_1se");
  EXPECT_EQ(cv.selection->knobs, (std::vector<double>{0.25, 0.5, 0.75}));
  const std::size_t chosen = cv.selection->chosen;
  EXPECT_DOUBLE_EQ(cv.report.knob, cv.selection->knobs[chosen]);
  EXPECT_LE(cv.selection->error_mean[chosen], cv.selection->threshold + 1e-12);
  for (std::size_t c = chosen + 1; c < 3; ++c)
    EXPECT_GT(cv.selection->error_mean[c], cv.selection->threshold);
  // The model returned is the compacted network of the chosen fraction: 4 filters in the first
  // conv lose round(4 x fraction).
  const auto& small = dynamic_cast<const CnnModel&>(*cv.model);
  EXPECT_EQ(small.network().layer(0).output_shape().channels,
            4 - static_cast<Eigen::Index>(std::llround(4 * cv.report.knob)));

  const PruneResult val = prune_cnn({{"method", "obd"},
                                     {"select", "validation"},
                                     {"validation_fraction", 0.25},
                                     {"grid", {0.3, 0.9}},
                                     {"hessian_rows", 32}},
                                    *model);
  ASSERT_TRUE(val.selection.has_value());
  EXPECT_EQ(val.selection->rule, "validation");
  ASSERT_EQ(val.selection->error_mean.size(), 2u);
  EXPECT_NEAR(prunable_sparsity(dynamic_cast<const CnnModel&>(*val.model), false), val.report.knob,
              2.0 / 444.0);
}

}  // namespace
}  // namespace prunekit
