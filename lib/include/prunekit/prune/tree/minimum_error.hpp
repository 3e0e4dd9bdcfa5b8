#pragma once
/// Minimum error pruning (Niblett and Bratko 1986), and its m-estimate variant (Cestnik and
/// Bratko 1991). A node's class probabilities are estimated as
///   Laplace:    p(c) = (n_c + 1) / (n + k)         (k classes)
///   m-estimate: p(c) = (n_c + m p_a(c)) / (n + m)  (p_a: the prior, the class shares of the
///                                                   whole training set, i.e. the root)
/// and its expected error rate as a leaf is 1 - p(c) for the class c the leaf predicts, its
/// majority class: (n - n_c + k - 1) / (n + k) and (n - n_c + m (1 - p_a(c))) / (n + m).
/// Laplace is the m-estimate with m = k and a uniform prior (Mingers 1989 notes the resulting
/// dependence on the number of classes). Bottom-up, a node becomes a leaf when that static
/// error is no more than the dynamic error of its subtree, sum_i (n_i / n) E(child_i).
/// Classification only.

#include <optional>
#include <span>

#include "prunekit/tree/tree.hpp"

namespace prunekit {

struct MinimumErrorParams {
  /// Unset: Niblett and Bratko's Laplace estimate; set: the m-estimate with this m >= 0.
  std::optional<double> m;
};

/// The expected error rate of a leaf with class counts `counts` that predicts its majority
/// class: Laplace when `m` is unset, else the m-estimate with prior `prior` (one share per
/// class, summing to 1).
[[nodiscard]] double expected_leaf_error(std::span<const double> counts,
                                         std::span<const double> prior, std::optional<double> m);

[[nodiscard]] Tree prune_minimum_error(const Tree& tree, const MinimumErrorParams& params);

}  // namespace prunekit
