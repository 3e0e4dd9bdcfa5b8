#include "prunekit/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "report/svg_parts.hpp"

namespace prunekit {

using svg_detail::Box;
using svg_detail::num;
using svg_detail::Scale;

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

/// Heckbert's nice number: a 1, 2, 5 or 10 multiple of a power of ten near `x`.
double nice_number(double x, bool round) {
  const double exponent = std::floor(std::log10(x));
  const double fraction = x / std::pow(10.0, exponent);
  double nice = 10.0;
  if (round) {
    if (fraction < 1.5)
      nice = 1.0;
    else if (fraction < 3.0)
      nice = 2.0;
    else if (fraction < 7.0)
      nice = 5.0;
  } else {
    if (fraction <= 1.0)
      nice = 1.0;
    else if (fraction <= 2.0)
      nice = 2.0;
    else if (fraction <= 5.0)
      nice = 5.0;
  }
  return nice * std::pow(10.0, exponent);
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0.0, 1.0};
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) {
    const double pad = lo == 0.0 ? 1.0 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double range = nice_number(hi - lo, false);
  const double step = nice_number(range / std::max(1, target - 1), true);
  const double first = std::floor(lo / step) * step;
  const double last = std::ceil(hi / step) * step;
  std::vector<double> ticks;
  for (double t = first; t <= last + 0.5 * step; t += step)
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string tick_label(double value, double step) {
  char buffer[32];
  const double a = std::fabs(value);
  if (value != 0.0 && (a >= 1e5 || a < 1e-3)) {
    std::snprintf(buffer, sizeof buffer, "%.2g", value);
    return buffer;
  }
  const int decimals =
      std::clamp(static_cast<int>(-std::floor(std::log10(std::fabs(step)) + 1e-9)), 0, 6);
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string s = buffer;
  if (s == "-0") s = "0";
  return s;
}

std::string palette_color(std::size_t i) {
  // Okabe and Ito's eight, then Tol's "muted" eight for larger comparisons.
  static const char* kColors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
                                  "#F0E442", "#000000", "#332288", "#88CCEE", "#44AA99", "#117733",
                                  "#999933", "#CC6677", "#882255", "#AA4499"};
  return kColors[i % 16];
}

namespace {

/// The extent of a line chart's data (error bars and reference lines included).
struct DataRange {
  double xmin = std::numeric_limits<double>::infinity();
  double xmax = -std::numeric_limits<double>::infinity();
  double ymin = std::numeric_limits<double>::infinity();
  double ymax = -std::numeric_limits<double>::infinity();
  double min_positive_x = std::numeric_limits<double>::infinity();
};

/// The error half-width of point i (0 when none).
double error_at(const std::vector<double>& errors, std::size_t i) {
  return i < errors.size() && std::isfinite(errors[i]) && errors[i] > 0 ? errors[i] : 0.0;
}

/// The range of the finite points; the unit square when there are none.
DataRange data_range(const ChartFrame& f, const std::vector<XySeries>& series,
                     const std::vector<ReferenceLine>& references) {
  DataRange r;
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const double ey = error_at(s.y_error, i);
      const double ex = error_at(s.x_error, i);
      r.xmin = std::min(r.xmin, s.x[i] - ex);
      r.xmax = std::max(r.xmax, s.x[i] + ex);
      if (s.x[i] > 0) r.min_positive_x = std::min(r.min_positive_x, s.x[i]);
      r.ymin = std::min(r.ymin, s.y[i] - ey);
      r.ymax = std::max(r.ymax, s.y[i] + ey);
    }
  for (const auto& line : references)
    if (std::isfinite(line.y)) {
      r.ymin = std::min(r.ymin, line.y);
      r.ymax = std::max(r.ymax, line.y);
    }
  if (!std::isfinite(r.xmin)) {
    r.xmin = 0;
    r.xmax = 1;
    r.ymin = 0;
    r.ymax = 1;
  }
  if (f.y_from_zero) r.ymin = std::min(r.ymin, 0.0);
  return r;
}

/// The x axis: its ticks (decades on a log axis) and the scale onto the plot's width.
struct XAxis {
  svg_detail::XTicks ticks;
  Scale scale{};
};

XAxis x_axis(const ChartFrame& f, const Box& b, const DataRange& r) {
  XAxis axis;
  auto& ticks = axis.ticks.values;
  axis.ticks.log = f.x_log && std::isfinite(r.min_positive_x);
  if (!axis.ticks.log) {
    ticks = nice_ticks(r.xmin, r.xmax, 6);
    axis.scale = Scale{ticks.front(), ticks.back(), b.left, f.width - b.right};
    return axis;
  }
  // A value <= 0 (alpha = 0) gets the decade left of the data, labelled 0 behind a break.
  axis.ticks.zero_at_left = r.xmin <= 0;
  const double lo = std::floor(std::log10(r.min_positive_x)) - (axis.ticks.zero_at_left ? 1 : 0);
  const double hi = std::max(std::ceil(std::log10(std::max(r.xmax, r.min_positive_x))), lo + 1);
  for (double t = lo; t <= hi + 1e-9; t += 1) ticks.push_back(t);
  if (ticks.size() > 7) {  // thin out decades, keeping the first (the 0)
    std::vector<double> thin;
    const auto every = (ticks.size() + 5) / 6;
    for (std::size_t i = 0; i < ticks.size(); i += every) thin.push_back(ticks[i]);
    ticks = thin;
  }
  axis.scale = Scale{lo, hi, b.left, f.width - b.right, true, lo};
  return axis;
}

