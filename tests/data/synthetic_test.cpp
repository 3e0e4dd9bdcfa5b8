#include "prunekit/data/synthetic.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/csv.hpp"
#include "support/test_support.hpp"

namespace prunekit {
namespace {

std::vector<std::size_t> columns_named(const Dataset& d, const std::string& prefix) {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < d.n_features(); ++j)
    if (d.schema.features[j].name.rfind(prefix, 0) == 0) out.push_back(j);
  return out;
}

/// Between-class share of a feature's variance (eta squared of a one-way ANOVA).
double class_separation(const Dataset& d, std::size_t j) {
  const auto col = d.column(j);
  std::vector<double> sum(d.n_classes(), 0.0), count(d.n_classes(), 0.0);
  double total = 0.0;
  for (std::size_t i = 0; i < d.rows; ++i) {
    sum[static_cast<std::size_t>(d.labels[i])] += col[i];
    count[static_cast<std::size_t>(d.labels[i])] += 1.0;
    total += col[i];
  }
  const double mean = total / static_cast<double>(d.rows);
  double between = 0.0, all = 0.0;
  for (std::size_t c = 0; c < d.n_classes(); ++c)
    if (count[c] > 0) between += count[c] * std::pow(sum[c] / count[c] - mean, 2);
  for (float v : col) all += std::pow(v - mean, 2);
  return between / all;
}

TEST(Synthetic, ClassBalanceFollowsSklearnAllocation) {
  // 1000 rows, 3 classes x 2 clusters: int(1000 / 3 / 2) = 166 per cluster, the 4 left over go
  // to clusters 0..3, so classes get 167+167, 167+166, 167+166 rows (hand computation).
  Rng rng(5);
  const Dataset d = make_classification({.n_samples = 1000,
                                         .n_features = 6,
                                         .n_informative = 3,
                                         .n_redundant = 1,
                                         .n_classes = 3,
                                         .flip_y = 0.0},
                                        rng);
  d.check();
  EXPECT_EQ(d.class_counts(), (std::vector<std::size_t>{334, 333, 333}));
  Rng rng2(5);
  const Dataset w = make_classification(
      {.n_samples = 1000, .n_features = 4, .weights = {0.75}, .flip_y = 0.0}, rng2);
  EXPECT_EQ(w.class_counts(), (std::vector<std::size_t>{750, 250}));
}

TEST(Synthetic, InformativeFeaturesSeparateClassesBetterThanNoise) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    Rng rng(seed);
    const Dataset d = make_classification({.n_samples = 2000,
                                           .n_features = 12,
                                           .n_informative = 3,
                                           .n_redundant = 0,
                                           .n_clusters_per_class = 1,
                                           .flip_y = 0.0,
                                           .class_sep = 1.5},
                                          rng);
    double best_informative = 0.0, best_noise = 0.0;
    for (std::size_t j : columns_named(d, "informative_"))
      best_informative = std::max(best_informative, class_separation(d, j));
    const auto noise = columns_named(d, "noise_");
    ASSERT_EQ(noise.size(), 9u);
    for (std::size_t j : noise) best_noise = std::max(best_noise, class_separation(d, j));
    EXPECT_GT(best_informative, 0.2) << seed;
    EXPECT_LT(best_noise, 0.01) << seed;
  }
}

