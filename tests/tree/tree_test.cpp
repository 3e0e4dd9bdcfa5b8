// The Tree value type: collapsing internal nodes to leaves, predictions, probabilities and
// feature importances on a hand-built tree.
#include "prunekit/tree/tree.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "prunekit/core/error.hpp"
#include "prunekit/tree/builder.hpp"
#include "tree/tree_test_support.hpp"

namespace prunekit {
namespace {

// Hand-built classifier on features (a, b):
//   0: a <= 0.5 ? 1 : 2
//   1: leaf [3, 1]
//   2: b <= 2 ? 3 : 4
//   3: leaf [0, 2]
//   4: leaf [4, 0]
Tree hand_tree() {
  Tree t;
  t.task = Task::classification;
  t.n_features = 2;
  t.n_classes = 2;
  t.feature_names = {"a", "b"};
  t.class_names = {"no", "yes"};
  t.children_left = {1, -1, 3, -1, -1};
  t.children_right = {2, -1, 4, -1, -1};
  t.feature = {0, -1, 1, -1, -1};
  t.threshold = {0.5, 0, 2.0, 0, 0};
  t.value = {7, 3, 3, 1, 4, 2, 0, 2, 4, 0};
  t.n_node_samples = {10, 4, 6, 2, 4};
  t.weighted_n_node_samples = {10, 4, 6, 2, 4};
  // Gini: 1 - (49 + 9)/100 = 0.42; 1 - (9 + 1)/16 = 0.375; 1 - (16 + 4)/36 = 4/9; 0; 0.
  t.impurity = {0.42, 0.375, 4.0 / 9.0, 0, 0};
  return t;
}

Dataset two_features(const std::vector<std::pair<float, float>>& rows) {
  Dataset d;
  d.rows = rows.size();
  d.schema.features = {{"a", false, {}}, {"b", false, {}}};
  d.schema.class_names = {"no", "yes"};
  d.features.resize(2 * rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    d.features[i] = rows[i].first;
    d.features[rows.size() + i] = rows[i].second;
  }
  d.labels.assign(rows.size(), 0);
  return d;
}

TEST(Tree, SizeAndPredictions) {
  const Tree t = hand_tree();
  ASSERT_EQ(t.validate(), "");
  EXPECT_EQ(t.n_nodes(), 5u);
  EXPECT_EQ(t.n_leaves(), 3u);
  EXPECT_EQ(t.depth(), 2u);
  // 0.5 <= 0.5 goes left (sample goes left when value <= threshold).
  const auto d = two_features({{0.5f, 9},
                               {1, 2},
                               {1, 2.5f},
                               {0, 0},
                               {3, -1},
                               {0.51f, 7},
                               {0.2f, 1},
                               {2, 2},
                               {2, 3},
                               {0, 0}});
  const auto leaves = t.apply(d);
  EXPECT_EQ(leaves, (std::vector<std::int32_t>{1, 3, 4, 1, 3, 4, 1, 3, 4, 1}));
  const auto p = t.predict(d);
  EXPECT_EQ(p[0], 0.0);
  EXPECT_EQ(p[1], 1.0);
  EXPECT_EQ(p[2], 0.0);
  const auto proba = t.predict_proba(d);
  EXPECT_DOUBLE_EQ(proba[0], 0.75);
  EXPECT_DOUBLE_EQ(proba[1], 0.25);
  EXPECT_DOUBLE_EQ(proba[3], 1.0);
  const auto paths = t.decision_path(d);
  EXPECT_EQ(paths.indptr[1], 2u);
  EXPECT_EQ(paths.indptr[2], 5u);
  EXPECT_EQ(paths.nodes[2], 0);
  EXPECT_EQ(paths.nodes[3], 2);
  EXPECT_EQ(paths.nodes[4], 3);
}

TEST(Tree, FeatureImportancesByHand) {
  // Node 0: 10*0.42 - 4*0.375 - 6*4/9 = 4.2 - 1.5 - 2.6667 = 0.0333 (feature a)
  // Node 2: 6*4/9 - 0 - 0 = 2.6667 (feature b); normalised: a = 0.0333/2.7, b = 2.6667/2.7.
  const auto imp = hand_tree().feature_importances();
  EXPECT_NEAR(imp[0], (4.2 - 1.5 - 8.0 / 3.0) / 2.7, 1e-12);
  EXPECT_NEAR(imp[1], (8.0 / 3.0) / 2.7, 1e-12);
}

TEST(Tree, RiskIsWeightedMisclassification) {
  const Tree t = hand_tree();
  EXPECT_DOUBLE_EQ(t.node_risk(0), 3.0);
  EXPECT_DOUBLE_EQ(t.node_risk(2), 2.0);
  EXPECT_DOUBLE_EQ(t.node_risk(3), 0.0);
}

TEST(Tree, CollapsedMakesInternalNodesLeavesAndRenumbers) {
  const Tree t = hand_tree();
  std::vector<std::int32_t> new_id;
  const bool make_leaf[] = {false, false, true, false, false};
  const Tree c = t.collapsed(make_leaf, new_id);
  ASSERT_EQ(c.validate(), "");
  EXPECT_EQ(c.n_nodes(), 3u);
  EXPECT_EQ(c.n_leaves(), 2u);
  EXPECT_EQ(new_id, (std::vector<std::int32_t>{0, 1, 2, -1, -1}));
  EXPECT_TRUE(c.is_leaf(2));
  EXPECT_EQ(c.feature[2], -1);
  EXPECT_EQ(c.node_value(2)[0], 4.0);
  EXPECT_EQ(c.n_node_samples[2], 6);
  EXPECT_DOUBLE_EQ(c.impurity[2], 4.0 / 9.0);
  const auto d = two_features({{1, 0}, {1, 5}});
  EXPECT_EQ(c.predict(d), (std::vector<double>{0.0, 0.0}));
  // Collapsing the root leaves a single leaf; collapsing nothing copies the tree.
  const bool root[] = {true, false, false, false, false};
  EXPECT_EQ(t.collapsed(root).n_nodes(), 1u);
  const bool none[] = {false, false, false, false, false};
  const Tree same = t.collapsed(none);
  EXPECT_EQ(same.children_left, t.children_left);
  EXPECT_EQ(same.threshold, t.threshold);
  EXPECT_THROW((void)t.collapsed(std::span<const bool>(none, 3)), InvalidArgument);
}

TEST(Tree, CollapsedKeepsPreorderOnLargeTrees) {
  const auto d = tree_testing::random_classification(300, 4, 2);
  Rng rng(0);
  const Tree t = build_tree(d, {}, rng);
  std::vector<bool> mark(t.n_nodes(), false);
  for (std::size_t n = 0; n < t.n_nodes(); n += 7) mark[n] = !t.is_leaf(n) && n > 0;
  auto make_leaf = std::make_unique<bool[]>(t.n_nodes());  // std::vector<bool> has no span
  for (std::size_t n = 0; n < t.n_nodes(); ++n) make_leaf[n] = mark[n];
  std::vector<std::int32_t> new_id;
  const Tree c = t.collapsed({make_leaf.get(), t.n_nodes()}, new_id);
  ASSERT_EQ(c.validate(), "");
  EXPECT_LT(c.n_nodes(), t.n_nodes());
  // A row reaching a kept leaf of the original tree reaches the same (renumbered) leaf.
  const auto old_leaves = t.apply(d);
  const auto new_leaves = c.apply(d);
  for (std::size_t i = 0; i < d.rows; ++i) {
    const auto mapped = new_id[static_cast<std::size_t>(old_leaves[i])];
    if (mapped != kNoNode) {
      EXPECT_EQ(new_leaves[i], mapped);
    }
  }
}

TEST(Tree, OneRowAtATimeReachesTheLeavesOfTheBatch) {
  // A batch walks packed nodes; one row of a large tree walks the tree's arrays instead.
  const auto d = tree_testing::random_classification(400, 5, 3, 3);
  Rng rng(0);
  const Tree t = build_tree(d, {}, rng);
  ASSERT_GT(t.n_nodes(), 32u);
  const auto leaves = t.apply(d);
  const auto predictions = t.predict(d);
  const auto proba = t.predict_proba(d);
  for (std::size_t i = 0; i < d.rows; ++i) {
    const std::size_t row[] = {i};
    const Dataset one = d.subset(row);
    ASSERT_EQ(t.apply(one), std::vector<std::int32_t>{leaves[i]}) << "row " << i;
    EXPECT_EQ(t.predict(one)[0], predictions[i]);
    EXPECT_EQ(t.predict_proba(one)[1], proba[i * 3 + 1]);
  }
}

TEST(Tree, RejectsWrongFeatureCount) {
  Dataset d;
  d.rows = 1;
  d.schema.features = {{"a", false, {}}};
  d.features = {1.0f};
  EXPECT_THROW((void)hand_tree().predict(d), InvalidArgument);
}

TEST(Tree, ValidateFindsBrokenStructure) {
  Tree t = hand_tree();
  t.children_left[2] = 1;  // a child before... shared with node 0
  EXPECT_NE(t.validate(), "");
  t = hand_tree();
  t.children_right[0] = 7;
  EXPECT_NE(t.validate(), "");
  t = hand_tree();
  t.threshold.pop_back();
  EXPECT_NE(t.validate(), "");
}

}  // namespace
}  // namespace prunekit
