#pragma once
// The pieces every SVG chart is made of (svg_chart.cpp draws lines, svg_bars.cpp bars and
// histograms): number text, the plot box, scales, the frame with its title, axes, legends.

#include <string>
#include <utility>
#include <vector>

#include "prunekit/report/svg_chart.hpp"

namespace prunekit::svg_detail {

/// `v` with at most two decimals and no trailing zeros (coordinates).
[[nodiscard]] std::string num(double v);

/// Margins around the plot area.
struct Box {
  double left = 60;
  double right = 16;
  double top = 34;
  double bottom = 44;
};

/// Maps data values onto pixels; on a log scale, values <= 0 go to `floor_value`.
struct Scale {
  double d0, d1, r0, r1;
  bool log = false;
  double floor_value = 0;
  [[nodiscard]] double operator()(double v) const;
};

/// The y axis' range and the data's: written on the chart (data-y-axis, data-y-data) so that
/// a reader can check that the axis starts where the data does.
struct YExtent {
  double axis_low, axis_high, data_low, data_high;
};

/// The opening <svg> with its title; `height` includes the legend.
[[nodiscard]] std::string header(const ChartFrame& f, double height, const YExtent& y);

/// How the x axis is labelled.
struct XTicks {
  std::vector<double> values;  ///< data values, or decades (log10) on a log axis
  bool log = false;
  bool zero_at_left = false;  ///< log axis: the left end stands for 0 (alpha = 0), not 10^lo
};

/// Grid lines, tick labels, the plot frame and the axis labels.
[[nodiscard]] std::string axes(const ChartFrame& f, const Box& b, const XTicks& xt,
                               const std::vector<double>& yt, const Scale& sx, const Scale& sy,
                               double plot_bottom);

/// A legend entry: its text, colour and whether its line is dashed.
struct LegendItem {
  std::string text;
  std::string color;
  bool dashed = false;
};

/// The legend below the plot, from y0 down: returns its SVG and sets `height` to its rows.
[[nodiscard]] std::string legend(const std::vector<LegendItem>& items, double y0, double width,
                                 double& height);

/// An error bar from (x, y_low) to (x, y_high) with caps `cap` wide (vertical), or from
/// (x_low, y) to (x_high, y) (horizontal).
[[nodiscard]] std::string vertical_error_bar(double x, double y_low, double y_high, double cap,
                                             const std::string& color);
[[nodiscard]] std::string horizontal_error_bar(double y, double x_low, double x_high, double cap,
                                               const std::string& color);

/// ` data-key="..."` for a non-empty key.
[[nodiscard]] std::string key_attribute(const std::string& key);

}  // namespace prunekit::svg_detail
