#pragma once
// The Pareto front of a score-against-size chart: the points no other point beats on both.

#include <cstddef>
#include <vector>

namespace prunekit::report_detail {

/// Indices of the points (size x[i], score y[i]) that no other point dominates (as small or
/// smaller and as good or better, and strictly so in one), in increasing size. Points with a
/// NaN are skipped; of equal points the first is kept.
[[nodiscard]] std::vector<std::size_t> pareto_front(const std::vector<double>& x,
                                                    const std::vector<double>& y);

}  // namespace prunekit::report_detail
