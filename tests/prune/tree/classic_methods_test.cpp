// Reduced-error, pessimistic, error-based, minimum-error and critical-value pruning on trees
// small enough to check by hand.
#include <gtest/gtest.h>

#include "prune/tree/hand_trees.hpp"
#include "prunekit/prune/tree/critical_value.hpp"
#include "prunekit/prune/tree/error_based.hpp"
#include "prunekit/prune/tree/minimum_error.hpp"
#include "prunekit/prune/tree/pessimistic.hpp"
#include "prunekit/prune/tree/reduced_error.hpp"

namespace prunekit {
namespace {

/// A one-feature dataset: rows (x, label).
Dataset rows(const std::vector<std::pair<float, int>>& xy) {
  Dataset d;
  d.schema.features = {{"x0", false, {}}};
  d.schema.class_names = {"c0", "c1"};
  d.rows = xy.size();
  for (const auto& [x, y] : xy) {
    d.features.push_back(x);
    d.labels.push_back(y);
  }
  return d;
}

// small_tree splits x0 <= 0.5 at the root (node 0: threshold 0.5) and x0 <= 1.5 at node 2.
// Leaves: node1 -> c0, node3 -> c0, node4 -> c1.
TEST(ReducedError, PrunesWhenTheLeafDoesAsWellOnThePruningSet) {
  const Tree tree = testing::small_tree();
  // Pruning rows reaching node 2 (x > 0.5): x = 1.0 (class 1) and 2.0 (class 1). Node 2 as a leaf
  // predicts c1: 0 errors; its subtree sends 1.0 to node3 (c0): 1 error -> node 2 is pruned.
  const Dataset pruning = rows({{0.0f, 0}, {1.0f, 1}, {2.0f, 1}});
  const Tree pruned = prune_reduced_error(tree, pruning);
  EXPECT_EQ(pruned.n_leaves(), 2u);
  // The root as a leaf (c0) would err twice; the subtree errs 0 times: kept.
  EXPECT_FALSE(pruned.is_leaf(0));
}

TEST(ReducedError, KeepsSplitsThatHelpOnThePruningSet) {
  const Tree tree = testing::small_tree();
  const Dataset pruning = rows({{0.0f, 0}, {1.0f, 0}, {2.0f, 1}, {2.5f, 1}});
  EXPECT_EQ(prune_reduced_error(tree, pruning).n_leaves(), 3u);
}

// Pessimistic at node 2 [1,4]: e(t) + 1/2 = 1.5; leaves [1,0],[0,4] have 0 errors:
// e'(T) = 0 + 2 * 0.5 = 1, SE = sqrt(1 * (5 - 1) / 5) = 0.894; 1.5 <= 1.894 -> prune.
// At the root [6,4], top-down first: e + 1/2 = 4.5; e'(T) = 0 + 3 * 0.5 = 1.5,
// SE = sqrt(1.5 * 8.5 / 10) = 1.129; 4.5 > 2.629 -> keep, then node 2 is pruned.
TEST(Pessimistic, HandWorkedDecisions) {
  const Tree pruned = prune_pessimistic(testing::small_tree());
  EXPECT_EQ(pruned.n_leaves(), 2u);
  EXPECT_FALSE(pruned.is_leaf(0));
}

// Error-based, CF = 0.25 (Weka z): node 2 [1,4] as a leaf: N = 5, E = 1:
// U(1,5) predicted errors = 5 * U; children: [1,0]: 1 * U(0,1) = 0.75; [0,4]: 4 * U(0,4) =
// 4 * (1 - 0.25^(1/4)) = 1.1716; subtree 1.9216. Leaf: f = 1.5/5 = 0.3, z = 0.6745:
// U = (0.3 + 0.0455 + 0.6745 * sqrt(0.06 - 0.018 + 0.00455)) / 1.091 = 0.4501 -> 2.250 errors.
// 2.250 > 1.9216 + 0.1: node 2 kept. Root: leaf [6,4]: N = 10, E = 4 -> 10 * U(4,10) = 5.56 >
// subtree 5 * U(0,5) + 1.9216 = 1.2106 + 1.9216 = 3.13: kept. Nothing is pruned.
TEST(ErrorBased, HandWorkedDecisions) {
  ErrorBasedParams p;
  EXPECT_EQ(prune_error_based(testing::small_tree(), p).n_leaves(), 3u);
  // A split that separates only 1 case of 40 is not worth it: [39,1] -> [20,0] | [19,1].
  const Tree weak =
      testing::classification_tree({{39, 1}, {20, 0}, {19, 1}}, {{1, 2}, {-1, -1}, {-1, -1}});
  EXPECT_EQ(prune_error_based(weak, p).n_leaves(), 1u);
}

TEST(ErrorBased, SmallerConfidenceFactorPrunesMore) {
  const Tree tree = testing::classification_tree({{30, 10}, {25, 2}, {5, 8}, {4, 1}, {1, 7}},
                                                 {{1, 2}, {-1, -1}, {3, 4}, {-1, -1}, {-1, -1}});
  ErrorBasedParams loose;
  loose.confidence = 0.5;
  ErrorBasedParams strict;
  strict.confidence = 0.01;
  EXPECT_LE(prune_error_based(tree, strict).n_leaves(), prune_error_based(tree, loose).n_leaves());
}

// Minimum error (Laplace, k = 2): node 2 [1,4]: static (5 - 4 + 1) / 7 = 2/7 = 0.2857;
// leaves [1,0]: (1 - 1 + 1) / 3 = 1/3, [0,4]: 1/6; dynamic = (1/5)(1/3) + (4/5)(1/6) = 0.2;
// 0.2857 > 0.2 -> keep. Root [6,4]: static 5/12 = 0.4167; dynamic = (5/10)(1/7) + (5/10)(0.2)
// = 0.1714 -> keep. Nothing pruned.
TEST(MinimumError, LaplaceHandWorkedDecisions) {
  EXPECT_EQ(prune_minimum_error(testing::small_tree(), {}).n_leaves(), 3u);
  // [10,1] -> [5,0] | [5,1]: static 2/13 = 0.1538; dynamic (5/11)(1/7) + (6/11)(2/8) = 0.2013.
  const Tree weak =
      testing::classification_tree({{10, 1}, {5, 0}, {5, 1}}, {{1, 2}, {-1, -1}, {-1, -1}});
  EXPECT_EQ(prune_minimum_error(weak, {}).n_leaves(), 1u);
}

// Cestnik and Bratko 1991: p(c) = (n_c + m p_a(c)) / (n + m), p_a the training set's class
// shares; the leaf predicts its majority class c and its expected error is 1 - p(c).
TEST(MinimumError, LeafErrorEstimatesByHand) {
  const std::vector<double> prior{0.1, 0.9};
  // [3,2] predicts A: (5 - 3 + 10 * (1 - 0.1)) / (5 + 10) = 11/15.
  EXPECT_NEAR(expected_leaf_error(std::vector<double>{3, 2}, prior, 10.0), 11.0 / 15.0, 1e-15);
  // m = 0 is the resubstitution error 2/5; a uniform prior with m = k is Laplace.
  EXPECT_NEAR(expected_leaf_error(std::vector<double>{3, 2}, prior, 0.0), 2.0 / 5.0, 1e-15);
  EXPECT_NEAR(expected_leaf_error(std::vector<double>{3, 2}, prior, std::nullopt), 3.0 / 7.0,
              1e-15);
  EXPECT_NEAR(expected_leaf_error(std::vector<double>{3, 2}, std::vector<double>{0.5, 0.5}, 2.0),
              3.0 / 7.0, 1e-15);
  // Laplace with k classes: (n - n_c + k - 1) / (n + k); a pure 2-row leaf of 26 classes
  // still expects 25/28 errors (Mingers 1989: the strength depends on the number of classes).
  std::vector<double> many(26, 0.0);
  many[0] = 2.0;
  EXPECT_NEAR(expected_leaf_error(many, std::vector<double>(26, 1.0 / 26.0), std::nullopt),
              25.0 / 28.0, 1e-15);
}

// Laplace's strength grows with the number of classes k, whatever the data (Mingers 1989):
// [6,2] -> [6,0] | [0,2], the other classes empty.
// k = 2: static (8 - 6 + 1) / 10 = 0.3 > dynamic (6/8)(1/8) + (2/8)(1/4) = 0.156 -> keep;
// k = 26: static (8 - 6 + 25) / 34 = 0.794 <= dynamic (6/8)(25/32) + (2/8)(25/28) = 0.809 -> prune.
TEST(MinimumError, ManyClassesPruneWhatTwoClassesKeep) {
  const auto leaves = [](std::size_t k) {
    std::vector<std::vector<double>> counts{{6, 2}, {6, 0}, {0, 2}};
    for (auto& c : counts) c.resize(k, 0.0);
    const Tree tree = testing::classification_tree(counts, {{1, 2}, {-1, -1}, {-1, -1}});
    return prune_minimum_error(tree, {}).n_leaves();
  };
  EXPECT_EQ(leaves(2), 2u);
  EXPECT_EQ(leaves(26), 1u);
}

TEST(MinimumError, LargeMPrunesMore) {
  const Tree tree = testing::small_tree();
  MinimumErrorParams big;
  big.m = 1000.0;
  EXPECT_LT(prune_minimum_error(tree, big).n_leaves(), 3u);
}

// Critical value: the G statistic of node 2 [1,4] -> [1,0] | [0,4]:
// G = 2 (1 ln(1 / 0.2) + 4 ln(4 / 3.2)) = 2 (1.6094 + 0.8926) = 5.004, df 1: p = 0.0253,
// confidence 0.9747. Root [6,4] -> [5,0] | [1,4]: G = 2 (5 ln(5/3) + 1 ln(1/3) + 4 ln(4/2))
// = 2 (2.5541 - 1.0986 + 2.7726) = 8.456, p = 0.00364, confidence 0.99636.
TEST(CriticalValue, SplitConfidencesByHand) {
  const auto confidence = split_confidences(testing::small_tree());
  EXPECT_NEAR(confidence[2], 0.97470, 5e-5);
  EXPECT_NEAR(confidence[0], 0.99636, 5e-5);
  EXPECT_EQ(prune_critical_value(testing::small_tree(), 0.95).n_leaves(), 3u);
  EXPECT_EQ(prune_critical_value(testing::small_tree(), 0.99).n_leaves(), 2u);
  EXPECT_EQ(prune_critical_value(testing::small_tree(), 0.999).n_leaves(), 1u);
}

}  // namespace
}  // namespace prunekit