/// The legend of a line chart: the series (solid), then the reference lines (dashed).
std::string line_legend(const ChartFrame& f, const std::vector<XySeries>& series,
                        const std::vector<ReferenceLine>& references,
                        const std::vector<VerticalMarker>& markers, double& height) {
  std::vector<svg_detail::LegendItem> items;
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].in_legend)
      items.push_back({series[i].name, series[i].color.empty() ? palette_color(i) : series[i].color,
                       series[i].dashed});
  for (const auto& r : references) items.push_back({r.name, r.color, true});
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const auto same_name = [&](const VerticalMarker& m) { return m.name == markers[i].name; };
    if (std::find_if(markers.begin(), markers.begin() + static_cast<std::ptrdiff_t>(i),
                     same_name) == markers.begin() + static_cast<std::ptrdiff_t>(i))
      items.push_back({markers[i].name, markers[i].color, true});
  }
  return svg_detail::legend(items, f.height - 6, f.width, height);
}

/// Vertical dotted lines across the plot at the markers that fall inside the x axis.
std::string vertical_markers(const Box& b, const Scale& sx, double plot_bottom,
                             const std::vector<VerticalMarker>& markers) {
  std::string out;
  for (const auto& m : markers) {
    const double at = sx.log && m.x > 0 ? std::log10(m.x) : m.x;  // the scale's domain
    if (!std::isfinite(at) || at < std::min(sx.d0, sx.d1) || at > std::max(sx.d0, sx.d1)) continue;
    const std::string x = num(sx(m.x));
    out += "<line class=\"marker\" x1=\"" + x + "\" y1=\"" + num(b.top) + "\" x2=\"" + x +
           "\" y2=\"" + num(plot_bottom) + "\" stroke=\"" + m.color +
           "\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"><title>" + escape_xml(m.name) +
           "</title></line>";
  }
  return out;
}

std::string reference_lines(const ChartFrame& f, const Box& b, const Scale& sy,
                            const std::vector<ReferenceLine>& references) {
  std::string out;
  for (const auto& r : references) {
    if (!std::isfinite(r.y)) continue;
    out += "<line x1=\"" + num(b.left) + "\" y1=\"" + num(sy(r.y)) + "\" x2=\"" +
           num(f.width - b.right) + "\" y2=\"" + num(sy(r.y)) + "\" stroke=\"" + r.color +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>" + escape_xml(r.name) +
           "</title></line>";
  }
  return out;
}

/// The polyline's points of a series (a staircase when s.step), skipping non-finite points.
std::string series_points(const XySeries& s, const Scale& sx, const Scale& sy) {
  std::string points;
  double prev_y = 0;
  bool first = true;
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
    const double x = sx(s.x[i]);
    const double y = sy(s.y[i]);
    if (s.step && !first) points += num(x) + "," + num(prev_y) + " ";
    points += num(x) + "," + num(y) + " ";
    prev_y = y;
    first = false;
  }
  return points;
}

/// Per point of a series: its error bar, its marker and the highlight ring, as asked.
std::string series_marks(const XySeries& s, const std::string& color, const Scale& sx,
                         const Scale& sy) {
  std::string out;
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
    const double x = sx(s.x[i]);
    const double y = sy(s.y[i]);
    if (const double e = error_at(s.y_error, i); e > 0)
      out += svg_detail::vertical_error_bar(x, sy(s.y[i] - e), sy(s.y[i] + e), 6, color);
    if (const double e = error_at(s.x_error, i); e > 0)  // on a log axis, cut at the left end
      out += svg_detail::horizontal_error_bar(y, sx.log && s.x[i] - e <= 0 ? sx.r0 : sx(s.x[i] - e),
                                              sx(s.x[i] + e), 6, color);
    if (s.markers)
      out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3\" fill=\"" + color + "\"/>";
    if (i == s.highlight)
      out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) +
             "\" r=\"7\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\"/>";
  }
  return out;
}

}  // namespace

std::string line_chart(const ChartFrame& f, const std::vector<XySeries>& series,
                       const std::vector<ReferenceLine>& references,
                       const std::vector<VerticalMarker>& markers) {
  Box b;
  const DataRange range = data_range(f, series, references);
  const auto yt = nice_ticks(range.ymin, range.ymax);
  const XAxis xa = x_axis(f, b, range);
  const double plot_bottom = f.height - b.bottom;
  double legend_height = 0;
  const std::string legend_svg = line_legend(f, series, references, markers, legend_height);
  const Scale sy{yt.front(), yt.back(), plot_bottom, b.top};

  std::string out = svg_detail::header(f, f.height + legend_height,
                                       {yt.front(), yt.back(), range.ymin, range.ymax});
  out += svg_detail::axes(f, b, xa.ticks, yt, xa.scale, sy, plot_bottom);
  out += reference_lines(f, b, sy, references);
  out += vertical_markers(b, xa.scale, plot_bottom, markers);
  for (std::size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const std::string color = s.color.empty() ? palette_color(si) : s.color;
    const std::string points = series_points(s, xa.scale, sy);
    out += "<g class=\"series\"" + svg_detail::key_attribute(s.key) + " data-color=\"" + color +
           "\"><title>" + escape_xml(s.name) + "</title>";
    if (s.line && !points.empty())
      out += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"" +
             (s.path_only ? "1.2\" stroke-opacity=\"0.6" : "2") + "\"" +
             (s.dashed ? " stroke-dasharray=\"6 3\"" : "") + " points=\"" + points + "\"/>";
    out += series_marks(s, color, xa.scale, sy) + "</g>";
  }
  out += legend_svg;
  return out + "</svg>";
}

}  // namespace prunekit
