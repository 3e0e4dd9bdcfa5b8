#include "prunekit/experiment/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "prunekit/core/error.hpp"

namespace prunekit {

double mean(std::span<const double> values) noexcept {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double sample_sd(std::span<const double> values) noexcept {
  if (values.size() < 2) return 0.0;
  const double m = mean(values);
  double ss = 0.0;
  for (double v : values) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(values.size() - 1));
}

namespace {

/// Continued fraction for I_x(a, b) (Numerical Recipes betacf), modified Lentz.
double beta_continued_fraction(double a, double b, double x) noexcept {
  constexpr int kMaxIterations = 300;
  constexpr double kEps = 1e-16;
  constexpr double kTiny = 1e-300;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) noexcept {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_cdf(double t, double df) noexcept {
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

double normal_sf(double z) noexcept { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

PairedTest paired_t_test(std::span<const double> x, std::span<const double> y) {
  return corrected_resampled_t_test(x, y, 0.0);
}

PairedTest corrected_resampled_t_test(std::span<const double> x, std::span<const double> y,
                                      double test_train_ratio) {
  if (x.size() != y.size() || x.size() < 2)
    throw InvalidArgument("paired t-test: needs two samples of the same size >= 2");
  if (!(test_train_ratio >= 0.0))
    throw InvalidArgument("corrected t-test: the test/train size ratio must be >= 0");
  std::vector<double> d(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) d[i] = x[i] - y[i];
  PairedTest out;
  out.n = d.size();
  const double m = mean(d);
  const double sd = sample_sd(d);
  const double df = static_cast<double>(d.size() - 1);
  if (sd == 0.0) {
    out.statistic = m == 0.0 ? 0.0 : std::copysign(std::numeric_limits<double>::infinity(), m);
    out.p_value = m == 0.0 ? 1.0 : 0.0;
    return out;
  }
  const double variance_factor = 1.0 / static_cast<double>(d.size()) + test_train_ratio;
  out.statistic = m / (sd * std::sqrt(variance_factor));
  out.p_value =
      regularized_incomplete_beta(df / 2.0, 0.5, df / (df + out.statistic * out.statistic));
  return out;
}

PairedTest wilcoxon_signed_rank(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.empty())
    throw InvalidArgument("wilcoxon_signed_rank: needs two non-empty samples of the same size");
  std::vector<double> d;
  bool had_zero = false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = x[i] - y[i];
    if (v == 0.0)
      had_zero = true;
    else
      d.push_back(v);
  }
  PairedTest out;
  out.n = d.size();
  if (d.empty()) return out;  // statistic 0, p 1
  const std::size_t n = d.size();
  // Average ranks of |d|.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return std::fabs(d[a]) < std::fabs(d[b]); });
  std::vector<double> rank(n);
  double tie_term = 0.0;  // sum (t^3 - t)
  bool ties = false;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && std::fabs(d[order[j + 1]]) == std::fabs(d[order[i]])) ++j;
    const double avg = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = avg;
    const double t = static_cast<double>(j - i + 1);
    if (t > 1) ties = true;
    tie_term += t * t * t - t;
    i = j + 1;
  }
  double r_plus = 0.0;
  double r_minus = 0.0;
  for (std::size_t i = 0; i < n; ++i) (d[i] > 0 ? r_plus : r_minus) += rank[i];
  out.statistic = std::min(r_plus, r_minus);
  const double nn = static_cast<double>(n);
  if (n <= 50 && !ties && !had_zero) {
    // Exact null distribution of R+: counts[s] = number of subsets of {1..n} summing to s.
    const std::size_t max_sum = n * (n + 1) / 2;
    std::vector<double> counts(max_sum + 1, 0.0);
    counts[0] = 1.0;
    for (std::size_t r = 1; r <= n; ++r)
      for (std::size_t s = max_sum; s >= r; --s) counts[s] += counts[s - r];
    const double total = std::ldexp(1.0, static_cast<int>(n));
    const auto rp = static_cast<std::size_t>(std::llround(r_plus));
    if (2 * rp == max_sum) {
      out.p_value = 1.0;
      return out;
    }
    double less = 0.0;
    double greater = 0.0;
    for (std::size_t s = 0; s <= max_sum; ++s) {
      if (s <= rp) less += counts[s];
      if (s >= rp) greater += counts[s];
    }
    out.p_value = std::min(1.0, 2.0 * std::min(less, greater) / total);
    return out;
  }
  const double mn = nn * (nn + 1.0) / 4.0;
  const double var = nn * (nn + 1.0) * (2.0 * nn + 1.0) / 24.0 - tie_term / 48.0;
  if (var <= 0.0) {
    out.p_value = 1.0;
    return out;
  }
  const double z = (out.statistic - mn) / std::sqrt(var);
  out.p_value = std::min(1.0, 2.0 * normal_sf(std::fabs(z)));
  return out;
}

}  // namespace prunekit
