// A method has one set of defaults, whether built from its parameter struct or from JSON.
#include <gtest/gtest.h>

#include "prunekit/data/bundled.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"
#include "prunekit/prune/tree/cost_complexity_pruner.hpp"
#include "prunekit/prune/tree/critical_value.hpp"

namespace prunekit {
namespace {

TEST(PrunerDefaults, CostComplexityStructAndJsonAgree) {
  const CostComplexityPruner from_struct{CostComplexityParams{}};
  const auto from_json = make_pruner({{"method", "cost_complexity"}});
  EXPECT_EQ(from_struct.params(), from_json->params());
  EXPECT_EQ(from_struct.params().at("risk"), "misclassification");
  EXPECT_EQ(from_struct.params().at("ties"), "all_at_once");
  EXPECT_EQ(from_struct.params().at("select"), "cv_1se");
}

TEST(PrunerDefaults, CostComplexityStructAndJsonPruneAlike) {
  const Dataset data = load_bundled("breast_cancer");
  auto model = make_model("decision_tree", nlohmann::json::object());
  Rng fit_rng(0);
  model->fit(data, fit_rng);
  const CostComplexityPruner from_struct{CostComplexityParams{}};
  const auto from_json = make_pruner({{"method", "cost_complexity"}});
  Rng rng_a(7);
  Rng rng_b(7);
  const auto a = from_struct.prune(*model, PruneContext{data, nullptr, 1}, rng_a);
  const auto b = from_json->prune(*model, PruneContext{data, nullptr, 1}, rng_b);
  EXPECT_EQ(a.model->to_json(), b.model->to_json());
}

TEST(PrunerDefaults, CriticalValueStructAndJsonAgree) {
  const CriticalValuePruner from_struct{CriticalValueParams{}};
  const auto from_json = make_pruner({{"method", "critical_value"}});
  EXPECT_EQ(from_struct.params(), from_json->params());
}

TEST(PrunerDefaults, CriticalValueWritesSeFactorBack) {
  const auto pruner =
      make_pruner({{"method", "critical_value"}, {"select", "cv_1se"}, {"se_factor", 0.5}});
  EXPECT_EQ(pruner->params().at("se_factor"), 0.5);
  EXPECT_EQ(make_pruner(pruner->params())->params(), pruner->params());
}

}  // namespace
}  // namespace prunekit
