// Bar charts (or dot plots) and histograms; svg_chart.cpp draws the line charts.
#include <algorithm>
#include <cmath>

#include "prunekit/report/svg_chart.hpp"
#include "report/svg_parts.hpp"

namespace prunekit {

using svg_detail::Box;
using svg_detail::num;
using svg_detail::Scale;

namespace {

/// The lowest and highest value of the bars, error bars included.
std::pair<double, double> bar_extent(const std::vector<BarItem>& bars) {
  double lo = INFINITY;
  double hi = -INFINITY;
  for (const auto& bar : bars) {
    if (!std::isfinite(bar.value)) continue;
    const double e = std::isfinite(bar.error) ? bar.error : 0.0;
    lo = std::min(lo, bar.value - e);
    hi = std::max(hi, bar.value + e);
  }
  if (!std::isfinite(lo)) return {0.0, 1.0};
  return {lo, hi};
}

/// One bar (from zero) or dot, its error bar and its tooltip.
std::string bar_mark(const BarItem& bar, const std::string& color, double cx, double w,
                     const Scale& sy, bool from_zero) {
  const std::string tip = "<title>" + escape_xml(bar.label) + ": " +
                          escape_xml(tick_label(bar.value, std::fabs(bar.value) / 1000 + 1e-12)) +
                          "</title>";
  const std::string key = svg_detail::key_attribute(bar.key);
  std::string out;
  if (from_zero) {
    const double y0 = sy(0);
    const double y1 = sy(bar.value);
    out += "<rect" + key + " x=\"" + num(cx - w / 2) + "\" y=\"" + num(std::min(y0, y1)) +
           "\" width=\"" + num(w) + "\" height=\"" + num(std::fabs(y1 - y0)) + "\" fill=\"" +
           color + "\" opacity=\"0.85\">" + tip + "</rect>";
  } else {
    out += "<circle" + key + " cx=\"" + num(cx) + "\" cy=\"" + num(sy(bar.value)) +
           "\" r=\"5\" fill=\"" + color + "\">" + tip + "</circle>";
  }
  if (std::isfinite(bar.error) && bar.error > 0)
    out += svg_detail::vertical_error_bar(cx, sy(bar.value - bar.error), sy(bar.value + bar.error),
                                          10, "#222");
  return out;
}

std::string bar_label(const std::string& label, double cx, double plot_bottom, bool rotate) {
  if (rotate)
    return "<text transform=\"translate(" + num(cx + 3) + " " + num(plot_bottom + 10) +
           ") rotate(-35)\" text-anchor=\"end\" fill=\"#222\">" + escape_xml(label) + "</text>";
  return "<text x=\"" + num(cx) + "\" y=\"" + num(plot_bottom + 14) +
         "\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(label) + "</text>";
}

}  // namespace

std::string bar_chart(const ChartFrame& f, const std::vector<BarItem>& bars) {
  Box b;
  auto [lo, hi] = bar_extent(bars);
  const double data_lo = lo;
  const double data_hi = hi;
  if (f.y_from_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  if (hi == lo) hi = lo + 1;
  std::size_t longest = 0;
  for (const auto& bar : bars) longest = std::max(longest, bar.label.size());
  const double slot = (f.width - b.left - b.right) / std::max<double>(1.0, bars.size());
  const bool rotate = 6.2 * static_cast<double>(longest) > slot - 4;
  const double label_space = rotate ? std::min(120.0, 3.9 * static_cast<double>(longest)) : 8.0;
  const double plot_bottom = f.height - b.bottom + 18;
  const auto yt = nice_ticks(lo, hi);
  const Scale sy{yt.front(), yt.back(), plot_bottom, b.top};
  std::string out =
      svg_detail::header(f, f.height + label_space, {yt.front(), yt.back(), data_lo, data_hi});
  out += svg_detail::axes(f, b, {}, yt, sy, sy, plot_bottom);
  if (f.y_from_zero)
    out += "<line x1=\"" + num(b.left) + "\" y1=\"" + num(sy(0)) + "\" x2=\"" +
           num(f.width - b.right) + "\" y2=\"" + num(sy(0)) + "\" stroke=\"#444\"/>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& bar = bars[i];
    const std::string color = bar.color.empty() ? palette_color(i) : bar.color;
    const double cx = b.left + slot * (static_cast<double>(i) + 0.5);
    if (std::isfinite(bar.value))
      out += bar_mark(bar, color, cx, std::min(48.0, slot * 0.7), sy, f.y_from_zero);
    out += bar_label(bar.label, cx, plot_bottom, rotate);
  }
  return out + "</svg>";
}

namespace {

/// The outline of a histogram: a staircase over its bins, down to the axis at both ends.
std::string outline(const std::vector<double>& edges, const std::vector<double>& counts,
                    const Scale& sx, const Scale& sy, const std::string& color) {
  std::string d = "M" + num(sx(edges.front())) + " " + num(sy(0));
  for (std::size_t i = 0; i < counts.size() && i + 1 < edges.size(); ++i) {
    const double y = sy(std::min(counts[i], sy.d1));
    d += "V" + num(y) + "H" + num(sx(edges[i + 1]));
  }
  d += "V" + num(sy(0));
  return "<path d=\"" + d + "\" fill=\"" + color + "\" fill-opacity=\"0.12\" stroke=\"" + color +
         "\" stroke-width=\"1.8\"/>";
}

/// Series i's share of the zero bin: a hatched-looking bar at 0, cut at the axis' top with its
/// count written above when it is taller.
std::string zero_bar(const HistogramSeries& s, std::size_t i, std::size_t n, double bin_width,
                     const Scale& sx, const Scale& sy, const std::string& color) {
  if (s.zeros <= 0) return "";
  const double w = std::max(3.0, std::fabs(sx(bin_width) - sx(0)) / static_cast<double>(n));
  const double x = sx(0) - w * static_cast<double>(n) / 2 + w * static_cast<double>(i);
  const bool cut = s.zeros > sy.d1;
  const double y = sy(std::min(s.zeros, sy.d1));
  std::string out = "<rect class=\"zero-bin\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" +
                    num(w) + "\" height=\"" + num(sy(0) - y) + "\" fill=\"" + color +
                    "\" fill-opacity=\"0.45\" stroke=\"" + color +
                    "\" stroke-dasharray=\"3 2\"><title>" + escape_xml(s.name) + ": " +
                    num(s.zeros) + " zeros</title></rect>";
  if (cut)
    out += "<text x=\"" + num(x + w / 2) + "\" y=\"" + num(y + 10 + 11 * static_cast<double>(i)) +
           "\" text-anchor=\"middle\" font-size=\"9\" fill=\"" + color + "\">" + num(s.zeros) +
           "</text>";
  return out;
}

}  // namespace

std::string histogram_chart(const ChartFrame& f, const std::vector<double>& edges,
                            const std::vector<HistogramSeries>& series) {
  Box b;
  double ymax = 1;
  double zeros_max = 0;
  bool any_zeros = false;
  for (const auto& s : series) {
    for (double c : s.counts) ymax = std::max(ymax, c);
    zeros_max = std::max(zeros_max, s.zeros);
    any_zeros = any_zeros || s.zeros > 0;
  }
  // The zero bin joins the axis unless it would flatten the bins (then it is cut).
  if (zeros_max <= 3 * ymax) ymax = std::max(ymax, zeros_max);
  double xlo = edges.empty() ? 0 : edges.front();
  double xhi = edges.size() < 2 ? 1 : edges.back();
  if (any_zeros) {
    xlo = std::min(xlo, 0.0);
    xhi = std::max(xhi, 0.0);
  }
  const auto xt = nice_ticks(xlo, xhi, 6);
  const auto yt = nice_ticks(0, ymax);
  const double plot_bottom = f.height - b.bottom;
  const Scale sx{xt.front(), xt.back(), b.left, f.width - b.right};
  const Scale sy{yt.front(), yt.back(), plot_bottom, b.top};
  std::vector<svg_detail::LegendItem> items;
  for (std::size_t i = 0; i < series.size(); ++i)
    items.push_back({series[i].name, series[i].color.empty() ? palette_color(i) : series[i].color});
  double legend_height = 0;
  const std::string legend_svg = svg_detail::legend(items, f.height - 6, f.width, legend_height);
  std::string out =
      svg_detail::header(f, f.height + legend_height, {yt.front(), yt.back(), 0.0, ymax});
  out += svg_detail::axes(f, b, {.values = xt}, yt, sx, sy, plot_bottom);
  const double bin_width = edges.size() > 1 ? edges[1] - edges[0] : 1.0;
  for (std::size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const std::string color = s.color.empty() ? palette_color(si) : s.color;
    out += "<g class=\"series\" data-color=\"" + color + "\"><title>" + escape_xml(s.name) +
           "</title>";
    if (edges.size() > 1 && !s.counts.empty()) out += outline(edges, s.counts, sx, sy, color);
    out += zero_bar(s, si, series.size(), bin_width, sx, sy, color) + "</g>";
  }
  out += legend_svg;
  return out + "</svg>";
}

}  // namespace prunekit
