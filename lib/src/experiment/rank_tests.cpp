#include "prunekit/experiment/rank_tests.hpp"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

void check_scores(const ScoreMatrix& scores) {
  if (scores.size() < 2)
    throw InvalidArgument("rank tests: need at least 2 datasets, got " +
                          std::to_string(scores.size()));
  const std::size_t k = scores.front().size();
  if (k < 2) throw InvalidArgument("rank tests: need at least 2 methods, got " + std::to_string(k));
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i].size() != k)
      throw InvalidArgument("rank tests: dataset " + std::to_string(i) + " has " +
                            std::to_string(scores[i].size()) + " scores, dataset 0 has " +
                            std::to_string(k));
    for (std::size_t j = 0; j < k; ++j)
      if (!std::isfinite(scores[i][j]))
        throw InvalidArgument("rank tests: score of method " + std::to_string(j) + " on dataset " +
                              std::to_string(i) + " is not finite");
  }
}

/// Ranks of one dataset's scores (1 = highest, ties averaged); adds sum(t^3 - t) over its tie
/// groups to `tie_term`.
std::vector<double> rank_row(const std::vector<double>& row, double& tie_term) {
  const std::size_t k = row.size();
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return row[a] > row[b]; });
  std::vector<double> rank(k);
  for (std::size_t i = 0; i < k;) {
    std::size_t j = i;
    while (j + 1 < k && row[order[j + 1]] == row[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t m = i; m <= j; ++m) rank[order[m]] = average;
    const double t = static_cast<double>(j - i + 1);
    tie_term += t * t * t - t;
    i = j + 1;
  }
  return rank;
}

/// Average ranks without validation; sets `tie_term` to sum(t^3 - t) over all datasets.
std::vector<double> mean_ranks(const ScoreMatrix& scores, double& tie_term) {
  tie_term = 0.0;
  std::vector<double> sum(scores.front().size(), 0.0);
  for (const auto& row : scores) {
    const auto rank = rank_row(row, tie_term);
    for (std::size_t j = 0; j < sum.size(); ++j) sum[j] += rank[j];
  }
  for (double& s : sum) s /= static_cast<double>(scores.size());
  return sum;
}

void check_methods_datasets(std::size_t k, std::size_t n) {
  if (k < 2)
    throw InvalidArgument("Nemenyi test: need at least 2 methods, got " + std::to_string(k));
  if (n < 2)
    throw InvalidArgument("Nemenyi test: need at least 2 datasets, got " + std::to_string(n));
}

/// Standard normal probability of (a, b], computed in the tail where it does not cancel.
double normal_interval(double a, double b) {
  const double r = 1.0 / std::sqrt(2.0);
  if (a >= 0.0) return 0.5 * (std::erfc(a * r) - std::erfc(b * r));
  return 0.5 * (std::erfc(-b * r) - std::erfc(-a * r));
}

}  // namespace

std::vector<double> average_ranks(const ScoreMatrix& scores) {
  check_scores(scores);
  double tie_term = 0.0;
  return mean_ranks(scores, tie_term);
}

FriedmanTest friedman_test(const ScoreMatrix& scores) {
  check_scores(scores);
  FriedmanTest out;
  out.datasets = scores.size();
  out.methods = scores.front().size();
  double tie_term = 0.0;
  out.average_ranks = mean_ranks(scores, tie_term);
  const double n = static_cast<double>(out.datasets);
  const double k = static_cast<double>(out.methods);
  const double correction = 1.0 - tie_term / (n * k * (k * k - 1.0));
  // Every dataset ties every method: nothing to test (scipy would divide by zero).
  if (correction <= 1e-12) return out;
  double sum_squares = 0.0;
  for (double r : out.average_ranks) sum_squares += r * r;
  const double raw = 12.0 * n / (k * (k + 1.0)) * (sum_squares - k * (k + 1.0) * (k + 1.0) / 4.0);
  out.chi_square = std::max(0.0, raw / correction);
  const boost::math::chi_squared chi(k - 1.0);
  out.p_value = boost::math::cdf(boost::math::complement(chi, out.chi_square));
  const double denominator = n * (k - 1.0) - out.chi_square;
  // chi^2_F reaches N(k - 1) when every dataset ranks the methods alike.
  if (denominator <= 1e-12 * n * (k - 1.0)) {
    out.iman_davenport = std::numeric_limits<double>::infinity();
    out.iman_davenport_p_value = 0.0;
    return out;
  }
  out.iman_davenport = (n - 1.0) * out.chi_square / denominator;
  const boost::math::fisher_f f(k - 1.0, (k - 1.0) * (n - 1.0));
  out.iman_davenport_p_value = boost::math::cdf(boost::math::complement(f, out.iman_davenport));
  return out;
}

