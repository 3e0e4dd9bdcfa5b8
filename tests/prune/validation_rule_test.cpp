// The `validation` selection rule: on a given validation set, or on a held-out
// validation_fraction with the model refitted on the rest; refused where it cannot run.
#include <gtest/gtest.h>

#include "experiment/test_models.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/csv.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"
#include "support/test_support.hpp"

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

/// A config of `dataset` (an object) with one cost-complexity pruner selected on validation.
ExperimentConfig validation_config(const nlohmann::json& dataset, const std::string& file) {
  nlohmann::json json = {{"datasets", {dataset}},
                         {"protocol", {{"kind", "kfold"}, {"folds", 3}}},
                         {"model", {{"kind", "decision_tree"}}},
                         {"pruners", {{{"method", "cost_complexity"}, {"select", "validation"}}}}};
  return parse_experiment_config(json, file);
}

/// The validation errors along the path of the first run of every fit group.
std::vector<std::vector<double>> validation_errors(const ExperimentPlan& plan) {
  std::vector<std::vector<double>> errors;
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    const auto records = execute_group(plan, g, {g}, Factories::registries());
    EXPECT_EQ(records.at(0).selection->rule, "validation");
    errors.push_back(records.at(0).selection->error_mean);
  }
  return errors;
}

TEST(ValidationRule, AConfigsValidationSetIsWhatTheRunsScore) {
  // A binary dataset's rows 0-399 are the data; rows 400-568 the validation set, once as they
  // are and once with the two classes swapped: every candidate's validation error must then
  // be one minus the other.
  const testing::TempDir dir;
  const Dataset all = load_bundled("breast_cancer");
  std::vector<std::size_t> rows(all.rows);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const std::span<const std::size_t> data_rows(rows.data(), 400);
  const std::span<const std::size_t> validation_rows(rows.data() + 400, rows.size() - 400);
  const std::string data_csv = (dir.path() / "data.csv").string();
  write_csv(all.subset(data_rows), data_csv);
  write_csv(all.subset(validation_rows), (dir.path() / "val.csv").string());
  Dataset swapped = all.subset(validation_rows);
  for (auto& label : swapped.labels) label = 1 - label;
  write_csv(swapped, (dir.path() / "swapped.csv").string());

  const std::string file = (dir.path() / "v.json").string();
  const auto plain =
      plan_experiment(validation_config({{"path", data_csv}, {"validation", "val.csv"}}, file),
                      Factories::registries());
  const auto flipped =
      plan_experiment(validation_config({{"path", data_csv}, {"validation", "swapped.csv"}}, file),
                      Factories::registries());
  ASSERT_EQ(plain.groups.size(), 3u);
  EXPECT_NE(plain.runs[0].id, flipped.runs[0].id) << "the validation set is part of a run's id";
  const auto a = validation_errors(plain);
  const auto b = validation_errors(flipped);
  for (std::size_t g = 0; g < a.size(); ++g) {
    ASSERT_EQ(a[g].size(), b[g].size());
    ASSERT_GE(a[g].size(), 2u);
    for (std::size_t k = 0; k < a[g].size(); ++k) EXPECT_NEAR(a[g][k] + b[g][k], 1.0, 1e-12);
  }
}

TEST(ValidationRule, AConfigsValidationSetMustMatchItsDataset) {
  const testing::TempDir dir;
  const std::string file = (dir.path() / "v.json").string();
  try {
    (void)plan_experiment(validation_config({{"path", "iris"}, {"validation", "wine"}}, file),
                          Factories::registries());
    FAIL() << "planned with a validation set of other columns";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), "/datasets/0/validation");
    EXPECT_NE(std::string(e.what()).find("same task and feature columns"), std::string::npos);
  }
  try {
    (void)plan_experiment(validation_config({{"path", "iris"}}, file), Factories::registries());
    FAIL() << "planned the validation rule for a dataset without a validation set";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), "/pruners/0/select");
    EXPECT_NE(std::string(e.what()).find("/datasets/0 has no \"validation\""), std::string::npos);
  }
  EXPECT_NO_THROW(
      (void)plan_experiment(validation_config({{"path", "iris"}, {"validation", "iris"}}, file),
                            Factories::registries()));
}

}  // namespace
}  // namespace prunekit
