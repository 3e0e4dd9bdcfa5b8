#include "prunekit/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace prunekit {

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

std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

struct Box {
  double left = 60;
  double right = 16;
  double top = 34;
  double bottom = 44;
};

/// Legend below the plot: returns its SVG and sets `height` to the rows it needs.
std::string legend(const std::vector<std::pair<std::string, std::string>>& items, double y0,
                   double width, double& height, const std::vector<bool>& dashed = {}) {
  std::string out;
  double x = 12;
  double y = y0 + 12;
  height = items.empty() ? 0 : 20;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const double w = 26 + 6.4 * static_cast<double>(items[i].first.size());
    if (x + w > width - 8 && x > 12) {
      x = 12;
      y += 17;
      height += 17;
    }
    const bool dash = i < dashed.size() && dashed[i];
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(y - 4) + "\" x2=\"" + num(x + 16) +
           "\" y2=\"" + num(y - 4) + "\" stroke=\"" + items[i].second + "\" stroke-width=\"3\"" +
           (dash ? " stroke-dasharray=\"5 3\"" : "") + "/>";
    out += "<text x=\"" + num(x + 21) + "\" y=\"" + num(y) + "\" class=\"legend\">" +
           escape_xml(items[i].first) + "</text>";
    x += w + 10;
  }
  return out;
}

std::string header(const ChartFrame& f, double height) {
  return "<svg class=\"chart\" data-chart=\"" + escape_xml(f.id) +
         "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(f.width) +
         "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + std::to_string(f.width) + " " +
         num(height) + "\" role=\"img\" font-family=\"system-ui, sans-serif\" font-size=\"11\">" +
         "<title>" + escape_xml(f.title) + "</title>" + "<text x=\"" + num(f.width / 2.0) +
         "\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\" font-size=\"13\" "
         "font-weight=\"600\">" +
         escape_xml(f.title) + "</text>";
}

struct Scale {
  double d0, d1, r0, r1;
  bool log = false;
  double floor_value = 0;  // log scale: where values <= 0 go
  [[nodiscard]] double operator()(double v) const {
    if (log) {
      const double lv = v > 0 ? std::log10(v) : floor_value;
      return r0 + (lv - d0) / (d1 - d0) * (r1 - r0);
    }
    return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
  }
};

