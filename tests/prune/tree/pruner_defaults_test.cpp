// A method has one set of defaults, written once in its declaration, and writes back what it
// read.
#include <gtest/gtest.h>

#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"
#include "prunekit/prune/tree/error_based.hpp"
#include "prunekit/tree/decision_tree_model.hpp"
#include "prunekit/tree/tree_io.hpp"

namespace prunekit {
namespace {

TEST(PrunerDefaults, CostComplexityFollowsRpartByDefault) {
  const auto params = make_pruner({{"method", "cost_complexity"}})->params();
  EXPECT_EQ(params.at("risk"), "misclassification");
  EXPECT_EQ(params.at("ties"), "all_at_once");
  EXPECT_EQ(params.at("select"), "cv_1se");
  EXPECT_EQ(params.at("folds"), 10);
  EXPECT_EQ(params.at("se_factor"), 1.0);
  EXPECT_FALSE(params.contains("alpha"));
}

TEST(PrunerDefaults, CriticalValueDefaultsToAFixedValue) {
  const auto params = make_pruner({{"method", "critical_value"}})->params();
  EXPECT_EQ(params.at("select"), "fixed");
  EXPECT_EQ(params.at("critical_value"), 0.95);
  EXPECT_FALSE(params.contains("folds"));
}

TEST(PrunerDefaults, EveryMethodWritesBackWhatItReads) {
  for (const auto& method : MethodRegistry::builtin().methods()) {
    const auto pruner = make_pruner({{"method", method->name}});
    EXPECT_EQ(make_pruner(pruner->params())->params(), pruner->params()) << method->name;
  }
  const auto pruner =
      make_pruner({{"method", "critical_value"}, {"select", "cv_1se"}, {"se_factor", 0.5}});
  EXPECT_EQ(pruner->params().at("se_factor"), 0.5);
  EXPECT_EQ(make_pruner(pruner->params())->params(), pruner->params());
}

TEST(PrunerDefaults, WrittenBackParamsPruneAlike) {
  const Dataset data = load_bundled("breast_cancer");
  auto model = make_model("decision_tree", nlohmann::json::object());
  Rng fit_rng(0);
  model->fit(data, fit_rng);
  const auto given = make_pruner({{"method", "cost_complexity"}});
  const auto written_back = make_pruner(given->params());
  Rng rng_a(7);
  Rng rng_b(7);
  const auto a = given->prune(*model, PruneContext{data}, rng_a);
  const auto b = written_back->prune(*model, PruneContext{data}, rng_b);
  EXPECT_EQ(a.model->to_json(), b.model->to_json());
}

TEST(PrunerDefaults, ParametersReachTheAlgorithm) {
  const Dataset data = load_bundled("breast_cancer");
  auto model = make_model("decision_tree", nlohmann::json::object());
  Rng fit_rng(0);
  model->fit(data, fit_rng);
  const Tree& tree = dynamic_cast<const DecisionTreeModel&>(*model).tree();
  ErrorBasedParams raising;
  raising.confidence = 0.1;
  raising.subtree_raising = true;
  Rng rng(1);
  const auto result =
      make_pruner({{"method", "error_based"}, {"confidence", 0.1}, {"subtree_raising", true}})
          ->prune(*model, PruneContext{data}, rng);
  const Tree raised = prune_error_based(tree, data, raising);
  raising.subtree_raising = false;
  ASSERT_NE(tree_to_json(raised), tree_to_json(prune_error_based(tree, raising)));
  EXPECT_EQ(tree_to_json(dynamic_cast<const DecisionTreeModel&>(*result.model).tree()),
            tree_to_json(raised));
}

}  // namespace
}  // namespace prunekit
