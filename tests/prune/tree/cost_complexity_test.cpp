#include "prunekit/prune/tree/cost_complexity.hpp"

#include <gtest/gtest.h>

#include "prune/tree/hand_trees.hpp"

namespace prunekit {
namespace {

// small_tree: root [6,4] -> leaf [5,0] | node2 [1,4] -> leaf [1,0] | leaf [0,4]; W = 10.
// Misclassification: R(root) = 4/10, R(node2) = 1/10, leaves 0.
//   g(node2) = (0.1 - 0) / (2 - 1) = 0.1 < g(root) = (0.4 - 0) / (3 - 1) = 0.2, so node2 goes
//   first; then R(T_root) = 0.1 with 2 leaves: g(root) = (0.4 - 0.1) / (2 - 1) = 0.3.
TEST(CostComplexity, MisclassificationPathByHand) {
  const Tree tree = testing::small_tree();
  const auto path = cost_complexity_path(tree, {TreeRisk::misclassification, TieRule::all_at_once});
  ASSERT_EQ(path.steps.size(), 3u);
  EXPECT_DOUBLE_EQ(path.root_risk, 0.4);
  EXPECT_DOUBLE_EQ(path.steps[0].alpha, 0.0);
  EXPECT_EQ(path.steps[0].leaves, 3u);
  EXPECT_DOUBLE_EQ(path.steps[1].alpha, 0.1);
  EXPECT_DOUBLE_EQ(path.steps[1].risk, 0.1);
  EXPECT_EQ(path.steps[1].leaves, 2u);
  EXPECT_EQ(path.steps[1].collapsed, (std::vector<std::int32_t>{2}));
  EXPECT_NEAR(path.steps[2].alpha, 0.3, 1e-15);
  EXPECT_DOUBLE_EQ(path.steps[2].risk, 0.4);
  EXPECT_EQ(path.steps[2].leaves, 1u);
}

// Gini: i(root) = 1 - .36 - .16 = .48, i(node2) = 1 - .04 - .64 = .32, leaves pure.
//   R(root) = 10 * .48 / 10 = .48, R(node2) = 5 * .32 / 10 = .16;
//   g(node2) = .16 < g(root) = .48 / 2 = .24; then g(root) = (.48 - .16) / 1 = .32.
TEST(CostComplexity, ImpurityPathByHand) {
  const Tree tree = testing::small_tree();
  const auto path = cost_complexity_path(tree, {TreeRisk::impurity, TieRule::one_at_a_time});
  ASSERT_EQ(path.steps.size(), 3u);
  EXPECT_NEAR(path.steps[1].alpha, 0.16, 1e-15);
  EXPECT_NEAR(path.steps[1].risk, 0.16, 1e-15);
  EXPECT_NEAR(path.steps[2].alpha, 0.32, 1e-15);
  EXPECT_NEAR(path.steps[2].risk, 0.48, 1e-15);
}

TEST(CostComplexity, SubtreeAtAlphaFollowsTheSteps) {
  const Tree tree = testing::small_tree();
  const auto path = cost_complexity_path(tree, {TreeRisk::misclassification, TieRule::all_at_once});
  EXPECT_EQ(prune_cost_complexity(tree, path, 0.0).n_nodes(), 5u);
  EXPECT_EQ(prune_cost_complexity(tree, path, 0.09).n_nodes(), 5u);
  EXPECT_EQ(prune_cost_complexity(tree, path, 0.1).n_nodes(), 3u);
  EXPECT_EQ(prune_cost_complexity(tree, path, 0.15).n_leaves(), 2u);
  EXPECT_EQ(prune_cost_complexity(tree, path, 0.29).n_leaves(), 2u);
  EXPECT_EQ(prune_cost_complexity(tree, path, 0.31).n_nodes(), 1u);
  EXPECT_EQ(prune_cost_complexity(tree, path, 5.0).n_nodes(), 1u);
}

// Two sibling subtrees with the same g: root [8,8] -> A [6,2] (-> [6,0] | [0,2]) and
// B [2,6] (-> [2,0] | [0,6]). Misclassification: g(A) = g(B) = (2/16 - 0) / 1 = 0.125.
TEST(CostComplexity, TiesOneAtATimeOrAllAtOnce) {
  const Tree tree = testing::classification_tree(
      {{8, 8}, {6, 2}, {6, 0}, {0, 2}, {2, 6}, {2, 0}, {0, 6}},
      {{1, 4}, {2, 3}, {-1, -1}, {-1, -1}, {5, 6}, {-1, -1}, {-1, -1}});
  const auto one =
      cost_complexity_path(tree, {TreeRisk::misclassification, TieRule::one_at_a_time});
  const auto all = cost_complexity_path(tree, {TreeRisk::misclassification, TieRule::all_at_once});
  ASSERT_EQ(one.steps.size(), 4u);                                    // 0, A, B, root
  EXPECT_EQ(one.steps[1].collapsed, (std::vector<std::int32_t>{1}));  // lowest id first
  EXPECT_DOUBLE_EQ(one.steps[1].alpha, one.steps[2].alpha);
  ASSERT_EQ(all.steps.size(), 3u);  // 0, {A, B}, root
  EXPECT_EQ(all.steps[1].collapsed.size(), 2u);
  EXPECT_EQ(all.steps[1].leaves, 2u);
}

}  // namespace
}  // namespace prunekit
