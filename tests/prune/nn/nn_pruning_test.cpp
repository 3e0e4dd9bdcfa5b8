// Properties every neural pruning method must have: the exact absolute sparsity, masked
// weights exactly zero after fine-tuning, the input model untouched, determinism per seed,
// strict parameters, and selection over the sparsity grid with the shared rules.
#include <gtest/gtest.h>

#include <cmath>

#include "prune/nn/nn_fixtures.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/nn/during_training.hpp"
#include "prunekit/prune/nn/network_pruning.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {
namespace {

using testing::as_mlp;
using testing::fitted_small_mlp;
using testing::iris_scaled;

PruneResult run(const nlohmann::json& spec, const Model& model, std::uint64_t seed = 1) {
  const auto pruner = make_pruner(spec);
  Rng rng(seed);
  const PruneContext context{iris_scaled()};
  return pruner->prune(model, context, rng);
}

/// Masked weights (and biases) are exactly zero.
void expect_masked_zero(const Network& net) {
  for (const auto& L : net.layers()) {
    for (Eigen::Index k = 0; k < L.weight.size(); ++k)
      if (L.weight_mask.data()[k] == 0.0f) {
        ASSERT_EQ(L.weight.data()[k], 0.0f);
      }
    for (Eigen::Index k = 0; k < L.bias.size(); ++k)
      if (L.bias_mask(k) == 0.0f) {
        ASSERT_EQ(L.bias(k), 0.0f);
      }
  }
}

const std::vector<nlohmann::json>& unstructured_specs() {
  static const std::vector<nlohmann::json> specs = {
      {{"method", "random"}},
      {{"method", "random"}, {"scope", "layer"}},
      {{"method", "magnitude"}},
      {{"method", "magnitude"}, {"scope", "layer"}},
      {{"method", "magnitude"}, {"schedule", "iterative"}, {"rounds", 3}, {"retrain_epochs", 1}},
      {{"method", "magnitude"}, {"schedule", "iterative"}, {"rate", 0.5}, {"adjust_dropout", true}},
      {{"method", "obd"}, {"rounds", 2}},
      {{"method", "obs"}},
      {{"method", "gradual"}, {"epochs", 4}, {"end_epoch", 2}},
      {{"method", "lottery"}, {"rounds", 2}, {"train_epochs", 3}, {"rewind_epoch", 1}},
      {{"method", "snip"}, {"train_epochs", 2}, {"batch", 32}},
  };
  return specs;
}

TEST(NnPruning, EveryMethodReachesTheAbsoluteSparsityKeepsMasksAndLeavesTheInput) {
  const auto model = fitted_small_mlp();
  const nlohmann::json before = model->to_json();
  for (nlohmann::json spec : unstructured_specs()) {
    for (const bool out : {false, true}) {
      spec["sparsity"] = 0.7;
      spec["finetune_epochs"] = 1;
      spec["prune_output_layer"] = out;
      SCOPED_TRACE(spec.dump());
      const PruneResult r = run(spec, *model);
      const Network& net = as_mlp(*r.model).network();
      // 80 prunable weights (98 with the output layer): round(0.7 n) masked, per layer
      // round(0.7 x 32) + round(0.7 x 48) (+ round(0.7 x 18)) = 22 + 34 (+ 13) = 56 (69).
      const double prunable = out ? 98.0 : 80.0;
      const double masked = out ? 69.0 : 56.0;
      EXPECT_NEAR(prunable_sparsity(net, out), masked / prunable, 1e-12);
      if (!out) {
        EXPECT_EQ(net.layer(2).kept_weights(), 18u);
      }
      expect_masked_zero(net);
      EXPECT_EQ(model->to_json(), before);
      EXPECT_EQ(r.report.knob_name, "sparsity");
      EXPECT_DOUBLE_EQ(r.report.knob, 0.7);
      EXPECT_EQ(r.report.details["weights_before"].size(), static_cast<std::size_t>(prunable));
      EXPECT_NEAR(r.report.details["prunable_sparsity"].get<double>(), masked / prunable, 1e-12);
      std::size_t kept = 0;
      for (const auto& layer : r.report.details["layers"])
        kept += layer["nonzero_weights"].get<std::size_t>();
      EXPECT_EQ(kept, 98u - static_cast<std::size_t>(masked));
      EXPECT_EQ(r.report.before["parameters"], r.report.after["parameters"]);
    }
  }
}

TEST(NnPruning, SameSeedSameResultOtherSeedOtherMask) {
  const auto model = fitted_small_mlp();
  for (nlohmann::json spec : unstructured_specs()) {
    spec["sparsity"] = 0.5;
    spec["finetune_epochs"] = 1;
    SCOPED_TRACE(spec.dump());
    EXPECT_EQ(run(spec, *model, 5).model->to_json(), run(spec, *model, 5).model->to_json());
  }
  const nlohmann::json random{{"method", "random"}, {"sparsity", 0.5}};
  EXPECT_NE(run(random, *model, 5).model->to_json(), run(random, *model, 6).model->to_json());
}

// Layer l: weights 1..4 in layer 0, {0.1, 0.2, 0.3, 5} in layer 1, output layer untouched.
TEST(NnPruning, GlobalAgainstLayerwiseOnAHandNetwork) {
  std::vector<DenseLayer> layers;
  layers.emplace_back(2, 2, Activation::relu);
  layers.emplace_back(2, 2, Activation::relu);
  layers.emplace_back(2, 1, Activation::identity);
  layers[0].weight << 1, -2, 3, 4;
  layers[1].weight << 0.1f, 0.2f, -0.3f, 5;
  layers[2].weight << 0.01f, 0.02f;
  const Network hand(std::move(layers));
  const auto scores = [](const Network& n) {
    std::vector<RowMatrixXf> s;
    for (const auto& L : n.layers()) s.push_back(L.weight.cwiseAbs());
    return s;
  };
  Network global = hand;
  mask_lowest(global, scores(global), 0.5, true, false);
  // The 4 smallest of 8: 0.1, 0.2, 0.3 (layer 1) and 1 (layer 0).
  EXPECT_EQ(global.layer(0).weight_mask, (RowMatrixXf(2, 2) << 0, 1, 1, 1).finished());
  EXPECT_EQ(global.layer(1).weight_mask, (RowMatrixXf(2, 2) << 0, 0, 0, 1).finished());
  EXPECT_EQ(global.layer(2).kept_weights(), 2u);
  Network layer = hand;
  mask_lowest(layer, scores(layer), 0.5, false, false);
  EXPECT_EQ(layer.layer(0).weight_mask, (RowMatrixXf(2, 2) << 0, 0, 1, 1).finished());
  EXPECT_EQ(layer.layer(1).weight_mask, (RowMatrixXf(2, 2) << 0, 0, 1, 1).finished());
  // Already masked weights count first: asking for less than is masked adds nothing.
  mask_lowest(layer, scores(layer), 0.25, true, false);
  EXPECT_EQ(layer.layer(0).kept_weights() + layer.layer(1).kept_weights(), 4u);
}

TEST(NnPruning, MagnitudeOneShotMasksTheSmallestWeights) {
  const auto model = fitted_small_mlp();
  const PruneResult r = run({{"method", "magnitude"}, {"sparsity", 0.5}}, *model);
  const Network& pruned = as_mlp(*r.model).network();
  float largest_removed = 0.0f;
  float smallest_kept = INFINITY;
  for (std::size_t l = 0; l < 2; ++l)
    for (Eigen::Index k = 0; k < pruned.layer(l).weight.size(); ++k) {
      const float w = std::abs(model->network().layer(l).weight.data()[k]);
      if (pruned.layer(l).weight_mask.data()[k] == 0.0f)
        largest_removed = std::max(largest_removed, w);
      else
        smallest_kept = std::min(smallest_kept, w);
    }
  EXPECT_LE(largest_removed, smallest_kept);
  // Without fine-tuning the kept weights are untouched.
  EXPECT_EQ(pruned.layer(2).weight, model->network().layer(2).weight);
}

TEST(NnPruning, GradualScheduleIsZhuAndGuptasCubic) {
  // s_t = s_f + (s_i - s_f)(1 - (t - t0)/(n dt))^3 with s_i = 0, s_f = 0.8, t0 = 0, n dt = 4.
  EXPECT_DOUBLE_EQ(polynomial_sparsity(0.0, 0.8, 0.0, 0.0, 4.0), 0.0);
  EXPECT_DOUBLE_EQ(polynomial_sparsity(0.0, 0.8, 2.0, 0.0, 4.0), 0.8 - 0.8 * 0.125);
  EXPECT_DOUBLE_EQ(polynomial_sparsity(0.0, 0.8, 4.0, 0.0, 4.0), 0.8);
  EXPECT_DOUBLE_EQ(polynomial_sparsity(0.0, 0.8, 9.0, 0.0, 4.0), 0.8);
  // Geometric rounds: the same fraction of the remaining weights each round.
  EXPECT_NEAR(geometric_sparsity(0.0, 0.75, 1, 2), 0.5, 1e-12);
  EXPECT_NEAR(geometric_sparsity(0.0, 0.75, 2, 2), 0.75, 1e-12);
}

TEST(NnPruning, CvOneSeOverTheSparsityGridUsesTheSharedSelection) {
  const auto model = fitted_small_mlp();
  const nlohmann::json spec{{"method", "magnitude"},
                            {"select", "cv_1se"},
                            {"folds", 3},
                            {"grid", {0.2, 0.5, 0.95}},
                            {"finetune_epochs", 1}};
  const PruneResult r = run(spec, *model);
  ASSERT_TRUE(r.selection.has_value());
  ASSERT_TRUE(r.path.has_value());
  EXPECT_EQ(r.selection->rule, "cv_1se");
  EXPECT_EQ(r.selection->knobs, (std::vector<double>{0.2, 0.5, 0.95}));
  ASSERT_EQ(r.selection->error_mean.size(), 3u);
  ASSERT_EQ(r.path->points.size(), 3u);
  EXPECT_EQ(r.path->knob_name, "sparsity");
  // Complexity (non-zero weights) falls along the path: 80 - round(s x 80) + 18 output weights.
  EXPECT_EQ(r.path->points[0].complexity, 64.0 + 18.0);
  EXPECT_EQ(r.path->points[2].complexity, 4.0 + 18.0);
  const std::size_t chosen = r.selection->chosen;
  EXPECT_DOUBLE_EQ(r.report.knob, r.selection->knobs[chosen]);
  // 1-SE: the chosen point is within the threshold and no more pruned point is.
  EXPECT_LE(r.selection->error_mean[chosen], r.selection->threshold + 1e-12);
  for (std::size_t c = chosen + 1; c < 3; ++c)
    EXPECT_GT(r.selection->error_mean[c], r.selection->threshold);
  EXPECT_NEAR(prunable_sparsity(as_mlp(*r.model).network(), false),
              std::round(r.report.knob * 80.0) / 80.0, 1e-12);
  EXPECT_EQ(run(spec, *model).model->to_json(), r.model->to_json());
}

// finetune_lr sets the fine-tuning's rate only: a tiny rate barely moves the pruned weights, the
// model's own rate moves them, and the pruned model keeps the rate it was trained with.
TEST(NnPruning, FinetuneLearningRateAppliesToTheFineTuningOnly) {
  const auto model = fitted_small_mlp();
  const nlohmann::json base{{"method", "magnitude"}, {"sparsity", 0.5}};
  const auto weights = [](const PruneResult& r) {
    return as_mlp(*r.model).network().layer(0).weight;
  };
  const RowMatrixXf masked = weights(run(base, *model));
  nlohmann::json tiny = base, own = base;
  tiny["finetune_epochs"] = own["finetune_epochs"] = 2;
  tiny["finetune_lr"] = 1e-7;
  const PruneResult slow = run(tiny, *model);
  EXPECT_LT((weights(slow) - masked).cwiseAbs().maxCoeff(), 1e-4f);
  EXPECT_GT((weights(run(own, *model)) - masked).cwiseAbs().maxCoeff(), 1e-3f);
  EXPECT_EQ(slow.model->params()["lr"], model->params()["lr"]);
}

TEST(NnPruning, ValidationRuleScoresTheGridOnTheValidationSet) {
  const auto model = fitted_small_mlp();
  const auto pruner =
      make_pruner({{"method", "random"}, {"select", "validation"}, {"grid", {0.1, 0.9}}});
  Rng rng(1);
  const PruneContext context{iris_scaled(), &iris_scaled()};
  const PruneResult r = pruner->prune(*model, context, rng);
  ASSERT_TRUE(r.selection.has_value());
  EXPECT_EQ(r.selection->error_mean.size(), 2u);
  EXPECT_LE(r.selection->error_mean[r.selection->chosen],
            r.selection->error_mean[1 - r.selection->chosen]);
}

std::string config_error_path(const nlohmann::json& spec) {
  try {
    (void)make_pruner(spec, "cfg.json", "/pruners/0");
  } catch (const ConfigError& e) {
    return e.json_path();
  }
  return "no error";
}

TEST(NnPruning, BadParametersAreConfigErrorsNamingTheJsonPath) {
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"sparsity", 1.0}}), "/pruners/0/sparsity");
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"sparsity", -0.1}}),
            "/pruners/0/sparsity");
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"sparsity", 0.5}, {"bogus", 1}}),
            "/pruners/0/bogus");
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"scope", "net"}}), "/pruners/0/scope");
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"grid", {0.5, 0.2}}}),
            "/pruners/0/grid/1");
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"grid", {1.5}}}), "/pruners/0/grid/0");
  EXPECT_EQ(config_error_path({{"method", "magnitude"}, {"sparsity", 0.5}, {"rounds", 2}}),
            "/pruners/0/rounds");
  EXPECT_EQ(config_error_path({{"method", "nm"}, {"n", 5}}), "/pruners/0/n");
  EXPECT_EQ(config_error_path({{"method", "nm"}, {"sparsity", 0.5}}), "/pruners/0/sparsity");
  EXPECT_EQ(config_error_path(
                {{"method", "gradual"}, {"sparsity", 0.5}, {"epochs", 3}, {"end_epoch", 3}}),
            "/pruners/0/end_epoch");
  EXPECT_EQ(config_error_path({{"method", "obd"}, {"sparsity", 0.5}, {"finetune_epochs", -1}}),
            "/pruners/0/finetune_epochs");
  // OBS refuses a layer larger than max_layer_weights when it meets one (layer 0: 32 weights).
  const auto model = fitted_small_mlp();
  const auto obs = make_pruner({{"method", "obs"}, {"sparsity", 0.5}, {"max_layer_weights", 20}},
                               "cfg.json", "/pruners/1");
  Rng rng(0);
  try {
    (void)obs->prune(*model, PruneContext{iris_scaled()}, rng);
    ADD_FAILURE() << "obs accepted a 32-weight layer with max_layer_weights 20";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), "/pruners/1/max_layer_weights");
    EXPECT_NE(std::string(e.what()).find("32 weights"), std::string::npos) << e.what();
  }
}

TEST(NnPruning, EveryNetworkMethodIsRegisteredForMlps) {
  for (const char* name :
       {"random", "magnitude", "obd", "obs", "neuron", "gradual", "lottery", "snip", "nm"}) {
    bool found = false;
    for (const auto& method : MethodRegistry::builtin().methods())
      if (method->name == name) {
        found = true;
        EXPECT_TRUE(in_family(*method, "mlp"));
        const bool dense_only = std::string(name) == "neuron";
        EXPECT_EQ(in_family(*method, "cnn"), !dense_only) << name;
        EXPECT_FALSE(method_table(*method).params().empty());
      }
    EXPECT_TRUE(found) << name;
  }
}

}  // namespace
}  // namespace prunekit
