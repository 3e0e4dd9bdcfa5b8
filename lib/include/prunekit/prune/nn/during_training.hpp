#pragma once
/// Pruning woven into training: gradual magnitude pruning (Zhu and Gupta 2017, "To prune, or
/// not to prune"), lottery-ticket iterative magnitude pruning with rewinding (Frankle and
/// Carbin 2019, "The Lottery Ticket Hypothesis"), and SNIP, connection sensitivity at
/// initialisation (Lee, Ajanthan and Torr 2019).

#include <vector>

#include "prunekit/prune/nn/network_pruning.hpp"

namespace prunekit {

/// The sparsity of Zhu and Gupta's schedule at step t: s_f + (s_i - s_f)(1 - (t - t_0)/(n dt))^3
/// for t_0 <= t <= t_0 + n dt (s_i before, s_f after).
[[nodiscard]] double polynomial_sparsity(double initial, double final_sparsity, double t,
                                         double begin, double end);

}  // namespace prunekit
