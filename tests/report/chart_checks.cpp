#include "report/chart_checks.hpp"

#include <cstdio>
#include <map>
#include <set>

#include "support/test_support.hpp"

namespace prunekit::testing {
namespace {

/// Each `<svg class="chart" ...>...</svg>` of the page.
std::vector<std::string> charts_of(const std::string& html) {
  std::vector<std::string> charts;
  const std::string open = "<svg class=\"chart\"";
  for (auto p = html.find(open); p != std::string::npos; p = html.find(open, p + 1)) {
    const auto end = html.find("</svg>", p);
    if (end == std::string::npos) break;
    charts.push_back(html.substr(p, end - p));
  }
  return charts;
}

std::string attribute(const std::string& element, const std::string& name) {
  const auto p = element.find(" " + name + "=\"");
  if (p == std::string::npos) return "";
  const auto start = p + name.size() + 3;
  return element.substr(start, element.find('"', start) - start);
}

/// Marks that draw data: lines, dots, bars, histogram outlines, zero bins, diagram methods.
std::size_t data_marks(const std::string& chart) {
  std::size_t n = 0;
  for (const char* mark : {"<polyline", "<circle", "<rect data-key", "class=\"zero-bin\"",
                           "fill-opacity=\"0.12\"", "class=\"method\""})
    n += occurrences(chart, mark);
  return n;
}

/// The y axis covers the data and, unless the chart counts from zero, leaves at most half
/// of its height empty below the data.
void check_axis(const std::string& chart, const std::string& id, std::vector<std::string>& out) {
  const std::string axis = attribute(chart, "data-y-axis");
  const std::string data = attribute(chart, "data-y-data");
  if (axis.empty() || data.empty()) return;  // a chart without a y axis (a rank diagram)
  double a0 = 0, a1 = 0, d0 = 0, d1 = 0;
  if (std::sscanf(axis.c_str(), "%lf %lf", &a0, &a1) != 2 ||
      std::sscanf(data.c_str(), "%lf %lf", &d0, &d1) != 2) {
    out.push_back(id + ": unreadable extents '" + axis + "', '" + data + "'");
    return;
  }
  const double eps = 1e-6 * std::max(1.0, a1 - a0);
  if (a0 > d0 + eps || a1 < d1 - eps)
    out.push_back(id + ": the axis " + axis + " does not cover the data " + data);
  if (attribute(chart, "data-y-from-zero").empty() && d0 - a0 > 0.5 * (a1 - a0) + eps)
    out.push_back(id + ": the axis " + axis + " starts far below the data " + data);
}

}  // namespace

std::vector<std::string> chart_ids(const std::string& html) {
  std::vector<std::string> ids;
  for (const auto& chart : charts_of(html)) ids.push_back(attribute(chart, "data-chart"));
  return ids;
}

std::vector<std::string> chart_problems(const std::string& html) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& chart : charts_of(html)) {
    const std::string id = attribute(chart, "data-chart");
    if (!seen.insert(id).second) out.push_back(id + ": the id is used twice");
    if (data_marks(chart) == 0) out.push_back(id + ": the chart is empty");
    check_axis(chart, id, out);
  }
  // Series carry data-color, dots and bars their fill, in the same tag as their key.
  std::map<std::string, std::set<std::string>> colors;
  const std::string key_open = "data-key=\"";
  for (auto p = html.find(key_open); p != std::string::npos; p = html.find(key_open, p + 1)) {
    const auto tag_end = html.find('>', p);
    // A leading space, as attribute() expects one before each name.
    const std::string tag =
        " " + html.substr(p, tag_end == std::string::npos ? tag_end : tag_end - p);
    std::string color = attribute(tag, "data-color");
    if (color.empty()) color = attribute(tag, "fill");
    if (color.size() == 7 && color[0] == '#') colors[attribute(tag, "data-key")].insert(color);
  }
  for (const auto& [key, set] : colors)
    if (set.size() != 1)
      out.push_back("'" + key + "' is drawn in " + std::to_string(set.size()) + " colours");
  if (colors.empty()) out.push_back("no chart names its methods (data-key)");
  return out;
}

}  // namespace prunekit::testing
