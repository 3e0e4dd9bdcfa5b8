// DecisionTreeModel: strict parameters, the registry, fitting through the Model interface.
#include "prunekit/tree/decision_tree_model.hpp"

#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/model/registry.hpp"
#include "tree/tree_test_support.hpp"

namespace prunekit {
namespace {

using nlohmann::json;

void expect_tree_param_error(const json& params, const std::string& path) {
  try {
    (void)make_model("decision_tree", params, "c.json", "/model");
    FAIL() << "accepted " << params.dump();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.json_path(), path) << e.what();
    EXPECT_EQ(e.file(), "c.json");
  }
}

TEST(DecisionTreeModel, ParsesEveryParameter) {
  const auto c = parse_decision_tree_params(json{{"criterion", "entropy"},
                                                 {"max_depth", 5},
                                                 {"min_samples_split", 0.1},
                                                 {"min_samples_leaf", 3},
                                                 {"min_weight_fraction_leaf", 0.01},
                                                 {"min_impurity_decrease", 0.002},
                                                 {"max_leaf_nodes", 30},
                                                 {"max_features", "sqrt"},
                                                 {"class_weight", "balanced"}},
                                            "", "");
  EXPECT_EQ(c.tree.criterion, Criterion::entropy);
  EXPECT_EQ(c.tree.max_depth, 5u);
  EXPECT_TRUE(c.tree.min_samples_split.is_fraction);
  EXPECT_DOUBLE_EQ(c.tree.min_samples_split.amount, 0.1);
  EXPECT_EQ(c.tree.min_samples_leaf.amount, 3.0);
  EXPECT_EQ(c.tree.max_leaf_nodes, 30u);
  EXPECT_EQ(c.tree.max_features.kind, MaxFeatures::Kind::sqrt);
  EXPECT_TRUE(c.tree.balanced_class_weight);
  // params() writes what parse accepts, and reading it back gives the same JSON.
  const DecisionTreeModel m(c);
  const auto again = parse_decision_tree_params(m.params(), "", "");
  EXPECT_EQ(decision_tree_params_to_json(again), m.params());
}

TEST(DecisionTreeModel, RejectsUnknownKeysAndBadValuesWithTheirPath) {
  expect_tree_param_error({{"max_dept", 3}}, "/model/max_dept");
  expect_tree_param_error({{"criterion", "chi2"}}, "/model/criterion");
  expect_tree_param_error({{"max_depth", 0}}, "/model/max_depth");
  expect_tree_param_error({{"max_depth", "deep"}}, "/model/max_depth");
  expect_tree_param_error({{"min_samples_split", 1}}, "/model/min_samples_split");
  expect_tree_param_error({{"min_samples_leaf", 1.5}}, "/model/min_samples_leaf");
  expect_tree_param_error({{"min_impurity_decrease", -1}}, "/model/min_impurity_decrease");
  expect_tree_param_error({{"max_leaf_nodes", 1}}, "/model/max_leaf_nodes");
  expect_tree_param_error({{"max_features", "most"}}, "/model/max_features");
  expect_tree_param_error({{"max_features", 1.5}}, "/model/max_features");
  expect_tree_param_error({{"class_weight", "even"}}, "/model/class_weight");
  expect_tree_param_error({{"class_weight", json::array({1, -2})}}, "/model/class_weight/1");
  expect_tree_param_error({{"min_weight_fraction_leaf", 0.7}}, "/model/min_weight_fraction_leaf");
}

TEST(DecisionTreeModel, FitsThroughTheRegistry) {
  const Dataset d = load_bundled("iris");
  auto model = make_model("decision_tree", {{"max_depth", 2}});
  Rng rng(0);
  model->fit(d, rng);
  EXPECT_EQ(model->size()["depth"], 2);
  EXPECT_EQ(model->size()["leaves"], 3);  // iris: setosa splits off, then one more split
  EXPECT_GT(accuracy(d, model->predict(d)), 0.9);
  EXPECT_EQ(model->task(), Task::classification);
  const auto copy = model->clone();
  EXPECT_EQ(copy->predict(d), model->predict(d));
  EXPECT_NE(model->render("text").find("|---"), std::string::npos);
  EXPECT_THROW((void)model->render("html"), InvalidArgument);
}

TEST(DecisionTreeModel, ClassWeightByName) {
  const auto d = tree_testing::classification_1d({1, 2, 3, 4, 5}, {0, 1, 0, 1, 1});
  auto model = make_model("decision_tree", {{"max_depth", 1}, {"class_weight", {{"c1", 5}}}});
  Rng rng(0);
  model->fit(d, rng);
  const auto& t = dynamic_cast<const DecisionTreeModel&>(*model).tree();
  EXPECT_DOUBLE_EQ(t.threshold[0], 1.5);  // as class_weight [1, 5] (builder_test.cpp)
  auto bad = make_model("decision_tree", {{"class_weight", {{"nope", 2}}}});
  EXPECT_THROW(bad->fit(d, rng), InvalidArgument);
}

TEST(DecisionTreeModel, UnfittedModelRefusesToPredict) {
  const DecisionTreeModel m;
  EXPECT_THROW((void)m.predict(load_bundled("iris")), InvalidArgument);
  EXPECT_EQ(m.size()["nodes"], 0);
}

TEST(DecisionTreeModel, RegressionOnBundledData) {
  const Dataset d = load_bundled("diabetes_regression");
  auto model = make_model("decision_tree", {{"min_samples_leaf", 5}});
  Rng rng(0);
  model->fit(d, rng);
  EXPECT_EQ(model->task(), Task::regression);
  EXPECT_GT(r2_score(d, model->predict(d)), 0.5);
}

}  // namespace
}  // namespace prunekit
