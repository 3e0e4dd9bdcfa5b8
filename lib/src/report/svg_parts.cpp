#include "report/svg_parts.hpp"

#include <cmath>
#include <cstdio>

namespace prunekit::svg_detail {

std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

double Scale::operator()(double v) const {
  if (log) {
    const double lv = v > 0 ? std::log10(v) : floor_value;
    return r0 + (lv - d0) / (d1 - d0) * (r1 - r0);
  }
  return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
}

std::string header(const ChartFrame& f, double height, const YExtent& y) {
  // %.6g keeps the extents short and exact enough to compare.
  const auto g = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return std::string(buffer);
  };
  return "<svg class=\"chart\" data-chart=\"" + escape_xml(f.id) + "\" data-y-axis=\"" +
         g(y.axis_low) + " " + g(y.axis_high) + "\" data-y-data=\"" + g(y.data_low) + " " +
         g(y.data_high) + "\"" + (f.y_from_zero ? " data-y-from-zero=\"true\"" : "") +
         " xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(f.width) +
         "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + std::to_string(f.width) + " " +
         num(height) + "\" role=\"img\" font-family=\"system-ui, sans-serif\" font-size=\"11\">" +
         "<title>" + escape_xml(f.title) + "</title>" + "<text x=\"" + num(f.width / 2.0) +
         "\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\" font-size=\"13\" "
         "font-weight=\"600\">" +
         escape_xml(f.title) + "</text>";
}

namespace {

std::string y_ticks(const Box& b, double x1, const std::vector<double>& yt, const Scale& sy) {
  std::string out;
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  for (double t : yt) {
    const double y = sy(t);
    out += "<line x1=\"" + num(b.left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x1) + "\" y2=\"" +
           num(y) + "\" stroke=\"#e3e3e3\"/>";
    out += "<text x=\"" + num(b.left - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\" fill=\"#444\">" + escape_xml(tick_label(t, ystep)) + "</text>";
  }
  return out;
}

/// Two short slanted strokes across the x axis at `x`: the axis is broken there.
std::string axis_break(double x, double y) {
  std::string out;
  for (const double dx : {-2.5, 2.5})
    out += "<line x1=\"" + num(x + dx - 3) + "\" y1=\"" + num(y + 5) + "\" x2=\"" +
           num(x + dx + 3) + "\" y2=\"" + num(y - 5) + "\" stroke=\"#444\"/>";
  return "<rect x=\"" + num(x - 4) + "\" y=\"" + num(y - 2) +
         "\" width=\"8\" height=\"4\" fill=\"#fff\"/>" + out;
}

}  // namespace

std::string axes(const ChartFrame& f, const Box& b, const XTicks& xt, const std::vector<double>& yt,
                 const Scale& sx, const Scale& sy, double plot_bottom) {
  const double x0 = b.left;
  const double x1 = f.width - b.right;
  const double y0 = b.top;
  const double y1 = plot_bottom;
  std::string out = y_ticks(b, x1, yt, sy);
  const double xstep = xt.values.size() > 1 ? xt.values[1] - xt.values[0] : 1.0;
  for (std::size_t i = 0; i < xt.values.size(); ++i) {
    const double t = xt.values[i];
    const double x = xt.log ? sx(std::pow(10.0, t)) : sx(t);
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(y1 + 4) + "\" stroke=\"#444\"/>";
    std::string label =
        xt.log ? tick_label(std::pow(10.0, t), std::pow(10.0, t)) : tick_label(t, xstep);
    if (xt.log && xt.zero_at_left && i == 0) label = "0";
    out += "<text x=\"" + num(x) + "\" y=\"" + num(y1 + 16) +
           "\" text-anchor=\"middle\" fill=\"#444\">" + escape_xml(label) + "</text>";
  }
  out += "<rect x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" + num(x1 - x0) +
         "\" height=\"" + num(y1 - y0) + "\" fill=\"none\" stroke=\"#888\"/>";
  if (xt.log && xt.zero_at_left && xt.values.size() > 1)
    out +=
        axis_break((sx(std::pow(10.0, xt.values[0])) + sx(std::pow(10.0, xt.values[1]))) / 2, y1);
  out += "<text x=\"" + num((x0 + x1) / 2) + "\" y=\"" + num(y1 + 32) +
         "\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(f.x_label) + "</text>";
  out += "<text transform=\"translate(14 " + num((y0 + y1) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">" + escape_xml(f.y_label) +
         "</text>";
  return out;
}

std::string legend(const std::vector<LegendItem>& items, double y0, double width, double& height) {
  std::string out;
  double x = 12;
  double y = y0 + 12;
  height = items.empty() ? 0 : 20;
  for (const auto& item : items) {
    const double w = 26 + 6.4 * static_cast<double>(item.text.size());
    if (x + w > width - 8 && x > 12) {
      x = 12;
      y += 17;
      height += 17;
    }
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(y - 4) + "\" x2=\"" + num(x + 16) +
           "\" y2=\"" + num(y - 4) + "\" stroke=\"" + item.color + "\" stroke-width=\"3\"" +
           (item.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>";
    out += "<text x=\"" + num(x + 21) + "\" y=\"" + num(y) + "\" class=\"legend\">" +
           escape_xml(item.text) + "</text>";
    x += w + 10;
  }
  return out;
}

std::string vertical_error_bar(double x, double y_low, double y_high, double cap,
                               const std::string& color) {
  return "<path d=\"M" + num(x) + " " + num(y_low) + "V" + num(y_high) + "M" + num(x - cap / 2) +
         " " + num(y_low) + "h" + num(cap) + "M" + num(x - cap / 2) + " " + num(y_high) + "h" +
         num(cap) + "\" stroke=\"" + color + "\" fill=\"none\"/>";
}

std::string horizontal_error_bar(double y, double x_low, double x_high, double cap,
                                 const std::string& color) {
  return "<path d=\"M" + num(x_low) + " " + num(y) + "H" + num(x_high) + "M" + num(x_low) + " " +
         num(y - cap / 2) + "v" + num(cap) + "M" + num(x_high) + " " + num(y - cap / 2) + "v" +
         num(cap) + "\" stroke=\"" + color + "\" fill=\"none\"/>";
}

std::string key_attribute(const std::string& key) {
  return key.empty() ? std::string() : " data-key=\"" + escape_xml(key) + "\"";
}

}  // namespace prunekit::svg_detail