std::string axes(const ChartFrame& f, const Box& b, const std::vector<double>& xt,
                 const std::vector<double>& yt, const Scale& sx, const Scale& sy, bool x_log,
                 double plot_bottom) {
  std::string out;
  const double x0 = b.left;
  const double x1 = f.width - b.right;
  const double y0 = b.top;
  const double y1 = plot_bottom;
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  for (double t : yt) {
    const double y = sy(t);
    out += "<line x1=\"" + num(x0) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x1) + "\" y2=\"" +
           num(y) + "\" stroke=\"#e3e3e3\"/>";
    out += "<text x=\"" + num(x0 - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\" fill=\"#444\">" + escape_xml(tick_label(t, ystep)) + "</text>";
  }
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
  for (double t : xt) {
    const double x = x_log ? sx(std::pow(10.0, t)) : sx(t);
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(y1 + 4) + "\" stroke=\"#444\"/>";
    const std::string label =
        x_log ? tick_label(std::pow(10.0, t), std::pow(10.0, t)) : tick_label(t, xstep);
    out += "<text x=\"" + num(x) + "\" y=\"" + num(y1 + 16) +
           "\" text-anchor=\"middle\" fill=\"#444\">" + escape_xml(label) + "</text>";
  }
  out += "<rect x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" + num(x1 - x0) +
         "\" height=\"" + num(y1 - y0) + "\" fill=\"none\" stroke=\"#888\"/>";
  out += "<text x=\"" + num((x0 + x1) / 2) + "\" y=\"" + num(y1 + 32) +
         "\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(f.x_label) + "</text>";
  out += "<text transform=\"translate(14 " + num((y0 + y1) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(f.y_label) +
         "</text>";
  return out;
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
  static const char* kColors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                  "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
  return kColors[i % 8];
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

/// The range of the finite points; the unit square when there are none.
DataRange data_range(const ChartFrame& f, const std::vector<XySeries>& series,
                     const std::vector<ReferenceLine>& references) {
  DataRange r;
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      const double e = i < s.y_error.size() && std::isfinite(s.y_error[i]) ? s.y_error[i] : 0.0;
      r.xmin = std::min(r.xmin, s.x[i]);
      r.xmax = std::max(r.xmax, s.x[i]);
      if (s.x[i] > 0) r.min_positive_x = std::min(r.min_positive_x, s.x[i]);
      r.ymin = std::min(r.ymin, s.y[i] - e);
      r.ymax = std::max(r.ymax, s.y[i] + e);
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
  std::vector<double> ticks;
  Scale scale{};
  bool log = false;
};

XAxis x_axis(const ChartFrame& f, const Box& b, const DataRange& r) {
  XAxis axis;
  axis.log = f.x_log && std::isfinite(r.min_positive_x);
  if (!axis.log) {
    axis.ticks = nice_ticks(r.xmin, r.xmax, 6);
    axis.scale = Scale{axis.ticks.front(), axis.ticks.back(), b.left, f.width - b.right};
    return axis;
  }
  const double lo = std::floor(std::log10(r.min_positive_x)) - (r.xmin <= 0 ? 1 : 0);
  const double hi = std::max(std::ceil(std::log10(std::max(r.xmax, r.min_positive_x))), lo + 1);
  for (double t = lo; t <= hi + 1e-9; t += 1) axis.ticks.push_back(t);
  if (axis.ticks.size() > 7) {  // thin out decades
    std::vector<double> thin;
    const auto every = (axis.ticks.size() + 5) / 6;
    for (std::size_t i = 0; i < axis.ticks.size(); i += every) thin.push_back(axis.ticks[i]);
    axis.ticks = thin;
  }
  axis.scale = Scale{lo, hi, b.left, f.width - b.right, true, lo};
  return axis;
}

/// The legend of a line chart: the series (solid), then the reference lines (dashed).
std::string line_legend(const ChartFrame& f, const std::vector<XySeries>& series,
                        const std::vector<ReferenceLine>& references, double& height) {
  std::vector<std::pair<std::string, std::string>> items;
  std::vector<bool> dashed;
  for (std::size_t i = 0; i < series.size(); ++i) {
    items.emplace_back(series[i].name,
                       series[i].color.empty() ? palette_color(i) : series[i].color);
    dashed.push_back(false);
  }
  for (const auto& r : references) {
    items.emplace_back(r.name, r.color);
    dashed.push_back(true);
  }
  return legend(items, f.height - 6, f.width, height, dashed);
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
    if (i < s.y_error.size() && std::isfinite(s.y_error[i]) && s.y_error[i] > 0) {
      const double ya = sy(s.y[i] - s.y_error[i]);
      const double yb = sy(s.y[i] + s.y_error[i]);
      out += "<path d=\"M" + num(x) + " " + num(ya) + "V" + num(yb) + "M" + num(x - 3) + " " +
             num(ya) + "h6M" + num(x - 3) + " " + num(yb) + "h6\" stroke=\"" + color +
             "\" fill=\"none\"/>";
    }
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
                       const std::vector<ReferenceLine>& references) {
  Box b;
  const DataRange range = data_range(f, series, references);
  const auto yt = nice_ticks(range.ymin, range.ymax);
  const XAxis xa = x_axis(f, b, range);
  const double plot_bottom = f.height - b.bottom;
  double legend_height = 0;
  const std::string legend_svg = line_legend(f, series, references, legend_height);
  const Scale sy{yt.front(), yt.back(), plot_bottom, b.top};

  std::string out = header(f, f.height + legend_height);
  out += axes(f, b, xa.ticks, yt, xa.scale, sy, xa.log, plot_bottom);
  out += reference_lines(f, b, sy, references);
  for (std::size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const std::string color = s.color.empty() ? palette_color(si) : s.color;
    const std::string points = series_points(s, xa.scale, sy);
    out += "<g class=\"series\"><title>" + escape_xml(s.name) + "</title>";
    if (s.line && !points.empty())
      out += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"" +
             points + "\"/>";
    out += series_marks(s, color, xa.scale, sy) + "</g>";
  }
  out += legend_svg;
  return out + "</svg>";
}

std::string bar_chart(const ChartFrame& f, const std::vector<BarItem>& bars) {
  Box b;
  double ymin = 0;
  double ymax = 0;
  std::size_t longest = 0;
  for (const auto& bar : bars) {
    if (!std::isfinite(bar.value)) continue;
    const double e = std::isfinite(bar.error) ? bar.error : 0.0;
    ymin = std::min(ymin, bar.value - e);
    ymax = std::max(ymax, bar.value + e);
    longest = std::max(longest, bar.label.size());
  }
  if (ymax == ymin) ymax = ymin + 1;
  const double slot = (f.width - b.left - b.right) / std::max<double>(1.0, bars.size());
  const bool rotate = 6.2 * static_cast<double>(longest) > slot - 4;
  const double label_space = rotate ? std::min(120.0, 3.9 * static_cast<double>(longest)) : 8.0;
  const double height = f.height + label_space;
  const double plot_bottom = f.height - b.bottom + 18;
  const auto yt = nice_ticks(ymin, ymax);
  const Scale sy{yt.front(), yt.back(), plot_bottom, b.top};
  std::string out = header(f, height);
  for (double t : yt) {
    const double y = sy(t);
    out += "<line x1=\"" + num(b.left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(f.width - b.right) +
           "\" y2=\"" + num(y) + "\" stroke=\"#e3e3e3\"/>";
    out += "<text x=\"" + num(b.left - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\" fill=\"#444\">" +
           escape_xml(tick_label(t, yt.size() > 1 ? yt[1] - yt[0] : 1)) + "</text>";
  }
  out += "<line x1=\"" + num(b.left) + "\" y1=\"" + num(sy(0)) + "\" x2=\"" +
         num(f.width - b.right) + "\" y2=\"" + num(sy(0)) + "\" stroke=\"#444\"/>";
  out += "<text transform=\"translate(14 " + num((b.top + plot_bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(f.y_label) +
         "</text>";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& bar = bars[i];
    const std::string color = bar.color.empty() ? palette_color(i) : bar.color;
    const double cx = b.left + slot * (static_cast<double>(i) + 0.5);
    const double w = std::min(48.0, slot * 0.7);
    if (std::isfinite(bar.value)) {
      const double y0 = sy(0);
      const double y1 = sy(bar.value);
      out += "<rect x=\"" + num(cx - w / 2) + "\" y=\"" + num(std::min(y0, y1)) + "\" width=\"" +
             num(w) + "\" height=\"" + num(std::fabs(y1 - y0)) + "\" fill=\"" + color +
             "\" opacity=\"0.85\"><title>" + escape_xml(bar.label) + ": " +
             escape_xml(tick_label(bar.value, std::fabs(bar.value) / 1000 + 1e-12)) +
             "</title></rect>";
      if (std::isfinite(bar.error) && bar.error > 0) {
        const double ya = sy(bar.value - bar.error);
        const double yb = sy(bar.value + bar.error);
        out += "<path d=\"M" + num(cx) + " " + num(ya) + "V" + num(yb) + "M" + num(cx - 5) + " " +
               num(ya) + "h10M" + num(cx - 5) + " " + num(yb) +
               "h10\" stroke=\"#222\" "
               "fill=\"none\"/>";
      }
    }
    if (rotate)
      out += "<text transform=\"translate(" + num(cx + 3) + " " + num(plot_bottom + 10) +
             ") rotate(-35)\" text-anchor=\"end\" fill=\"#222\">" + escape_xml(bar.label) +
             "</text>";
    else
      out += "<text x=\"" + num(cx) + "\" y=\"" + num(plot_bottom + 14) +
             "\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(bar.label) + "</text>";
  }
  return out + "</svg>";
}

std::string histogram_chart(const ChartFrame& f, const std::vector<double>& edges,
                            const std::vector<HistogramSeries>& series) {
  Box b;
  double ymax = 1;
  for (const auto& s : series)
    for (double c : s.counts) ymax = std::max(ymax, c);
  const double xlo = edges.empty() ? 0 : edges.front();
  const double xhi = edges.size() < 2 ? 1 : edges.back();
  const auto xt = nice_ticks(xlo, xhi, 6);
  const auto yt = nice_ticks(0, ymax);
  const double plot_bottom = f.height - b.bottom;
  const Scale sx{xt.front(), xt.back(), b.left, f.width - b.right};
  const Scale sy{yt.front(), yt.back(), plot_bottom, b.top};
  std::vector<std::pair<std::string, std::string>> items;
  for (std::size_t i = 0; i < series.size(); ++i)
    items.emplace_back(series[i].name,
                       series[i].color.empty() ? palette_color(i) : series[i].color);
  double legend_height = 0;
  const std::string legend_svg = legend(items, f.height - 6, f.width, legend_height);
  std::string out = header(f, f.height + legend_height);
  out += axes(f, b, xt, yt, sx, sy, false, plot_bottom);
  for (std::size_t si = 0; si < series.size(); ++si) {
    const auto& s = series[si];
    const std::string color = s.color.empty() ? palette_color(si) : s.color;
    out += "<g class=\"series\"><title>" + escape_xml(s.name) + "</title>";
    for (std::size_t i = 0; i < s.counts.size() && i + 1 < edges.size(); ++i) {
      if (s.counts[i] <= 0) continue;
      const double x0 = sx(edges[i]);
      const double x1 = sx(edges[i + 1]);
      const double y = sy(s.counts[i]);
      out += "<rect x=\"" + num(x0) + "\" y=\"" + num(y) + "\" width=\"" +
             num(std::max(0.5, x1 - x0)) + "\" height=\"" + num(plot_bottom - y) + "\" fill=\"" +
             color + "\" opacity=\"0.55\"/>";
    }
    out += "</g>";
  }
  out += legend_svg;
  return out + "</svg>";
}

}  // namespace prunekit
