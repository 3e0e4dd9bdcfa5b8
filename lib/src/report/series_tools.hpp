#pragma once
// What the score-against-size charts do to their series: order, the Pareto front, the axis.

#include <vector>

#include "prunekit/report/svg_chart.hpp"

namespace prunekit::report_detail {

/// `s` with its points in increasing x (error bars follow their points).
[[nodiscard]] XySeries sorted_by_x(XySeries s);
/// The dashed grey staircase through the points (of the series not marked `path_only`) that
/// no other point beats: smaller or equal size and a better or equal score.
[[nodiscard]] XySeries front_series(const std::vector<XySeries>& series);
/// Whether the positive x values span a factor 10 (then a log axis reads better).
[[nodiscard]] bool spans_decade(const std::vector<XySeries>& series);

}  // namespace prunekit::report_detail
