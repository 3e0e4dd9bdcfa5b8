#pragma once
/// Rank-based comparison of k methods over N datasets (Demšar 2006, "Statistical comparisons of
/// classifiers over multiple data sets", JMLR 7:1-30, sec. 3.2): average ranks, the Friedman
/// test with Iman and Davenport's F statistic, and the Nemenyi post-hoc test with its critical
/// difference.

#include <cstddef>
#include <vector>

namespace prunekit {

/// Scores of k methods on N datasets: `scores[dataset][method]`, higher is better (accuracy,
/// AUC; negate an error before passing it). Every row has the same length k.
using ScoreMatrix = std::vector<std::vector<double>>;

/// Mean over datasets of each method's rank within its dataset: rank 1 is the best score, tied
/// scores share the average of the ranks they span (as scipy.stats.rankdata's "average").
/// Returns k values summing to k(k+1)/2. Throws InvalidArgument when N < 2, k < 2, the rows are
/// ragged or a score is not finite.
[[nodiscard]] std::vector<double> average_ranks(const ScoreMatrix& scores);

struct FriedmanTest {
  std::size_t datasets = 0;             ///< N
  std::size_t methods = 0;              ///< k
  std::vector<double> average_ranks{};  ///< R_j, one per method, 1 = best
  double chi_square = 0.0;              ///< tie-corrected chi^2_F
  double p_value = 1.0;                 ///< upper tail of chi^2 with k - 1 df
  double iman_davenport = 0.0;          ///< F_F
  double iman_davenport_p_value = 1.0;  ///< upper tail of F(k - 1, (k - 1)(N - 1))
};

/// Friedman's test (Friedman 1937, 1940) of "all methods rank alike", as in Demšar (2006, eq. in
/// sec. 3.2.2): chi^2_F = 12N / (k(k+1)) [sum_j R_j^2 - k(k+1)^2 / 4], divided by the tie
/// correction 1 - sum(t^3 - t) / (N k (k^2 - 1)) over the tie groups of every dataset (as
/// scipy.stats.friedmanchisquare), with k - 1 degrees of freedom; and Iman and Davenport's
/// (1980) less conservative F_F = (N - 1) chi^2_F / (N(k - 1) - chi^2_F) on k - 1 and
/// (k - 1)(N - 1) degrees of freedom. When every dataset ties all methods the statistics are 0
/// and p = 1; when every dataset ranks the methods alike F_F is infinite and its p is 0.
/// Throws InvalidArgument as average_ranks.
[[nodiscard]] FriedmanTest friedman_test(const ScoreMatrix& scores);

/// Upper tail P(Q > q) of the studentized range Q of k >= 2 independent standard normals with
/// infinite degrees of freedom: 1 - k * integral phi(z) [Phi(z + q) - Phi(z)]^(k-1) dz
/// (Hartley 1942), by adaptive Gauss-Kronrod quadrature. Accurate to about 1e-12 absolute.
[[nodiscard]] double studentized_range_sf(double q, std::size_t k);

/// The q with studentized_range_sf(q, k) = alpha, for alpha in (0, 1) and k >= 2 (inverted by
/// TOMS 748 root finding). Throws InvalidArgument outside that domain.
[[nodiscard]] double studentized_range_quantile(double alpha, std::size_t k);

/// Nemenyi's (1963) critical difference of average ranks (Demšar 2006, sec. 3.2.2):
/// CD = q_alpha sqrt(k(k+1) / (6N)) with q_alpha = studentized_range_quantile(alpha, k) / sqrt 2.
/// Two methods whose average ranks differ by at least CD differ at level alpha.
/// Throws InvalidArgument when k < 2, N < 2 or alpha is outside (0, 1).
[[nodiscard]] double nemenyi_critical_difference(std::size_t methods, std::size_t datasets,
                                                 double alpha = 0.05);

/// Nemenyi's pairwise p-values from average ranks over N datasets: entry (i, j) is
/// P(Q > |R_i - R_j| sqrt 2 / sqrt(k(k+1) / (6N))) with Q the studentized range of k means
/// (as scikit-posthocs' posthoc_nemenyi_friedman); the diagonal is 1. A k x k symmetric matrix.
/// Throws InvalidArgument when k < 2, N < 2 or a rank is not finite.
[[nodiscard]] std::vector<std::vector<double>> nemenyi_p_values(
    const std::vector<double>& average_ranks, std::size_t datasets);

}  // namespace prunekit
