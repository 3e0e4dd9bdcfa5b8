// Rank tests against values computed independently with SciPy 1.10.1 (Debian 12), once, with
// `/usr/bin/python3 -c "import numpy as np; from scipy import stats; ..."` and the calls quoted
// above each expectation; and against the figures printed in Demšar (2006, JMLR 7:1-30).
#include "prunekit/experiment/rank_tests.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

// Demšar (2006), Table 6: AUC of C4.5, C4.5+m, C4.5+cf, C4.5+m+cf on 14 UCI datasets. As
// printed (3 decimals) the voting row ties C4.5+cf and C4.5+m+cf, so the average ranks are
// 3.143 2.000 2.929 1.929 rather than the paper's 3.143 2.000 2.893 1.964 (computed from
// unrounded AUCs); scipy agrees with the former.
const ScoreMatrix kDemsar{
    {0.763, 0.768, 0.771, 0.798}, {0.599, 0.591, 0.590, 0.569}, {0.954, 0.971, 0.968, 0.967},
    {0.628, 0.661, 0.654, 0.657}, {0.882, 0.888, 0.886, 0.898}, {0.936, 0.931, 0.916, 0.931},
    {0.661, 0.668, 0.609, 0.685}, {0.583, 0.583, 0.563, 0.625}, {0.775, 0.838, 0.866, 0.875},
    {1.000, 1.000, 1.000, 1.000}, {0.940, 0.962, 0.965, 0.962}, {0.619, 0.666, 0.614, 0.669},
    {0.972, 0.981, 0.975, 0.975}, {0.957, 0.978, 0.946, 0.970}};

// Many ties, one dataset tying all three methods.
const ScoreMatrix kTied{{0.8, 0.8, 0.7}, {0.9, 0.85, 0.85}, {0.7, 0.75, 0.7},
                        {0.6, 0.6, 0.6}, {0.95, 0.9, 0.8},  {0.82, 0.8, 0.81}};

void expect_relative(double actual, double expected, double tolerance) {
  EXPECT_NEAR(actual, expected, tolerance * std::fabs(expected)) << "expected " << expected;
}

// In the quoted calls, d = np.array(kDemsar), t = np.array(kTied), N, k = d.shape (t.shape).

TEST(AverageRanks, BestIsOneAndTiesShareTheAverage) {
  // np.mean([stats.rankdata(-r) for r in d], 0)
  const auto r = average_ranks(kDemsar);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_NEAR(r[0], 3.142857142857143, 1e-12);
  EXPECT_NEAR(r[1], 2.0, 1e-12);
  EXPECT_NEAR(r[2], 2.9285714285714284, 1e-12);
  EXPECT_NEAR(r[3], 1.9285714285714286, 1e-12);
  // By hand: (1.5 + 1 + 2.5 + 2 + 1 + 1) / 6 etc.
  const auto t = average_ranks(kTied);
  EXPECT_NEAR(t[0], 1.5, 1e-12);
  EXPECT_NEAR(t[1], 2.0, 1e-12);
  EXPECT_NEAR(t[2], 2.5, 1e-12);
}

TEST(FriedmanTest, MatchesScipyOnDemsarTable6) {
  const auto f = friedman_test(kDemsar);
  EXPECT_EQ(f.datasets, 14u);
  EXPECT_EQ(f.methods, 4u);
  // stats.friedmanchisquare(*d.T) -> 10.952380952380956, 0.011986176325417788
  expect_relative(f.chi_square, 10.952380952380956, 1e-9);
  expect_relative(f.p_value, 0.011986176325417788, 1e-6);
  // c = 10.952380952380956; ff = (N-1)*c/(N*(k-1)-c); stats.f.sf(ff, k-1, (k-1)*(N-1))
  //   -> 4.585889570552149, 0.007628838730725733
  expect_relative(f.iman_davenport, 4.585889570552149, 1e-9);
  expect_relative(f.iman_davenport_p_value, 0.007628838730725733, 1e-6);
}

