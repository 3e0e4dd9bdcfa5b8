#pragma once
// The numbers behind a chart as CSV (the report writes one beside each figure's SVG), so that
// a figure can be redrawn in another tool without reading results.json.

#include <string>
#include <vector>

#include "prunekit/report/svg_chart.hpp"

namespace prunekit::report_detail {

/// series,x,y,y_error,x_error: one row per point; a reference line has only y, a marker x.
[[nodiscard]] std::string series_csv(const std::vector<XySeries>& series,
                                     const std::vector<ReferenceLine>& references = {},
                                     const std::vector<VerticalMarker>& markers = {});
/// label,value,error: one row per bar.
[[nodiscard]] std::string bars_csv(const std::vector<BarItem>& bars);
/// series,bin_low,bin_high,count: one row per bin.
[[nodiscard]] std::string histogram_csv(const std::vector<double>& edges,
                                        const std::vector<HistogramSeries>& series);

}  // namespace prunekit::report_detail
