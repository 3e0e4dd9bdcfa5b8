#include "prunekit/prune/tree/confidence.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "prunekit/core/error.hpp"

namespace prunekit {

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) throw InvalidArgument("normal quantile needs p in (0, 1)");
  // Acklam's coefficients.
  static constexpr std::array<double, 6> a{-3.969683028665376e+01, 2.209460984245205e+02,
                                           -2.759285104469687e+02, 1.383577518672690e+02,
                                           -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr std::array<double, 5> b{-5.447609879822406e+01, 1.615858368580409e+02,
                                           -1.556989798598866e+02, 6.680131188771972e+01,
                                           -1.328068155288572e+01};
  static constexpr std::array<double, 6> c{-7.784894002430293e-03, -3.223964580411365e-01,
                                           -2.400758277161838e+00, -2.549732539343734e+00,
                                           4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr std::array<double, 4> d{7.784695709041462e-03, 3.224671290700398e-01,
                                           2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x = 0.0;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  // One Halley step on the exact CDF brings the error to machine precision.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

double confidence_z(double cf, ConfidenceZ source) {
  if (!(cf > 0.0 && cf <= 0.5)) throw InvalidArgument("confidence factor must be in (0, 0.5]");
  if (source == ConfidenceZ::weka) return normal_quantile(1.0 - cf);
  // C4.5 (Quinlan 1993), prune.c: deviations for a few confidence values, interpolated.
  static constexpr std::array<double, 9> kConf{0, 0.001, 0.005, 0.01, 0.05, 0.10, 0.20, 0.40, 1.00};
  static constexpr std::array<double, 9> kDev{4.0, 3.09, 2.58, 2.33, 1.65, 1.28, 0.84, 0.25, 0.00};
  std::size_t i = 0;
  while (cf > kConf[i]) ++i;
  return kDev[i] + (kDev[i - 1] - kDev[i]) * (cf - kConf[i]) / (kConf[i - 1] - kConf[i]);
}

namespace {

/// Extra errors beyond the observed ones (C4.5's and Weka's AddErrs).
double additional_errors(double n, double e, double cf, ConfidenceZ source) {
  if (e < 1.0) {
    const double base = n * (1.0 - std::pow(cf, 1.0 / n));
    if (e <= 0.0) return base;
    return base + e * (additional_errors(n, 1.0, cf, source) - base);
  }
  if (e + 0.5 >= n) {
    // The approximation breaks down at the top end; C4.5 and Weka differ here.
    return source == ConfidenceZ::c45 ? 0.67 * (n - e) : std::max(n - e, 0.0);
  }
  const double z = confidence_z(cf, source);
  const double f = (e + 0.5) / n;
  const double r =
      (f + z * z / (2.0 * n) + z * std::sqrt(f / n - f * f / n + z * z / (4.0 * n * n))) /
      (1.0 + z * z / n);
  return r * n - e;
}

}  // namespace

double predicted_errors(double errors, double cases, double cf, ConfidenceZ source) {
  if (cases <= 0.0) return 0.0;
  return errors + additional_errors(cases, errors, cf, source);
}

double upper_error_rate(double errors, double cases, double cf, ConfidenceZ source) {
  if (cases <= 0.0) throw InvalidArgument("upper error rate needs at least one case");
  return predicted_errors(errors, cases, cf, source) / cases;
}

double chi_square_sf(double x, double df) {
  if (!(df > 0.0)) throw InvalidArgument("chi-square needs df > 0");
  if (x <= 0.0) return 1.0;
  const double a = df / 2.0;
  const double z = x / 2.0;
  const double log_prefix = -z + a * std::log(z) - std::lgamma(a);
  constexpr int kMaxIterations = 1000;
  constexpr double kEpsilon = 1e-15;
  if (z < a + 1.0) {
    // Series for the lower P(a, z); Q = 1 - P.
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n < kMaxIterations; ++n) {
      term *= z / (a + n);
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
    }
    return std::max(0.0, 1.0 - sum * std::exp(log_prefix));
  }
  // Lentz's continued fraction for Q(a, z).
  constexpr double kTiny = 1e-300;
  double b = z + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return std::exp(log_prefix) * h;
}

}  // namespace prunekit