TEST(FriedmanTest, TieCorrectionMatchesScipy) {
  // stats.friedmanchisquare(*t.T) -> 4.235294117647059, 0.12031438840089924
  const auto f = friedman_test(kTied);
  expect_relative(f.chi_square, 4.235294117647059, 1e-9);
  expect_relative(f.p_value, 0.12031438840089924, 1e-6);
  // As above with N, k = t.shape -> 2.727272727272727, 0.1134276198236865
  expect_relative(f.iman_davenport, 2.727272727272727, 1e-9);
  expect_relative(f.iman_davenport_p_value, 0.1134276198236865, 1e-6);
}

TEST(FriedmanTest, UncorrectedStatisticIsDemsarsFormula) {
  // Without ties the correction is 1: by hand, ranks (1, 2, 3) on 3 datasets and (3, 2, 1) on
  // one give R = (1.5, 2, 2.5), chi^2 = 12*4/12 * (12.5 - 12) = 2.
  const ScoreMatrix s{{3, 2, 1}, {3, 2, 1}, {3, 2, 1}, {1, 2, 3}};
  const auto f = friedman_test(s);
  EXPECT_NEAR(f.chi_square, 2.0, 1e-12);
  // F_F = 3 * 2 / (8 - 2) = 1.
  EXPECT_NEAR(f.iman_davenport, 1.0, 1e-12);
}

TEST(FriedmanTest, DegenerateAgreement) {
  const auto all_tied = friedman_test({{1, 1, 1}, {2, 2, 2}});
  EXPECT_EQ(all_tied.chi_square, 0.0);
  EXPECT_EQ(all_tied.p_value, 1.0);
  EXPECT_EQ(all_tied.iman_davenport_p_value, 1.0);
  const auto same_order = friedman_test({{3, 2, 1}, {0.9, 0.5, 0.1}, {5, 4, 3}});
  EXPECT_NEAR(same_order.chi_square, 6.0, 1e-12);  // N(k - 1), its maximum
  EXPECT_TRUE(std::isinf(same_order.iman_davenport));
  EXPECT_EQ(same_order.iman_davenport_p_value, 0.0);
}

TEST(RankTests, RejectBadInput) {
  EXPECT_THROW((void)average_ranks({{1, 2, 3}}), InvalidArgument);          // N < 2
  EXPECT_THROW((void)average_ranks({{1}, {2}}), InvalidArgument);           // k < 2
  EXPECT_THROW((void)friedman_test({{1, 2, 3}, {1, 2}}), InvalidArgument);  // ragged
  EXPECT_THROW((void)friedman_test({{1, NAN}, {1, 2}}), InvalidArgument);   // not finite
  EXPECT_THROW((void)friedman_test({{1, 2}, {INFINITY, 2}}), InvalidArgument);
  EXPECT_THROW((void)friedman_test({}), InvalidArgument);
  EXPECT_THROW((void)studentized_range_quantile(0.0, 4), InvalidArgument);
  EXPECT_THROW((void)studentized_range_quantile(1.0, 4), InvalidArgument);
  EXPECT_THROW((void)studentized_range_quantile(0.05, 1), InvalidArgument);
  EXPECT_THROW((void)nemenyi_critical_difference(4, 1), InvalidArgument);
  EXPECT_THROW((void)nemenyi_critical_difference(1, 10), InvalidArgument);
  EXPECT_THROW((void)nemenyi_p_values({1.5, NAN}, 10), InvalidArgument);
}

TEST(StudentizedRange, UpperTailMatchesScipy) {
  // stats.studentized_range.sf(2.5, 4, np.inf), (5.0, 10, ..), (1.0, 3, ..), (6.0, 50, ..)
  EXPECT_NEAR(studentized_range_sf(2.5, 4), 0.28896293741892587, 1e-9);
  EXPECT_NEAR(studentized_range_sf(5.0, 10), 0.014857437887783598, 1e-9);
  EXPECT_NEAR(studentized_range_sf(1.0, 3), 0.7592873587706612, 1e-9);
  EXPECT_NEAR(studentized_range_sf(6.0, 50), 0.01940665253570628, 1e-9);
  EXPECT_EQ(studentized_range_sf(0.0, 5), 1.0);
  // k = 2: the range is |X1 - X2| ~ |N(0, 2)|, so P(Q > q) = erfc(q / 2) exactly.
  EXPECT_NEAR(studentized_range_sf(2.3, 2), std::erfc(2.3 / 2.0), 1e-12);
}

