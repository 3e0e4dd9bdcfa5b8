// The CART builder: hand-computed best splits for each criterion, the structural invariants,
// every pre-pruning control, and sample / class weights.
#include "prunekit/tree/builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "tree/tree_test_support.hpp"

namespace prunekit {
namespace {

using tree_testing::classification_1d;
using tree_testing::random_classification;
using tree_testing::random_regression;
using tree_testing::regression_1d;

Tree stump(const Dataset& d, TreeParams p = {}, std::span<const double> w = {}) {
  p.max_depth = 1;
  Rng rng(0);
  return build_tree(d, p, rng, w);
}

// x = 1..7, y = 0 0 1 0 1 1 1. Weighted Gini of the children, (n_L G_L + n_R G_R) / 7:
//   cut 1.5: {0} | {0,1,0,1,1,1}: G_R = 1 - (2^2 + 4^2)/36 = 4/9        -> 6/7 * 4/9 = 0.381
//   cut 2.5: {0,0} | {1,0,1,1,1}: G_R = 1 - (1 + 16)/25 = 0.32        -> 5/7 * 0.32 = 0.229
//   cut 3.5: {0,0,1} 4/9 | {0,1,1,1} 0.375                             -> 0.405
//   cut 4.5: {0,0,1,0}: G_L = 1 - (9 + 1)/16 = 0.375 | {1,1,1} 0      -> 4/7 * 0.375 = 0.214
//   cut 5.5: {0,0,1,0,1} 0.48 | {1,1} 0                                -> 0.343
//   cut 6.5: {0,0,1,0,1,1} 0.5 | {1} 0                                 -> 0.429
// Best: 4.5. Root Gini 1 - (9 + 16)/49 = 24/49.
TEST(TreeBuilder, GiniBestSplitByHand) {
  const auto d = classification_1d({1, 2, 3, 4, 5, 6, 7}, {0, 0, 1, 0, 1, 1, 1});
  const Tree t = stump(d, {.criterion = Criterion::gini});
  ASSERT_EQ(t.n_nodes(), 3u);
  EXPECT_EQ(t.feature[0], 0);
  EXPECT_DOUBLE_EQ(t.threshold[0], 4.5);
  EXPECT_NEAR(t.impurity[0], 24.0 / 49.0, 1e-12);
  const auto l = static_cast<std::size_t>(t.children_left[0]);
  const auto r = static_cast<std::size_t>(t.children_right[0]);
  EXPECT_NEAR(t.impurity[l], 0.375, 1e-12);
  EXPECT_NEAR(t.impurity[r], 0.0, 1e-12);
  EXPECT_EQ(t.n_node_samples[l], 4);
  EXPECT_DOUBLE_EQ(t.node_value(l)[0], 3.0);
  EXPECT_DOUBLE_EQ(t.node_value(l)[1], 1.0);
  // Impurity decrease 24/49 - 3/14: the only split, so its feature has importance 1.
  EXPECT_DOUBLE_EQ(t.feature_importances()[0], 1.0);
}

// Same data, entropy in bits, n_L H_L + n_R H_R:
//   cut 2.5: 0 + 5 * H(1/5) = 5 * 0.72193 = 3.6096
//   cut 4.5: 4 * H(1/4) + 0 = 4 * 0.81128 = 3.2451
//   cut 3.5: 3 * H(1/3) + 4 * H(1/4) = 3 * 0.91830 + 3.2451 = 5.9000
//   cut 1.5: 6 * H(2/6) = 5.5098; 5.5: 5 * H(2/5) = 4.8548; 6.5: 6 * H(3/6) = 6
// Best: 4.5. Root H(3/7) = 0.98523.
TEST(TreeBuilder, EntropyBestSplitByHand) {
  const auto d = classification_1d({1, 2, 3, 4, 5, 6, 7}, {0, 0, 1, 0, 1, 1, 1});
  const Tree t = stump(d, {.criterion = Criterion::entropy});
  ASSERT_EQ(t.n_nodes(), 3u);
  EXPECT_DOUBLE_EQ(t.threshold[0], 4.5);
  EXPECT_NEAR(t.impurity[0], 0.985228136, 1e-8);
  EXPECT_NEAR(t.impurity[static_cast<std::size_t>(t.children_left[0])], 0.811278124, 1e-8);
}

// x = 1..12, y = 1 0 0 0 0 0 1 1 1 1 1 0; n_L H_L + n_R H_R in bits:
//   cut 6.5: {1,0,0,0,0,0} | {1,1,1,1,1,0}: 12 * H(1/6) = 12 * 0.650022 = 7.800
//   cut 5.5: 5 * H(1/5) + 7 * H(2/7) = 3.610 + 6.042 = 9.652
//   cut 1.5 and 11.5: 11 * H(5/11) = 10.93; the other cuts are worse still.
// Best: 6.5, both children with entropy H(1/6).
TEST(TreeBuilder, EntropyChildImpurities) {
  const auto d = classification_1d({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                                   {1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0});
  const Tree t = stump(d, {.criterion = Criterion::entropy});
  EXPECT_DOUBLE_EQ(t.threshold[0], 6.5);
  EXPECT_NEAR(t.impurity[1], 0.650022422, 1e-8);
  EXPECT_NEAR(t.impurity[2], 0.650022422, 1e-8);
}

// x = 1..6, y = 1 1.2 0.8 5 5.2 9. Sum of squared errors of the children:
//   cut 3.5: {1,1.2,0.8} mean 1, SSE 0.08 | {5,5.2,9} mean 6.4, SSE 1.96+1.44+6.76 = 10.16
//            -> 10.24
//   cut 4.5: {1,1.2,0.8,5} mean 2, SSE 12.08 | {5.2,9} SSE 7.22                -> 19.30
//   cut 5.5: 20.272 + 0; cut 2.5: 0.02 + 33.68; cut 1.5: 0 + 46.488
// Best: 3.5; the children's values are the means, their impurities SSE / n.
TEST(TreeBuilder, SquaredErrorBestSplitByHand) {
  const auto d = regression_1d({1, 2, 3, 4, 5, 6}, {1, 1.2, 0.8, 5, 5.2, 9});
  const Tree t = stump(d);
  EXPECT_EQ(t.criterion, Criterion::squared_error);
  EXPECT_DOUBLE_EQ(t.threshold[0], 3.5);
  EXPECT_NEAR(t.node_value(1)[0], 1.0, 1e-12);
  EXPECT_NEAR(t.node_value(2)[0], 19.2 / 3.0, 1e-12);
  EXPECT_NEAR(t.impurity[1], 0.08 / 3.0, 1e-12);
  EXPECT_NEAR(t.impurity[2], 10.16 / 3.0, 1e-12);
  EXPECT_NEAR(t.node_risk(2), 10.16, 1e-12);
  EXPECT_NEAR(t.node_value(0)[0], 22.2 / 6.0, 1e-12);
}

TEST(TreeBuilder, ThresholdIsMidpointAndTiesStayTogether) {
  // Equal values can never be separated; the cut lies between the two distinct values.
  const auto d = classification_1d({0.25f, 0.25f, 0.25f, 1.0f, 1.0f}, {0, 0, 1, 1, 1});
  const Tree t = stump(d);
  EXPECT_DOUBLE_EQ(t.threshold[0], 0.625);
  EXPECT_EQ(t.n_node_samples[1], 3);
}

// Sample weights. x = 1..5, y = 0 1 0 1 1.
//   Unweighted, n_L G_L + n_R G_R: 1.5: 4*0.375 = 1.5; 2.5: 1 + 4/3 = 2.33; 3.5: 3*4/9 = 1.33;
//   4.5: 4*0.5 = 2. Best 3.5.
//   Weight 10 on the row x = 2 (class 1): class weights left|right
//   1.5: {0:1} | {0:1, 1:12}: 13*(1 - 145/169) = 1.846;  3.5: {0:2, 1:10} 12*(1-104/144) = 3.333;
//   2.5: {0:1,1:10} 11*(20/121) = 1.818 + {0:1,1:2} 3*(4/9) = 1.333 -> 3.15; 4.5: 3.385.
//   Best 1.5.
TEST(TreeBuilder, SampleWeightsMoveTheSplit) {
  const auto d = classification_1d({1, 2, 3, 4, 5}, {0, 1, 0, 1, 1});
  EXPECT_DOUBLE_EQ(stump(d).threshold[0], 3.5);
  const std::vector<double> w = {1, 10, 1, 1, 1};
  const Tree t = stump(d, {}, w);
  EXPECT_DOUBLE_EQ(t.threshold[0], 1.5);
  EXPECT_DOUBLE_EQ(t.weighted_n_node_samples[0], 14.0);
  EXPECT_DOUBLE_EQ(t.node_value(0)[1], 12.0);
  EXPECT_EQ(t.n_node_samples[0], 5);
}

// Class weights [1, 5] on the same data: class-0 rows weigh 1, class-1 rows 5 (total 2 | 15).
//   1.5: {0:1} | {0:1,1:15}: 16*(1 - 226/256) = 1.875;  3.5: {0:2,1:5} 7*(20/49) = 2.857;
//   2.5: {0:1,1:5} 6*(10/36) = 1.667 + {0:1,1:10} 11*(20/121) = 1.818 -> 3.485; 4.5: 3.333.
//   Best 1.5. "balanced": n / (2 * count) = 5/4 and 5/6, so both classes weigh 2.5 in total.
TEST(TreeBuilder, ClassWeightsMoveTheSplit) {
  const auto d = classification_1d({1, 2, 3, 4, 5}, {0, 1, 0, 1, 1});
  TreeParams p;
  p.class_weight = {1.0, 5.0};
  EXPECT_DOUBLE_EQ(stump(d, p).threshold[0], 1.5);
  TreeParams b;
  b.balanced_class_weight = true;
  const Tree t = stump(d, b);
  EXPECT_NEAR(t.node_value(0)[0], 2.5, 1e-12);
  EXPECT_NEAR(t.node_value(0)[1], 2.5, 1e-12);
  EXPECT_NEAR(t.weighted_n_node_samples[0], 5.0, 1e-12);
}

TEST(TreeBuilder, UnlimitedTreeFitsTrainingDataExactly) {
  for (std::size_t classes : {2u, 3u}) {
    const auto d = random_classification(400, 4, 11, classes);
    Rng rng(0);
    const Tree t = build_tree(d, {}, rng);
    const auto p = t.predict(d);
    for (std::size_t i = 0; i < d.rows; ++i)
      ASSERT_EQ(static_cast<int>(p[i]), d.labels[i]) << "row " << i;
    for (std::size_t n = 0; n < t.n_nodes(); ++n)
      if (t.is_leaf(n)) {
        EXPECT_NEAR(t.impurity[n], 0.0, 1e-12);
      }
  }
  const auto r = random_regression(300, 3, 5);
  Rng rng(0);
  const Tree t = build_tree(r, {}, rng);
  const auto p = t.predict(r);
  for (std::size_t i = 0; i < r.rows; ++i) ASSERT_DOUBLE_EQ(p[i], r.targets[i]);
}

void check_invariants(const Tree& t, const Dataset& d) {
  ASSERT_EQ(t.validate(), "");
  const std::size_t k = t.n_outputs();
  for (std::size_t n = 0; n < t.n_nodes(); ++n) {
    if (t.is_leaf(n)) continue;
    const auto l = static_cast<std::size_t>(t.children_left[n]);
    const auto r = static_cast<std::size_t>(t.children_right[n]);
    EXPECT_GT(l, n);
    EXPECT_GT(r, n);
    EXPECT_EQ(t.n_node_samples[l] + t.n_node_samples[r], t.n_node_samples[n]);
    EXPECT_NEAR(t.weighted_n_node_samples[l] + t.weighted_n_node_samples[r],
                t.weighted_n_node_samples[n], 1e-9);
    if (d.is_classification()) {
      for (std::size_t c = 0; c < k; ++c)
        EXPECT_NEAR(t.node_value(l)[c] + t.node_value(r)[c], t.node_value(n)[c], 1e-9);
    }
  }
  // Every training row satisfies each test on its path, and lands in a leaf.
  const auto paths = t.decision_path(d);
  const auto leaves = t.apply(d);
  std::vector<std::int64_t> reached(t.n_nodes(), 0);
  for (std::size_t i = 0; i < d.rows; ++i) {
    const auto begin = paths.indptr[i];
    const auto end = paths.indptr[i + 1];
    ASSERT_EQ(paths.nodes[begin], 0);
    ASSERT_EQ(paths.nodes[end - 1], leaves[i]);
    for (auto p = begin; p + 1 < end; ++p) {
      const auto n = static_cast<std::size_t>(paths.nodes[p]);
      const double x = d.value(i, static_cast<std::size_t>(t.feature[n]));
      if (paths.nodes[p + 1] == t.children_left[n]) {
        EXPECT_LE(x, t.threshold[n]);
      } else {
        EXPECT_GT(x, t.threshold[n]);
      }
    }
    ++reached[static_cast<std::size_t>(leaves[i])];
  }
  for (std::size_t n = 0; n < t.n_nodes(); ++n)
    if (t.is_leaf(n)) {
      EXPECT_EQ(reached[n], t.n_node_samples[n]) << "leaf " << n;
    }
}

TEST(TreeBuilder, InvariantsHoldForEveryGrowthMode) {
  const auto d = random_classification(500, 5, 3, 3);
  const auto r = random_regression(400, 4, 9);
  std::vector<TreeParams> variants(4);
  variants[1].max_leaf_nodes = 17;
  variants[2].criterion = Criterion::entropy;
  variants[2].min_samples_leaf = {4.0, false};
  variants[3].max_features = {MaxFeatures::Kind::sqrt, 0.0};
  for (const auto& p : variants) {
    Rng rng(1);
    check_invariants(build_tree(d, p, rng), d);
  }
  Rng rng(2);
  check_invariants(build_tree(r, {}, rng), r);
  Rng rng2(2);
  check_invariants(build_tree(r, {.max_leaf_nodes = 9}, rng2), r);
}

TEST(TreeBuilder, MaxDepthBoundsDepth) {
  const auto d = random_classification(500, 5, 4);
  Rng rng(0);
  const Tree full = build_tree(d, {}, rng);
  ASSERT_GT(full.depth(), 4u);
  const Tree t = build_tree(d, {.max_depth = 4}, rng);
  EXPECT_EQ(t.depth(), 4u);
}

/// The fewest samples in a leaf (`leaves`) or in a split node.
std::int64_t smallest_node(const Tree& t, bool leaves) {
  std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
  for (std::size_t n = 0; n < t.n_nodes(); ++n)
    if (t.is_leaf(n) == leaves) smallest = std::min(smallest, t.n_node_samples[n]);
  return smallest;
}

TEST(TreeBuilder, MinSamplesLeafBoundsLeafSizes) {
  const auto d = random_classification(500, 5, 4);
  Rng rng(0);
  TreeParams p;
  p.min_samples_leaf = {7.0, false};
  const Tree t = build_tree(d, p, rng);
  EXPECT_GE(smallest_node(t, true), 7);
  const Tree full = build_tree(d, {}, rng);
  EXPECT_LT(*std::min_element(full.n_node_samples.begin(), full.n_node_samples.end()), 7);
  // As a fraction: ceil(0.03 * 500) = 15.
  p.min_samples_leaf = {0.03, true};
  EXPECT_GE(smallest_node(build_tree(d, p, rng), true), 15);
}

TEST(TreeBuilder, MinSamplesSplitStopsSmallNodes) {
  Rng rng(0);
  const Tree t =
      build_tree(random_classification(500, 5, 4), {.min_samples_split = {40.0, false}}, rng);
  EXPECT_GE(smallest_node(t, false), 40);
}

TEST(TreeBuilder, MinWeightFractionLeafBoundsLeafWeight) {
  const auto d = random_classification(400, 4, 8);
  Rng rng(0);
  TreeParams p;
  p.min_weight_fraction_leaf = 0.05;
  std::vector<double> w(d.rows);
  for (std::size_t i = 0; i < d.rows; ++i) w[i] = 0.5 + static_cast<double>(i % 3);
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  const Tree t = build_tree(d, p, rng, w);
  for (std::size_t n = 0; n < t.n_nodes(); ++n)
    if (t.is_leaf(n)) {
      EXPECT_GE(t.weighted_n_node_samples[n], 0.05 * total - 1e-9);
    }
}

TEST(TreeBuilder, MinImpurityDecreaseDropsWeakSplits) {
  const auto d = random_classification(500, 5, 4);
  Rng rng(0);
  const Tree full = build_tree(d, {}, rng);
  const Tree t = build_tree(d, {.min_impurity_decrease = 0.01}, rng);
  EXPECT_LT(t.n_leaves(), full.n_leaves() / 4);
  // Every split kept decreases the weighted impurity by at least 0.01.
  const double root = t.weighted_n_node_samples[0];
  for (std::size_t n = 0; n < t.n_nodes(); ++n) {
    if (t.is_leaf(n)) continue;
    const auto l = static_cast<std::size_t>(t.children_left[n]);
    const auto r = static_cast<std::size_t>(t.children_right[n]);
    const double dec = (t.weighted_n_node_samples[n] * t.impurity[n] -
                        t.weighted_n_node_samples[l] * t.impurity[l] -
                        t.weighted_n_node_samples[r] * t.impurity[r]) /
                       root;
    EXPECT_GE(dec, 0.01 - 1e-12);
  }
}

TEST(TreeBuilder, MaxLeafNodesGivesExactlyThatManyLeaves) {
  const auto d = random_classification(500, 5, 4);
  for (std::size_t leaves : {2u, 5u, 23u}) {
    Rng rng(0);
    const Tree t = build_tree(d, {.max_leaf_nodes = leaves}, rng);
    EXPECT_EQ(t.n_leaves(), leaves);
  }
  // Best-first: the first split is the root's best split, as in depth-first growth.
  Rng rng(0);
  const Tree a = build_tree(d, {.max_leaf_nodes = 2}, rng);
  const Tree b = build_tree(d, {.max_depth = 1}, rng);
  EXPECT_EQ(a.feature[0], b.feature[0]);
  EXPECT_EQ(a.threshold[0], b.threshold[0]);
}

TEST(TreeBuilder, MaxFeaturesIsSeededAndChangesTheTree) {
  const auto d = random_classification(500, 8, 4);
  TreeParams p;
  p.max_features = {MaxFeatures::Kind::count, 2.0};
  Rng a(5);
  Rng b(5);
  Rng c(6);
  const Tree ta = build_tree(d, p, a);
  const Tree tb = build_tree(d, p, b);
  const Tree tc = build_tree(d, p, c);
  EXPECT_EQ(ta.threshold, tb.threshold);
  EXPECT_EQ(ta.feature, tb.feature);
  EXPECT_NE(ta.feature, tc.feature);
  EXPECT_EQ(MaxFeatures({MaxFeatures::Kind::sqrt, 0}).resolve(20), 4u);
  EXPECT_EQ(MaxFeatures({MaxFeatures::Kind::log2, 0}).resolve(20), 4u);
  EXPECT_EQ(MaxFeatures({MaxFeatures::Kind::fraction, 0.5}).resolve(20), 10u);
  EXPECT_EQ(MaxFeatures({MaxFeatures::Kind::count, 50}).resolve(20), 20u);
}

/// Two identical features: every split ties between them.
Dataset duplicated_feature_data() {
  Dataset d = random_classification(200, 2, 8);
  d.schema.features[1].name = "f0_copy";
  std::copy(d.column(0).begin(), d.column(0).end(), d.column(1).begin());
  return d;
}

TEST(TreeBuilder, RandomFeatureOrderBreaksTiesBySeedColumnOrderByColumn) {
  const Dataset d = duplicated_feature_data();
  TreeParams random_order;  // the default
  TreeParams column_order;
  column_order.feature_order = FeatureOrder::column;
  std::size_t root_on_copy = 0;
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    Rng rng(seed);
    const Tree t = build_tree(d, random_order, rng);
    root_on_copy += t.feature[0] == 1 ? 1 : 0;
    Rng again(seed);
    EXPECT_EQ(build_tree(d, random_order, again).feature, t.feature) << "same seed, same tree";
    Rng other(seed);
    const Tree c = build_tree(d, column_order, other);
    for (std::size_t n = 0; n < c.n_nodes(); ++n) {
      if (!c.is_leaf(n)) {
        EXPECT_EQ(c.feature[n], 0) << "column order: the first column wins";
      }
    }
  }
  // Two different trees over the seeds (16 fair coins are all heads with p = 2^-15).
  EXPECT_GT(root_on_copy, 0u);
  EXPECT_LT(root_on_copy, 16u);
  // max_features = 1.0 searches every feature in the node's order: the same tree as all.
  TreeParams fraction_one;
  fraction_one.max_features = {MaxFeatures::Kind::fraction, 1.0};
  Rng a(3);
  Rng b(3);
  EXPECT_EQ(build_tree(d, fraction_one, a).feature, build_tree(d, random_order, b).feature);
}

TEST(TreeBuilder, RejectsImpossibleInput) {
  const auto d = classification_1d({1, 2, 3}, {0, 1, 0});
  Rng rng(0);
  EXPECT_THROW((void)build_tree(d, {.criterion = Criterion::squared_error}, rng), InvalidArgument);
  TreeParams bad;
  bad.min_samples_split = {1.0, false};
  EXPECT_THROW((void)build_tree(d, bad, rng), InvalidArgument);
  auto nan = d;
  nan.features[1] = kMissing;
  EXPECT_THROW((void)build_tree(nan, {}, rng), InvalidArgument);
  const std::vector<double> w = {1, 2};
  EXPECT_THROW((void)build_tree(d, {}, rng, w), InvalidArgument);
}

TEST(TreeBuilder, PureAndConstantNodesAreLeaves) {
  Rng rng(0);
  EXPECT_EQ(build_tree(classification_1d({1, 2, 3}, {1, 1, 1}), {}, rng).n_nodes(), 1u);
  // Conflicting duplicates cannot be separated.
  const Tree t = build_tree(classification_1d({2, 2, 2, 2}, {0, 1, 0, 1}), {}, rng);
  EXPECT_EQ(t.n_nodes(), 1u);
  EXPECT_NEAR(t.impurity[0], 0.5, 1e-12);
}

}  // namespace
}  // namespace prunekit
