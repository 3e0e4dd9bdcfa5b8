#pragma once
/// Small self-contained SVG charts for the HTML report: axes with "nice" ticks (Heckbert,
/// "Nice numbers for graph labels", Graphics Gems 1990), line and scatter series with error
/// bars, horizontal reference lines, bar charts with error bars, histograms, legends. Every
/// text is XML-escaped. Each chart is one `<svg class="chart" data-chart="ID">` element.

#include <string>
#include <string_view>
#include <vector>

namespace prunekit {

/// Escapes &, <, >, " and ' for XML text and attributes.
[[nodiscard]] std::string escape_xml(std::string_view text);

/// About `target` evenly spaced round tick values covering [lo, hi] (1, 2 or 5 times a power
/// of ten apart); the first tick is <= lo and the last >= hi. lo == hi widens the range.
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int target = 5);

/// A tick label: the shortest of fixed and exponent notation for a step `step`.
[[nodiscard]] std::string tick_label(double value, double step);

/// Colour i of a 16-colour palette: Okabe-Ito's colour-blind-safe eight, then Tol's "muted"
/// eight (cycled).
[[nodiscard]] std::string palette_color(std::size_t i);

struct ChartFrame {
  std::string id{};  ///< data-chart attribute (unique in a page)
  std::string title{};
  std::string x_label{};
  std::string y_label{};
  int width = 460;
  int height = 300;
  /// Logarithmic x axis; values <= 0 are drawn at the axis' left end (e.g. alpha = 0).
  bool x_log = false;
  /// Include y = 0 in the y range. A bar chart without it draws a dot plot (a bar that does
  /// not start at zero would mislead), its axis fitted to the data.
  bool y_from_zero = false;
};

struct XySeries {
  std::string name{};
  /// What the series stands for across charts (a pruner entry): written as data-key, so that
  /// a reader (or a test) can check that it keeps its colour everywhere.
  std::string key{};
  std::vector<double> x{};
  std::vector<double> y{};
  std::vector<double> y_error{};  ///< empty, or one half-width per point (drawn as error bars)
  std::vector<double> x_error{};  ///< empty, or one half-width per point
  std::string color{};            ///< empty: palette by index
  bool line = true;
  bool markers = true;
  bool step = false;       ///< draw as a step function (pruning paths)
  bool dashed = false;     ///< a dashed line (a second measure of the same method, a front)
  bool path_only = false;  ///< a guide line, not data points (left out of Pareto fronts)
  bool in_legend = true;   ///< false: a companion of another series the legend already names
  std::size_t highlight = static_cast<std::size_t>(-1);  ///< index of a point to ring
};

struct ReferenceLine {
  std::string name{};
  double y = 0.0;
  std::string color = "#555555";
};

/// A vertical dotted line at x: an event along the x axis (pruning between training phases).
/// Markers of the same name share one legend entry.
struct VerticalMarker {
  std::string name{};
  double x = 0.0;
  std::string color = "#999999";
};

/// Line / scatter chart of several series, with error bars, horizontal reference lines and
/// vertical markers.
[[nodiscard]] std::string line_chart(const ChartFrame& frame, const std::vector<XySeries>& series,
                                     const std::vector<ReferenceLine>& references = {},
                                     const std::vector<VerticalMarker>& markers = {});

struct BarItem {
  std::string label{};
  double value = 0.0;
  double error = 0.0;   ///< half-width of the error bar (0: none)
  std::string color{};  ///< empty: palette by index
  std::string key{};    ///< as XySeries::key
};

/// Vertical bars, one per item, labelled below (long labels are rotated).
[[nodiscard]] std::string bar_chart(const ChartFrame& frame, const std::vector<BarItem>& bars);

struct HistogramSeries {
  std::string name{};
  std::vector<double> counts{};  ///< one per bin
  std::string color{};
  /// Weights that are exactly zero, kept out of the bins: drawn as a hatched bar at 0 (cut at
  /// the top of the axis, its count written on it, when it dwarfs the bins).
  double zeros = 0.0;
};

/// Histograms on shared bin edges (edges.size() == counts.size() + 1), drawn as outlines so
/// that they stay readable where they overlap.
[[nodiscard]] std::string histogram_chart(const ChartFrame& frame, const std::vector<double>& edges,
                                          const std::vector<HistogramSeries>& series);

}  // namespace prunekit