double studentized_range_sf(double q, std::size_t k) {
  if (k < 2) throw InvalidArgument("studentized range: need k >= 2, got " + std::to_string(k));
  if (std::isnan(q)) return q;
  if (q <= 0.0) return 1.0;
  if (std::isinf(q)) return 0.0;
  const double km1 = static_cast<double>(k - 1);
  const double inv_sqrt_2pi = 1.0 / std::sqrt(2.0 * std::acos(-1.0));
  // z is the smallest of the k normals; the k - 1 others lie in (z, z + q].
  const auto integrand = [&](double z) {
    return inv_sqrt_2pi * std::exp(-0.5 * z * z) * std::pow(normal_interval(z, z + q), km1);
  };
  // phi(9) ~ 1e-18: the mass outside [-9, 9] is below double precision.
  const double cdf =
      static_cast<double>(k) * boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
                                   integrand, -9.0, 9.0, 15, 1e-13);
  return std::clamp(1.0 - cdf, 0.0, 1.0);
}

double studentized_range_quantile(double alpha, std::size_t k) {
  if (k < 2) throw InvalidArgument("studentized range: need k >= 2, got " + std::to_string(k));
  if (!(alpha > 0.0 && alpha < 1.0))
    throw InvalidArgument("studentized range: alpha must be in (0, 1), got " +
                          std::to_string(alpha));
  const auto excess = [&](double q) { return studentized_range_sf(q, k) - alpha; };
  // The range of k normals exceeds 2 * 9 only with probability below double precision.
  double hi = 8.0;
  while (excess(hi) > 0.0 && hi < 64.0) hi *= 2.0;
  std::uintmax_t iterations = 200;
  const auto [lo_q, hi_q] =
      boost::math::tools::toms748_solve(excess, 0.0, hi, 1.0 - alpha, excess(hi),
                                        boost::math::tools::eps_tolerance<double>(50), iterations);
  return 0.5 * (lo_q + hi_q);
}

double nemenyi_critical_difference(std::size_t methods, std::size_t datasets, double alpha) {
  check_methods_datasets(methods, datasets);
  const double k = static_cast<double>(methods);
  const double n = static_cast<double>(datasets);
  const double q_alpha = studentized_range_quantile(alpha, methods) / std::sqrt(2.0);
  return q_alpha * std::sqrt(k * (k + 1.0) / (6.0 * n));
}

std::vector<std::vector<double>> nemenyi_p_values(const std::vector<double>& average_ranks,
                                                  std::size_t datasets) {
  const std::size_t k = average_ranks.size();
  check_methods_datasets(k, datasets);
  for (double r : average_ranks)
    if (!std::isfinite(r)) throw InvalidArgument("Nemenyi test: an average rank is not finite");
  const double kd = static_cast<double>(k);
  const double standard_error = std::sqrt(kd * (kd + 1.0) / (6.0 * static_cast<double>(datasets)));
  std::vector<std::vector<double>> p(k, std::vector<double>(k, 1.0));
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t j = i + 1; j < k; ++j) {
      const double q =
          std::fabs(average_ranks[i] - average_ranks[j]) * std::sqrt(2.0) / standard_error;
      p[i][j] = p[j][i] = studentized_range_sf(q, k);
    }
  return p;
}

}  // namespace prunekit
