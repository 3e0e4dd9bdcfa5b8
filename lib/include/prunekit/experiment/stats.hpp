#pragma once
/// Summary statistics and paired tests for comparing a pruning method with its unpruned
/// baseline on the same splits and seeds.

#include <cstddef>
#include <span>

namespace prunekit {

/// Arithmetic mean (NaN for an empty sample).
[[nodiscard]] double mean(std::span<const double> values) noexcept;
/// Sample standard deviation with n - 1 in the denominator (0 for fewer than two values).
[[nodiscard]] double sample_sd(std::span<const double> values) noexcept;

/// Regularized incomplete beta function I_x(a, b), a, b > 0, x in [0, 1], by the continued
/// fraction of Numerical Recipes (Press et al. 2007, section 6.4) evaluated with the modified
/// Lentz method, using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where it converges faster.
[[nodiscard]] double regularized_incomplete_beta(double a, double b, double x) noexcept;

/// Cumulative distribution function of Student's t with `df` > 0 degrees of freedom:
/// for t >= 0, 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 (Abramowitz and Stegun 26.7.1).
[[nodiscard]] double student_t_cdf(double t, double df) noexcept;

/// Standard normal upper tail P(Z > z), via erfc.
[[nodiscard]] double normal_sf(double z) noexcept;

struct PairedTest {
  std::size_t n = 0;       ///< pairs used (Wilcoxon: non-zero differences)
  double statistic = 0.0;  ///< t, or Wilcoxon's T = min(R+, R-)
  double p_value = 1.0;    ///< two-sided
};

/// Paired t-test of x - y (Student 1908): t = mean(d) / (sd(d) / sqrt(n)), n - 1 degrees of
/// freedom, two-sided p = I_{df/(df+t^2)}(df/2, 1/2). x and y have the same length >= 2.
/// When every difference is equal, t is infinite (p = 0) unless they are all zero (t = 0,
/// p = 1).
[[nodiscard]] PairedTest paired_t_test(std::span<const double> x, std::span<const double> y);

/// Corrected resampled t-test of x - y over J train/test resamplings of one dataset (Nadeau and
/// Bengio 2003, sec. 5.3): t = mean(d) / sqrt((1/J + n_test/n_train) s^2(d)), J - 1 degrees of
/// freedom, two-sided. The n_test/n_train term accounts for the training sets' overlap; for r
/// repetitions of k-fold cross-validation (J = r k, n_test/n_train = 1/(k - 1)) this is
/// Bouckaert and Frank's (2004) corrected repeated k-fold cv test. With
/// `test_train_ratio` = 0 it is the paired t-test. x and y have the same length >= 2.
[[nodiscard]] PairedTest corrected_resampled_t_test(std::span<const double> x,
                                                    std::span<const double> y,
                                                    double test_train_ratio);

/// Wilcoxon signed-rank test of x - y (Wilcoxon 1945), two-sided, as scipy.stats.wilcoxon
/// with zero_method="wilcox" and no continuity correction: zero differences are dropped,
/// tied |d| get average ranks, T = min(R+, R-). With at most 50 non-zero differences and no
/// ties and no zeros, p is exact (the null distribution of R+ by counting subsets of ranks);
/// otherwise the normal approximation z = (T - n(n+1)/4) / sigma with
/// sigma^2 = n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over tie groups (Hollander and Wolfe 1999,
/// section 3.1). With no non-zero difference, p = 1.
[[nodiscard]] PairedTest wilcoxon_signed_rank(std::span<const double> x, std::span<const double> y);

}  // namespace prunekit
