// The `validation` selection rule: on a given validation set, or on a held-out
// validation_fraction with the model refitted on the rest; refused where it cannot run.
#include <gtest/gtest.h>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {
namespace {

std::unique_ptr<Model> fitted_tree(const Dataset& data) {
  auto model = make_model("decision_tree", nlohmann::json::object());
  Rng rng(0);
  model->fit(data, rng);
  return model;
}

TEST(ValidationRule, AHeldOutFractionScoresEveryCandidate) {
  const Dataset data = load_bundled("breast_cancer");
  const auto model = fitted_tree(data);
  const auto pruner = make_pruner(
      {{"method", "cost_complexity"}, {"select", "validation"}, {"validation_fraction", 0.3}});
  EXPECT_FALSE(pruner->needs_validation_data());
  EXPECT_EQ(pruner->params().at("validation_fraction"), 0.3);
  Rng rng(4);
  const PruneResult result = pruner->prune(*model, PruneContext{data}, rng);
  ASSERT_TRUE(result.selection.has_value());
  EXPECT_EQ(result.selection->rule, "validation");
  EXPECT_EQ(result.selection->error_mean.size(), result.selection->knobs.size());
  EXPECT_LT(result.report.after.at("leaves").get<double>(),
            model->size().at("leaves").get<double>());
  // Same seed, same choice.
  Rng again(4);
  EXPECT_EQ(pruner->prune(*model, PruneContext{data}, again).report.knob, result.report.knob);
}

TEST(ValidationRule, AGivenSetIsUsedAsItIs) {
  const Dataset data = load_bundled("breast_cancer");
  const auto model = fitted_tree(data);
  const auto pruner = make_pruner({{"method", "cost_complexity"}, {"select", "validation"}});
  EXPECT_TRUE(pruner->needs_validation_data());
  Rng rng(1);
  EXPECT_THROW((void)pruner->prune(*model, PruneContext{data}, rng), InvalidArgument);
  // Validating on the training rows of a fully grown tree keeps the whole tree.
  const PruneResult result = pruner->prune(*model, PruneContext{data, &data}, rng);
  EXPECT_EQ(result.report.after.at("leaves"), model->size().at("leaves"));
}

TEST(ValidationRule, AConfigWithoutAFractionIsRefusedWhenPlanned) {
  const auto config = [](const char* pruner) {
    auto json =
        nlohmann::json::parse(R"({"datasets": ["iris"], "model": {"kind": "decision_tree"}})");
    json["pruners"] = nlohmann::json::array({nlohmann::json::parse(pruner)});
    return parse_experiment_config(json, "v.json");
  };
  try {
    (void)plan_experiment(config(R"({"method": "cost_complexity", "select": "validation"})"),
                          Factories::registries());
    FAIL() << "planned a validation rule without a validation set";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), "/pruners/0/select");
  }
  EXPECT_NO_THROW((void)plan_experiment(
      config(
          R"({"method": "cost_complexity", "select": "validation", "validation_fraction": 0.25})"),
      Factories::registries()));
}

}  // namespace
}  // namespace prunekit
