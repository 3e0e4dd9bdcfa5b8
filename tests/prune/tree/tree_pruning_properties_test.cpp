// Properties every tree-pruning method must have, checked on trees grown from bundled data:
// the pruned tree is a subtree of the original, more pruning never gives more nodes, the path is
// monotone, and pruning an already-pruned tree with the same settings changes nothing.
#include <gtest/gtest.h>

#include "prunekit/core/error.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/prune/registry.hpp"
#include "prunekit/prune/tree/cost_complexity.hpp"
#include "prunekit/prune/tree/cost_complexity_path.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {
namespace {

std::unique_ptr<DecisionTreeModel> grown_tree(const Dataset& data) {
  auto model = std::make_unique<DecisionTreeModel>();
  Rng rng(1);
  model->fit(data, rng);
  return model;
}

Dataset prepared(const std::string& name) {
  const Dataset raw = load_bundled(name);
  return Preprocessor(raw, {}).apply(raw);
}

/// True when every node of `pruned` matches a node of `original` reached by the same path
/// (same feature and threshold at internal nodes, same statistics).
bool is_subtree(const Tree& pruned, const Tree& original) {
  std::vector<std::pair<std::int32_t, std::int32_t>> stack{{0, 0}};
  while (!stack.empty()) {
    const auto [p, o] = stack.back();
    stack.pop_back();
    const auto pi = static_cast<std::size_t>(p);
    const auto oi = static_cast<std::size_t>(o);
    if (pruned.weighted_n_node_samples[pi] != original.weighted_n_node_samples[oi]) return false;
    if (pruned.is_leaf(pi)) continue;
    if (original.is_leaf(oi)) return false;
    if (pruned.feature[pi] != original.feature[oi] ||
        pruned.threshold[pi] != original.threshold[oi])
      return false;
    stack.push_back({pruned.children_left[pi], original.children_left[oi]});
    stack.push_back({pruned.children_right[pi], original.children_right[oi]});
  }
  return true;
}

TEST(TreePruningProperties, PathIsMonotoneAndNested) {
  for (const char* name : {"pima", "vehicle", "diabetes_regression"}) {
    SCOPED_TRACE(name);
    const Dataset data = prepared(name);
    const auto grown = grown_tree(data);
    const DecisionTreeModel& model = *grown;
    for (auto risk : {TreeRisk::impurity, TreeRisk::misclassification})
      for (auto ties : {TieRule::one_at_a_time, TieRule::all_at_once}) {
        const auto path = cost_complexity_path(model.tree(), {risk, ties});
        ASSERT_GE(path.steps.size(), 2u);
        EXPECT_EQ(path.steps.back().leaves, 1u);
        std::size_t previous_nodes = model.tree().n_nodes() + 1;
        for (std::size_t k = 1; k < path.steps.size(); ++k) {
          EXPECT_GE(path.steps[k].alpha, path.steps[k - 1].alpha - 1e-12);
          EXPECT_GE(path.steps[k].risk, path.steps[k - 1].risk - 1e-12);
          EXPECT_LT(path.steps[k].leaves, path.steps[k - 1].leaves);
        }
        for (const auto& step : path.steps) {
          const Tree pruned = prune_cost_complexity(model.tree(), path, step.alpha);
          EXPECT_LE(pruned.n_nodes(), previous_nodes);
          previous_nodes = pruned.n_nodes();
          EXPECT_TRUE(is_subtree(pruned, model.tree()));
          EXPECT_EQ(pruned.validate(), "");
        }
      }
  }
}

TEST(TreePruningProperties, EveryMethodGivesASubtreeAndIsIdempotent) {
  const Dataset data = prepared("breast_cancer");
  const auto grown = grown_tree(data);
  const DecisionTreeModel& model = *grown;
  const std::vector<nlohmann::json> specs = {
      {{"method", "cost_complexity"}, {"alpha", 0.01}},
      {{"method", "cost_complexity"},
       {"cp", 0.02},
       {"risk", "impurity"},
       {"ties", "one_at_a_time"}},
      {{"method", "pessimistic"}},
      {{"method", "error_based"}, {"confidence", 0.25}},
      {{"method", "error_based"}, {"confidence", 0.1}, {"z", "c45"}},
      {{"method", "minimum_error"}},
      {{"method", "minimum_error"}, {"m", 8}},
      {{"method", "critical_value"}, {"critical_value", 0.99}},
      {{"method", "cost_complexity"}, {"alpha", 0.002}, {"merge_leaves", true}},
  };
  for (const auto& spec : specs) {
    SCOPED_TRACE(spec.dump());
    const auto pruner = make_pruner(spec);
    Rng rng(3);
    const PruneContext context{data};
    const PruneResult once = pruner->prune(model, context, rng);
    const auto& pruned = dynamic_cast<const DecisionTreeModel&>(*once.model);
    EXPECT_TRUE(is_subtree(pruned.tree(), model.tree()));
    EXPECT_LE(pruned.tree().n_leaves(), model.tree().n_leaves());
    EXPECT_EQ(once.report.before.at("leaves").get<std::size_t>(), model.tree().n_leaves());
    EXPECT_EQ(once.report.after.at("leaves").get<std::size_t>(), pruned.tree().n_leaves());
    // Pessimistic pruning is one top-down pass (Quinlan 1987): a second pass may prune an
    // ancestor whose subtree estimate rose when a descendant was pruned, so it is not
    // idempotent (docs/pruning.md); every other method is.
    if (spec.at("method") == "pessimistic") continue;
    const PruneResult twice = pruner->prune(pruned, context, rng);
    EXPECT_EQ(dynamic_cast<const DecisionTreeModel&>(*twice.model).tree().n_nodes(),
              pruned.tree().n_nodes());
  }
}

TEST(TreePruningProperties, LargerAlphaNeverMoreNodes) {
  const Dataset data = prepared("vehicle");
  const auto grown = grown_tree(data);
  const DecisionTreeModel& model = *grown;
  std::size_t previous = model.tree().n_nodes();
  for (double alpha : {0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1}) {
    const auto pruner = make_pruner({{"method", "cost_complexity"}, {"alpha", alpha}});
    Rng rng(0);
    const auto result = pruner->prune(model, PruneContext{data}, rng);
    const std::size_t nodes = result.report.after.at("nodes").get<std::size_t>();
    EXPECT_LE(nodes, previous) << "alpha " << alpha;
    previous = nodes;
  }
}

TEST(TreePruningSelection, OneStandardErrorPrunesAtLeastAsMuchAsMinimum) {
  const Dataset data = prepared("pima");
  const auto grown = grown_tree(data);
  const DecisionTreeModel& model = *grown;
  Rng rng_min(5);
  Rng rng_1se(5);
  const auto cv_min =
      make_pruner({{"method", "cost_complexity"}, {"select", "cv_min"}, {"folds", 5}})
          ->prune(model, PruneContext{data}, rng_min);
  const auto cv_1se =
      make_pruner({{"method", "cost_complexity"}, {"select", "cv_1se"}, {"folds", 5}})
          ->prune(model, PruneContext{data}, rng_1se);
  ASSERT_TRUE(cv_1se.selection.has_value());
  EXPECT_GE(cv_1se.report.knob, cv_min.report.knob);
  EXPECT_LE(cv_1se.report.after.at("leaves").get<std::size_t>(),
            cv_min.report.after.at("leaves").get<std::size_t>());
  const auto& trace = *cv_1se.selection;
  ASSERT_EQ(trace.knobs.size(), trace.error_mean.size());
  EXPECT_LE(trace.error_mean[trace.chosen], trace.threshold + 1e-12);
  // Same seed, same folds, same choice - whatever the number of threads.
  Rng rng_threads(5);
  const auto threaded =
      make_pruner({{"method", "cost_complexity"}, {"select", "cv_1se"}, {"folds", 5}})
          ->prune(model, PruneContext{data, nullptr, 2}, rng_threads);
  EXPECT_EQ(threaded.report.knob, cv_1se.report.knob);
  EXPECT_EQ(threaded.selection->error_mean, trace.error_mean);
}

// The whole-path scorer (each row routed once) must agree with materialising every subtree.
TEST(TreePruningSelection, FastPathScoringEqualsPruneAndPredict) {
  for (const char* name : {"vehicle", "diabetes_regression"}) {
    SCOPED_TRACE(name);
    const Dataset data = prepared(name);
    std::vector<std::size_t> train_rows;
    std::vector<std::size_t> test_rows;
    for (std::size_t i = 0; i < data.rows; ++i) (i % 3 == 0 ? test_rows : train_rows).push_back(i);
    const Dataset train = data.subset(train_rows);
    const Dataset test = data.subset(test_rows);
    const auto grown = grown_tree(train);
    for (auto ties : {TieRule::one_at_a_time, TieRule::all_at_once}) {
      const TreeCostComplexityPath path(*grown, {TreeRisk::misclassification, ties});
      auto knobs = path.candidate_knobs();
      knobs.insert(knobs.begin() + 1, {1e-6, 1e-4});
      std::sort(knobs.begin(), knobs.end());
      const auto fast = path.held_out_errors(test, knobs);
      const auto slow = path.PathModels::held_out_errors(test, knobs);
      ASSERT_EQ(fast.size(), slow.size());
      for (std::size_t c = 0; c < fast.size(); ++c)
        EXPECT_NEAR(fast[c], slow[c], 1e-9 * std::max(1.0, slow[c])) << "knob " << knobs[c];
    }
  }
}

TEST(TreePruningSelection, ReducedErrorRefitsOnTheGrowingPart) {
  const Dataset data = prepared("pima");
  const auto grown = grown_tree(data);
  const DecisionTreeModel& model = *grown;
  Rng rng(2);
  const auto result = make_pruner({{"method", "reduced_error"}, {"pruning_fraction", 0.25}})
                          ->prune(model, PruneContext{data}, rng);
  EXPECT_EQ(result.report.details.at("pruning_rows").get<std::size_t>(), 192u);
  EXPECT_LT(result.report.after.at("leaves").get<std::size_t>(),
            result.report.details.at("grown_leaves").get<std::size_t>());
}

TEST(TreePruningRegistry, BadSpecsNameTheJsonPath) {
  const auto expect_error = [](const nlohmann::json& spec, const std::string& text) {
    try {
      (void)make_pruner(spec, "x.json", "/pruners/2");
      FAIL() << spec.dump();
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  expect_error({{"method", "cost_complexity"}, {"alpha", -1}},
               "x.json: /pruners/2/alpha: must be in [0, inf), got -1");
  expect_error({{"method", "cost_complexity"}, {"alpah", 1}}, "/pruners/2/alpah: unknown key");
  expect_error({{"method", "error_based"}, {"confidence", 0.9}}, "/pruners/2/confidence");
  expect_error({{"method", "no_such"}}, "unknown method 'no_such' (valid: none, cost_complexity");
  expect_error({{"method", "cost_complexity"}, {"select", "best"}}, "/pruners/2/select");
  expect_error({{"method", "cost_complexity"}, {"alpha", 1}, {"select", "cv_1se"}}, "contradicts");
}

}  // namespace
}  // namespace prunekit
