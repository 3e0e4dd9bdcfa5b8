#include "prunekit/prune/tree/confidence.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace prunekit {
namespace {

// Values from Quinlan 1993 (ch. 4: U_0.25(0,1) = 0.75, U_0.25(0,6) = 0.206) and from Weka's
// Stats.addErrs (z = 0.6745) and C4.5's interpolated table (z = 0.6925) for U(1,16).
TEST(Confidence, QuinlansWorkedValues) {
  EXPECT_NEAR(upper_error_rate(0, 1, 0.25, ConfidenceZ::weka), 0.75, 1e-12);
  EXPECT_NEAR(upper_error_rate(0, 6, 0.25, ConfidenceZ::weka), 0.2063, 5e-5);
  EXPECT_NEAR(upper_error_rate(1, 16, 0.25, ConfidenceZ::weka), 0.1547, 5e-5);
  EXPECT_NEAR(upper_error_rate(1, 16, 0.25, ConfidenceZ::c45), 0.1567, 5e-5);
}

TEST(Confidence, ZValues) {
  EXPECT_NEAR(confidence_z(0.25, ConfidenceZ::weka), 0.6744897501960817, 1e-12);
  EXPECT_NEAR(confidence_z(0.25, ConfidenceZ::c45), 0.6925, 1e-12);
  EXPECT_NEAR(confidence_z(0.10, ConfidenceZ::c45), 1.28, 1e-12);
}

TEST(Confidence, NormalQuantileMatchesTables) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(0.001), -3.090232306167813, 1e-12);
}

TEST(Confidence, ChiSquareUpperTail) {
  // Critical values of the chi-square distribution at 5%: 3.841459 (df 1), 5.991465 (df 2).
  EXPECT_NEAR(chi_square_sf(3.841458820694124, 1), 0.05, 1e-12);
  EXPECT_NEAR(chi_square_sf(5.991464547107979, 2), 0.05, 1e-12);
  EXPECT_NEAR(chi_square_sf(2.0, 2), std::exp(-1.0), 1e-14);  // df 2: exp(-x/2)
  EXPECT_DOUBLE_EQ(chi_square_sf(0.0, 3), 1.0);
}

TEST(Confidence, MoreErrorsOrFewerCasesRaiseTheBound) {
  EXPECT_LT(upper_error_rate(2, 20, 0.25, ConfidenceZ::weka),
            upper_error_rate(3, 20, 0.25, ConfidenceZ::weka));
  EXPECT_LT(upper_error_rate(2, 40, 0.25, ConfidenceZ::weka),
            upper_error_rate(1, 10, 0.25, ConfidenceZ::weka));
  // A smaller CF is more pessimistic.
  EXPECT_LT(upper_error_rate(2, 20, 0.25, ConfidenceZ::weka),
            upper_error_rate(2, 20, 0.1, ConfidenceZ::weka));
}

}  // namespace
}  // namespace prunekit
