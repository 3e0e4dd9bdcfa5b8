// The model kinds' parameter tables: the table, the reader and the writer agree; grid axes
// come from the declarations; errors name the JSON path, nested ones included.
#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/model/grid_axes.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/nn/train.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {
namespace {

using Json = nlohmann::json;

/// The ConfigError's JSON path and message of reading `params` as `kind`.
std::string model_param_error(const std::string& kind, const Json& params) {
  try {
    (void)make_model(kind, params, "c.json", "/model");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ModelParams, TheWriterWritesExactlyTheDeclaredKeys) {
  const std::pair<const char*, Json> kinds[] = {{"decision_tree", decision_tree_params_to_json({})},
                                                {"mlp", to_json(MlpParams{})}};
  for (const auto& [kind, written] : kinds) {
    const ParamTable* table = model_param_table(kind);
    ASSERT_NE(table, nullptr) << kind;
    for (const auto& item : written.items())
      EXPECT_NE(table->find(item.key()), nullptr)
          << kind << ": " << item.key() << " is written but not declared";
    for (const auto& p : table->params())
      EXPECT_TRUE(written.contains(p.name) || p.name == "train") << kind << ": " << p.name;
  }
  EXPECT_EQ(model_param_table("no_such_kind"), nullptr);
}

TEST(ModelParams, AnEmptyObjectReadsAsTheStructDefaults) {
  EXPECT_EQ(decision_tree_params_to_json(parse_decision_tree_params(Json::object(), "f", "")),
            decision_tree_params_to_json({}));
  EXPECT_EQ(to_json(parse_mlp_params(Json::object(), "f", "")), to_json(MlpParams{}));
}

TEST(ModelParams, ReadingWhatWasWrittenGivesTheSameParameters) {
  DecisionTreeConfig tree;
  tree.tree.max_depth = 4;
  tree.tree.min_samples_leaf = {0.05, true};
  tree.tree.max_features = {MaxFeatures::Kind::sqrt, 0.0};
  tree.tree.feature_order = FeatureOrder::column;
  tree.class_weight_by_name = {{"yes", 2.0}};
  const Json tree_json = decision_tree_params_to_json(tree);
  EXPECT_EQ(decision_tree_params_to_json(parse_decision_tree_params(tree_json, "f", "")),
            tree_json);
  MlpParams mlp;
  mlp.hidden = {30, 10};
  mlp.init = Init::glorot;
  mlp.schedule = Schedule::cosine;
  mlp.lr = 0.2;
  mlp.epochs = 7;
  EXPECT_EQ(to_json(parse_mlp_params(to_json(mlp), "f", "")), to_json(mlp));
}

TEST(ModelParams, GridAxesAreTheDeclaredOnes) {
  const Json tree =
      Json::parse(R"({"max_depth": [2, 4], "min_samples_leaf": [1, 0.1], "class_weight": [1, 3]})");
  EXPECT_EQ(model_grid_axes("decision_tree", tree),
            (std::vector<std::string>{"max_depth", "min_samples_leaf"}));
  const Json mlp = Json::parse(R"({"hidden": [32, 16], "epochs": [5, 10], "lr": 0.1})");
  EXPECT_EQ(model_grid_axes("mlp", mlp), (std::vector<std::string>{"epochs"}));
  // A kind nothing declares sweeps every list of numbers.
  EXPECT_EQ(model_grid_axes("custom", mlp), (std::vector<std::string>{"epochs", "hidden"}));
}

TEST(ModelParams, ErrorsNameTheJsonPath) {
  EXPECT_NE(model_param_error("decision_tree", {{"class_weight", {1.0, -2.0}}})
                .find("c.json: /model/class_weight/1: must be a number >= 0"),
            std::string::npos);
  EXPECT_NE(model_param_error("decision_tree", {{"min_samples_split", 1}})
                .find("/model/min_samples_split: must be an integer >= 2"),
            std::string::npos);
  EXPECT_NE(model_param_error("decision_tree", {{"max_dept", 3}})
                .find("/model/max_dept: unknown key (valid: criterion, max_depth"),
            std::string::npos);
  EXPECT_NE(model_param_error("mlp", {{"hidden", {8, 0}}})
                .find("/model/hidden/1: must be an integer >= 1"),
            std::string::npos);
  EXPECT_NE(
      model_param_error("mlp", {{"train", {{"lr", -1}}}}).find("/model/train/lr: must be in (0, "),
      std::string::npos);
  EXPECT_NE(model_param_error("mlp", {{"train", {{"train", Json::object()}}}})
                .find("/model/train/train: unknown key"),
            std::string::npos);
}

TEST(ModelParams, NullMeansUnsetAndNestedTrainingKeysTakePrecedence) {
  const auto tree = parse_decision_tree_params(
      {{"max_depth", nullptr}, {"criterion", nullptr}, {"kind", "decision_tree"}}, "f", "");
  EXPECT_FALSE(tree.tree.max_depth.has_value());
  EXPECT_FALSE(tree.tree.criterion.has_value());
  const auto mlp = parse_mlp_params(
      {{"lr", 0.5}, {"epochs", 3}, {"train", {{"lr", 0.01}}}, {"hidden", 12}}, "f", "");
  EXPECT_DOUBLE_EQ(mlp.lr, 0.01);
  EXPECT_EQ(mlp.epochs, 3u);
  EXPECT_EQ(mlp.hidden, (std::vector<std::size_t>{12}));
}

}  // namespace
}  // namespace prunekit
