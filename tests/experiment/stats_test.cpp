// Statistics against values computed independently with SciPy 1.10.1 (Debian 12), once:
//   /usr/bin/python3 -c "from scipy import stats, special; ..." with the calls quoted below.
#include "prunekit/experiment/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"

namespace prunekit {
namespace {

TEST(Stats, MeanAndSampleSd) {
  const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(mean(v), 5.0);
  EXPECT_NEAR(sample_sd(v), 2.1380899352993952, 1e-12);  // sqrt(32 / 7) by hand
  EXPECT_EQ(sample_sd(std::vector<double>{3.0}), 0.0);
}

TEST(Stats, IncompleteBetaAndStudentT) {
  // special.betainc(2.5, 0.5, 0.3), special.betainc(10, 3, 0.8)
  EXPECT_NEAR(regularized_incomplete_beta(2.5, 0.5, 0.3), 0.01892712407194565, 1e-12);
  EXPECT_NEAR(regularized_incomplete_beta(10, 3, 0.8), 0.55834574848, 1e-10);
  // stats.t.cdf(1.5, 7), stats.t.cdf(-2.3, 3), stats.t.cdf(0.7, 30)
  EXPECT_NEAR(student_t_cdf(1.5, 7), 0.911350756505015, 1e-12);
  EXPECT_NEAR(student_t_cdf(-2.3, 3), 0.05249418032223499, 1e-12);
  EXPECT_NEAR(student_t_cdf(0.7, 30), 0.7553397782501642, 1e-12);
}

const std::vector<double> kX1{0.91, 0.88, 0.93, 0.90, 0.87, 0.92, 0.89, 0.94};
const std::vector<double> kY1{0.89, 0.87, 0.90, 0.91, 0.84, 0.88, 0.86, 0.90};

TEST(Stats, PairedTTest) {
  // stats.ttest_rel(x1, y1) -> statistic=3.9866128180457028, pvalue=0.005279182955930987
  const auto t = paired_t_test(kX1, kY1);
  EXPECT_NEAR(t.statistic, 3.9866128180457028, 1e-10);
  EXPECT_NEAR(t.p_value, 0.005279182955930987, 1e-12);
  // stats.ttest_rel(x2, y2) -> statistic=1.8761663039293717, pvalue=0.08740039442346254
  const std::vector<double> x2{0.9, 0.8, 0.85, 0.9, 0.7, 0.75, 0.95, 0.8, 0.6, 0.9, 0.85, 0.8};
  const std::vector<double> y2{0.85, 0.8, 0.80, 0.8, 0.75, 0.70, 0.90, 0.7, 0.7, 0.8, 0.85, 0.75};
  const auto t2 = paired_t_test(x2, y2);
  EXPECT_NEAR(t2.statistic, 1.8761663039293717, 1e-10);
  EXPECT_NEAR(t2.p_value, 0.08740039442346254, 1e-12);
  // Identical samples: no evidence of a difference.
  EXPECT_EQ(paired_t_test(kX1, kX1).p_value, 1.0);
}

TEST(Stats, WilcoxonExactWithoutTies) {
  // stats.wilcoxon(d, mode="exact") -> statistic=11.0, pvalue=0.10546875
  const std::vector<double> d{0.012, -0.031, 0.045, 0.027,  -0.008,
                              0.051, 0.036,  0.019, -0.022, 0.063};
  const std::vector<double> zero(d.size(), 0.0);
  const auto w = wilcoxon_signed_rank(d, zero);
  EXPECT_EQ(w.n, 10u);
  EXPECT_DOUBLE_EQ(w.statistic, 11.0);
  EXPECT_NEAR(w.p_value, 0.10546875, 1e-12);
}

TEST(Stats, WilcoxonNormalApproximationWithTiesAndZeros) {
  // stats.wilcoxon(x1, y1, mode="approx") -> statistic=1.5, pvalue=0.020085286672471166
  const auto w1 = wilcoxon_signed_rank(kX1, kY1);
  EXPECT_DOUBLE_EQ(w1.statistic, 1.5);
  EXPECT_NEAR(w1.p_value, 0.020085286672471166, 1e-12);
  // stats.wilcoxon(d3, mode="approx") -> statistic=7.5, pvalue=0.039649879720152714
  const std::vector<double> d3{0.02, 0.0,  -0.01, 0.02, 0.03, 0.0,
                               0.01, 0.02, -0.02, 0.04, 0.01, 0.05};
  const std::vector<double> zero(d3.size(), 0.0);
  const auto w3 = wilcoxon_signed_rank(d3, zero);
  EXPECT_EQ(w3.n, 10u);
  EXPECT_DOUBLE_EQ(w3.statistic, 7.5);
  EXPECT_NEAR(w3.p_value, 0.039649879720152714, 1e-12);
  // stats.ttest_1samp(d3, 0) -> statistic=2.428571428571429, pvalue=0.033494378155594355
  const auto t3 = paired_t_test(d3, zero);
  EXPECT_NEAR(t3.p_value, 0.033494378155594355, 1e-12);
  // All differences zero: p = 1.
  EXPECT_EQ(wilcoxon_signed_rank(zero, zero).p_value, 1.0);
}

}  // namespace
}  // namespace prunekit

namespace prunekit {
namespace {

// tests/fixtures/scipy_paired_tests.json, written by tests/fixtures/scipy_paired_tests.py.
TEST(Stats, CorrectedResampledTAndWilcoxonMatchScipy) {
  const std::string file = std::string(PRUNEKIT_FIXTURES_DIR) + "/scipy_paired_tests.json";
  const auto golden = read_json_file(file);
  ASSERT_GE(golden.at("cases").size(), 5u);
  for (const auto& c : golden.at("cases")) {
    const std::string name = c.at("name");
    const auto x = c.at("x").get<std::vector<double>>();
    const auto y = c.at("y").get<std::vector<double>>();
    const auto t = corrected_resampled_t_test(x, y, c.at("test_train_ratio").get<double>());
    EXPECT_NEAR(t.statistic, c.at("corrected_t").at("statistic").get<double>(), 1e-9) << name;
    EXPECT_NEAR(t.p_value, c.at("corrected_t").at("p_value").get<double>(), 1e-10) << name;
    EXPECT_EQ(t.n, x.size()) << name;
    const auto w = wilcoxon_signed_rank(x, y);
    EXPECT_NEAR(w.statistic, c.at("wilcoxon").at("statistic").get<double>(), 1e-12) << name;
    EXPECT_NEAR(w.p_value, c.at("wilcoxon").at("p_value").get<double>(), 1e-10) << name;
  }
}

TEST(Stats, CorrectionWidensTheIntervalAndZeroRatioIsThePairedT) {
  const auto plain = paired_t_test(kX1, kY1);
  const auto same = corrected_resampled_t_test(kX1, kY1, 0.0);
  EXPECT_DOUBLE_EQ(plain.p_value, same.p_value);
  const auto corrected = corrected_resampled_t_test(kX1, kY1, 1.0 / 7.0);
  EXPECT_GT(corrected.p_value, plain.p_value);
  EXPECT_LT(std::fabs(corrected.statistic), std::fabs(plain.statistic));
  EXPECT_THROW((void)corrected_resampled_t_test(kX1, kY1, -0.1), InvalidArgument);
}

}  // namespace
}  // namespace prunekit
