#pragma once
// Impurity functions of the three criteria, on weighted class counts or target sums. The
// splitter maximises a cheaper "proxy" that orders candidate splits the same way as the
// weighted child impurity (scikit-learn's proxy_impurity_improvement).

#include <cmath>
#include <cstddef>

namespace prunekit::tree_detail {

/// Gini index 1 - sum_c (n_c / n)^2 of weighted counts (Breiman et al. 1984, sec. 4.3).
[[nodiscard]] inline double gini(const double* counts, std::size_t n_classes,
                                 double total) noexcept {
  if (total <= 0.0) return 0.0;
  double sq = 0.0;
  for (std::size_t c = 0; c < n_classes; ++c) sq += counts[c] * counts[c];
  return 1.0 - sq / (total * total);
}

/// Entropy in bits -sum_c p_c log2 p_c (Quinlan 1986; scikit-learn's "entropy").
[[nodiscard]] inline double entropy(const double* counts, std::size_t n_classes,
                                    double total) noexcept {
  if (total <= 0.0) return 0.0;
  double h = 0.0;
  for (std::size_t c = 0; c < n_classes; ++c)
    if (counts[c] > 0.0) {
      const double p = counts[c] / total;
      h -= p * std::log2(p);
    }
  return h;
}

/// Weighted variance sum w y^2 / W - (sum w y / W)^2 (squared-error impurity).
[[nodiscard]] inline double variance(double sum_w, double sum_wy, double sum_wy2) noexcept {
  if (sum_w <= 0.0) return 0.0;
  const double mean = sum_wy / sum_w;
  const double v = sum_wy2 / sum_w - mean * mean;
  return v > 0.0 ? v : 0.0;
}

/// x log x with 0 log 0 = 0 (natural log; the proxy only needs the ordering).
[[nodiscard]] inline double xlogx(double x) noexcept { return x > 0.0 ? x * std::log(x) : 0.0; }

}  // namespace prunekit::tree_detail