TEST(Synthetic, RedundantAndRepeatedFeaturesAreExactCombinations) {
  Rng rng(11);
  const Dataset d = make_classification(
      {.n_samples = 300, .n_features = 10, .n_informative = 3, .n_redundant = 2, .n_repeated = 1},
      rng);
  const auto informative = columns_named(d, "informative_");
  ASSERT_EQ(informative.size(), 3u);
  Eigen::MatrixXd a(d.rows, 3);
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t i = 0; i < d.rows; ++i)
      a(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = d.value(i, informative[k]);
  auto residual = [&](std::size_t j) {
    Eigen::VectorXd b(d.rows);
    for (std::size_t i = 0; i < d.rows; ++i) b(static_cast<Eigen::Index>(i)) = d.value(i, j);
    const Eigen::VectorXd coef = a.colPivHouseholderQr().solve(b);
    return (a * coef - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
  };
  for (std::size_t j : columns_named(d, "redundant_")) EXPECT_LT(residual(j), 1e-5);
  for (std::size_t j : columns_named(d, "noise_")) EXPECT_GT(residual(j), 0.1);
  const auto repeated = columns_named(d, "repeated_");
  ASSERT_EQ(repeated.size(), 1u);
  bool is_copy = false;
  for (std::size_t j = 0; j < d.n_features(); ++j)
    if (j != repeated[0] && std::ranges::equal(d.column(j), d.column(repeated[0]))) is_copy = true;
  EXPECT_TRUE(is_copy);
}

TEST(Synthetic, SameSeedSameBytesDifferentSeedDifferentData) {
  const testing::TempDir dir;
  const ClassificationParams p{.n_samples = 200, .n_features = 8};
  Rng a(42), b(42), c(43);
  const std::string f1 = (dir.path() / "a.csv").string(), f2 = (dir.path() / "b.csv").string();
  write_csv(make_classification(p, a), f1);
  write_csv(make_classification(p, b), f2);
  EXPECT_EQ(read_file(f1), read_file(f2));
  Rng a2(42);
  EXPECT_NE(make_classification(p, a2).features, make_classification(p, c).features);
}

TEST(Synthetic, LabelNoiseFlipsAboutFlipYOfTheLabels) {
  // With well separated single clusters, a class is recoverable from its cluster; flip_y = 0.3
  // redraws 30 % of labels uniformly, so about 15 % end up different (2 classes).
  const ClassificationParams clean{.n_samples = 4000,
                                   .n_features = 2,
                                   .n_informative = 2,
                                   .n_redundant = 0,
                                   .n_clusters_per_class = 1,
                                   .flip_y = 0.0,
                                   .shuffle = false};
  ClassificationParams noisy = clean;
  noisy.flip_y = 0.3;
  Rng r1(9), r2(9);
  const Dataset a = make_classification(clean, r1);
  const Dataset b = make_classification(noisy, r2);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < a.rows; ++i) changed += a.labels[i] != b.labels[i] ? 1 : 0;
  const double share = static_cast<double>(changed) / static_cast<double>(a.rows);
  EXPECT_NEAR(share, 0.15, 0.03);
}

TEST(Synthetic, ImpossibleParametersThrow) {
  Rng rng(0);
  EXPECT_THROW(
      (void)make_classification({.n_features = 3, .n_informative = 2, .n_redundant = 2}, rng),
      InvalidArgument);
  EXPECT_THROW((void)make_classification({.n_informative = 2, .n_classes = 3}, rng),
               InvalidArgument);
  EXPECT_THROW((void)make_classification({.weights = {0.2, 0.3, 0.5}}, rng), InvalidArgument);
  EXPECT_THROW((void)make_regression({.n_samples = 0}, rng), InvalidArgument);
}

TEST(Synthetic, RegressionIsLinearInInformativeFeatures) {
  Rng rng(3);
  std::vector<double> w;
  const Dataset d = make_regression(
      {.n_samples = 100, .n_features = 8, .n_informative = 3, .bias = 2.0}, rng, &w);
  d.check();
  ASSERT_EQ(w.size(), 8u);
  EXPECT_EQ(std::count_if(w.begin(), w.end(), [](double v) { return v != 0.0; }), 3);
  EXPECT_EQ(columns_named(d, "informative_").size(), 3u);
  for (std::size_t j = 0; j < 8; ++j)
    EXPECT_EQ(w[j] != 0.0, d.schema.features[j].name.rfind("informative_", 0) == 0);
  for (std::size_t i = 0; i < d.rows; ++i) {
    double y = 2.0;
    for (std::size_t j = 0; j < 8; ++j) y += w[j] * d.value(i, j);
    EXPECT_NEAR(y, d.targets[i], 1e-4 * (1.0 + std::abs(d.targets[i])));
  }
}

}  // namespace
}  // namespace prunekit
