#pragma once
/// Upper confidence limits of a binomial error rate, as C4.5's error-based pruning uses them
/// (Quinlan 1993, ch. 4): U_CF(E, N) is the rate p such that observing at most E errors in N
/// cases has probability CF. For E >= 1 it uses the normal approximation with a continuity
/// correction (Wilson's score interval); E = 0 is exact (1 - CF^(1/N)); 0 < E < 1 interpolates.

namespace prunekit {

/// Where the z value for a confidence factor comes from.
enum class ConfidenceZ {
  weka,  ///< the exact normal quantile z = Phi^-1(1 - CF) (Weka's J48: 0.6745 at CF = 0.25)
  c45,   ///< C4.5's table, linearly interpolated (0.6925 at CF = 0.25)
};

/// z for a confidence factor CF in (0, 0.5].
[[nodiscard]] double confidence_z(double cf, ConfidenceZ source);

/// U_CF(E, N): the upper limit of the error rate, for E errors (weighted, may be fractional)
/// among N > 0 cases. At CF = 0.25: U(0, 1) = 0.75, U(0, 6) = 0.2063, U(1, 16) = 0.1547 (weka)
/// or 0.1567 (c45).
[[nodiscard]] double upper_error_rate(double errors, double cases, double cf, ConfidenceZ source);

/// The predicted number of errors N * U_CF(E, N) (C4.5's E + AddErrs(N, E)).
[[nodiscard]] double predicted_errors(double errors, double cases, double cf, ConfidenceZ source);

/// The standard normal quantile Phi^-1(p), p in (0, 1), to about 1e-15 (Acklam's rational
/// approximation refined by one Halley step on erfc).
[[nodiscard]] double normal_quantile(double p);

/// Upper tail P(X > x) of the chi-square distribution with `df` degrees of freedom (the
/// regularized upper incomplete gamma function Q(df/2, x/2); series and continued fraction as
/// in Press et al., Numerical Recipes, sec. 6.2).
[[nodiscard]] double chi_square_sf(double x, double df);

}  // namespace prunekit
