#include "prunekit/core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

namespace prunekit {
namespace {

TEST(Rng, SameSeedSameBits) {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a(), b());
}

TEST(Rng, DifferentSeedsDiffer) {
  Rng a(1);
  Rng b(2);
  int equal = 0;
  for (int i = 0; i < 100; ++i) equal += a() == b() ? 1 : 0;
  EXPECT_EQ(equal, 0);
}

TEST(Rng, StreamsAreReproducibleAndDistinct) {
  Rng s0 = Rng::for_stream(7, 0);
  Rng s0_again = Rng::for_stream(7, 0);
  Rng s1 = Rng::for_stream(7, 1);
  const auto first = s0();
  EXPECT_EQ(first, s0_again());
  EXPECT_NE(first, s1());
}

TEST(Rng, UniformIsInUnitIntervalWithMeanOneHalf) {
  Rng rng(3);
  double sum = 0.0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.01);
}

TEST(Rng, BelowCoversRangeUniformly) {
  Rng rng(5);
  std::vector<int> counts(7, 0);
  const int n = 70000;
  for (int i = 0; i < n; ++i) ++counts[rng.below(7)];
  for (int c : counts) EXPECT_NEAR(c, n / 7, 500);
}

TEST(Rng, NormalHasZeroMeanUnitVariance) {
  Rng rng(11);
  double sum = 0.0;
  double sum_sq = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    sum_sq += z * z;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / n - mean * mean, 1.0, 0.02);
}

TEST(Rng, ShuffleIsAPermutationAndReproducible) {
  std::vector<int> a(100);
  std::iota(a.begin(), a.end(), 0);
  std::vector<int> b = a;
  Rng r1(9);
  Rng r2(9);
  r1.shuffle(std::span<int>(a));
  r2.shuffle(std::span<int>(b));
  EXPECT_EQ(a, b);
  std::vector<int> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(sorted[static_cast<std::size_t>(i)], i);
  int fixed_points = 0;
  for (int i = 0; i < 100; ++i) fixed_points += a[static_cast<std::size_t>(i)] == i ? 1 : 0;
  EXPECT_LT(fixed_points, 10);
}

}  // namespace
}  // namespace prunekit