TEST(StudentizedRange, QuantilesMatchScipyAndDemsarTable5) {
  // stats.studentized_range.ppf(1 - alpha, k, np.inf) / np.sqrt(2)
  struct Row {
    std::size_t k;
    double scipy_05, scipy_10, demsar_05, demsar_10;
  };
  const std::vector<Row> rows{{2, 1.9599639845400534, 1.6448536269514722, 1.960, 1.645},
                              {3, 2.343700586378409, 2.0522927304967755, 2.343, 2.052},
                              {4, 2.569031772546482, 2.2913414968880566, 2.569, 2.291},
                              {5, 2.7277743708703763, 2.4595157642714183, 2.728, 2.459},
                              {6, 2.8497054196100016, 2.588520601922348, 2.850, 2.589},
                              {7, 2.9483200175296744, 2.6927321009677594, 2.949, 2.693},
                              {8, 3.030878449614413, 2.779883608152978, 3.031, 2.780},
                              {9, 3.1017303413033805, 2.8546064311980253, 3.102, 2.855},
                              {10, 3.163683577053373, 2.9198888400615384, 3.164, 2.920},
                              {20, 3.5437991315177815, 3.319233059548415, 0, 0},
                              {50, 3.9923432900094076, 3.7877496141945874, 0, 0}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.k);
    const double q05 = studentized_range_quantile(0.05, row.k) / std::sqrt(2.0);
    const double q10 = studentized_range_quantile(0.10, row.k) / std::sqrt(2.0);
    expect_relative(q05, row.scipy_05, 1e-6);
    expect_relative(q10, row.scipy_10, 1e-6);
    if (row.demsar_05 > 0) {  // 3 decimals, the last not always rounded (k = 3: 2.3437 -> 2.343)
      EXPECT_NEAR(q05, row.demsar_05, 1e-3);
      EXPECT_NEAR(q10, row.demsar_10, 1e-3);
    }
  }
}

TEST(Nemenyi, CriticalDifferenceOfDemsarsExample) {
  // Demšar (2006), the example on Table 6: k = 4, N = 14 gives CD = 1.25 at 0.05, 1.12 at 0.10.
  // stats.studentized_range.ppf(0.95, 4, np.inf) / np.sqrt(2) * np.sqrt(4 * 5 / (6 * 14))
  //   -> 1.2535591471176057; with ppf(0.90, ...) -> 1.1180601669815278
  const double cd05 = nemenyi_critical_difference(4, 14);
  const double cd10 = nemenyi_critical_difference(4, 14, 0.10);
  expect_relative(cd05, 1.2535591471176057, 1e-6);
  expect_relative(cd10, 1.1180601669815278, 1e-6);
  EXPECT_NEAR(cd05, 1.25, 5e-3);
  EXPECT_NEAR(cd10, 1.12, 5e-3);
  // The formula: quadrupling N halves CD.
  EXPECT_NEAR(nemenyi_critical_difference(4, 56), cd05 / 2.0, 1e-9);
}

TEST(Nemenyi, PairwisePValuesMatchScipy) {
  // R = average ranks; se = np.sqrt(k*(k+1)/(6*N));
  // stats.studentized_range.sf(abs(R[i]-R[j])*np.sqrt(2)/se, k, np.inf)
  const auto p = nemenyi_p_values(average_ranks(kDemsar), kDemsar.size());
  ASSERT_EQ(p.size(), 4u);
  const double expected[4][4] = {
      {1.0, 0.0886727092888826, 0.9716864713022134, 0.06168325891240056},
      {0.0886727092888826, 1.0, 0.22669688602641547, 0.9988823439818528},
      {0.9716864713022134, 0.22669688602641547, 1.0, 0.17005163566434356},
      {0.06168325891240056, 0.9988823439818528, 0.17005163566434356, 1.0}};
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) expect_relative(p[i][j], expected[i][j], 1e-6);
  // A difference of exactly CD has p = alpha.
  const double cd = nemenyi_critical_difference(4, 14);
  EXPECT_NEAR(nemenyi_p_values({1.0, 1.0 + cd, 2.5, 2.5}, 14)[0][1], 0.05, 1e-9);
}

}  // namespace
}  // namespace prunekit
