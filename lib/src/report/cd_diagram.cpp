#include "prunekit/report/cd_diagram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "prunekit/core/error.hpp"
#include "report/svg_parts.hpp"

namespace prunekit {
namespace {

using svg_detail::num;

std::string fixed2(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

/// Method indices by ascending average rank (ties in index order).
std::vector<std::size_t> rank_order(const std::vector<double>& ranks) {
  std::vector<std::size_t> order(ranks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ranks[a] < ranks[b]; });
  return order;
}

// Vertical layout in pixels, top to bottom.
constexpr double kCdLabelY = 40;
constexpr double kCdBarY = 48;
constexpr double kAxisY = 82;
constexpr double kGroupTop = 92;
constexpr double kGroupStep = 7;
constexpr double kRowStep = 18;
constexpr double kSideMargin = 12;
constexpr double kCharWidth = 6.4;  // of the 11 px font, as svg_chart.cpp's estimates

/// Where the rank axis and the name columns go for a given set of names.
struct Layout {
  double width = 0;
  double axis_left = 0;   // x of rank 1
  double axis_right = 0;  // x of rank k
  double k = 2;
  double first_row = 0;  // y of the labels nearest the axis
  double height = 0;
  [[nodiscard]] double x(double rank) const {
    const double r = std::clamp(rank, 1.0, k);
    return axis_left + (r - 1.0) / (k - 1.0) * (axis_right - axis_left);
  }
};

/// Widens the frame until each column fits its longest "name (r.rr)" and the axis has room.
Layout layout(const ChartFrame& f, const std::vector<std::string>& names,
              const std::vector<std::size_t>& order, std::size_t groups) {
  const std::size_t k = names.size();
  const std::size_t left_count = (k + 1) / 2;
  std::size_t left_chars = 0;
  std::size_t right_chars = 0;
  for (std::size_t p = 0; p < k; ++p) {
    std::size_t& chars = p < left_count ? left_chars : right_chars;
    chars = std::max(chars, names[order[p]].size() + 7);  // 7: " (r.rr)"
  }
  const double left_text = kCharWidth * static_cast<double>(left_chars);
  const double right_text = kCharWidth * static_cast<double>(right_chars);
  const double min_axis = std::max(120.0, 24.0 * static_cast<double>(k - 1));
  Layout l;
  l.k = static_cast<double>(k);
  l.width = std::max<double>(f.width, 2 * kSideMargin + left_text + right_text + 2 * 24 + min_axis);
  l.axis_left = kSideMargin + left_text + 24;
  l.axis_right = l.width - kSideMargin - right_text - 24;
  l.first_row = kGroupTop + kGroupStep * static_cast<double>(groups) + 12;
  l.height = l.first_row + kRowStep * static_cast<double>(left_count - 1) + 14;
  return l;
}

std::string header(const ChartFrame& f, const Layout& l, double cd) {
  return "<svg class=\"chart\" data-chart=\"" + escape_xml(f.id) +
         "\" data-critical-difference=\"" + num(cd) +
         "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(l.width) + "\" height=\"" +
         num(l.height) + "\" viewBox=\"0 0 " + num(l.width) + " " + num(l.height) +
         "\" role=\"img\" font-family=\"system-ui, sans-serif\" font-size=\"11\">" + "<title>" +
         escape_xml(f.title) + "</title>" + "<text x=\"" + num(l.width / 2.0) +
         "\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\" font-size=\"13\" "
         "font-weight=\"600\">" +
         escape_xml(f.title) + "</text>";
}

/// The rank axis with a tick per rank (labels thinned so they stay about 18 px apart).
std::string rank_axis(const Layout& l) {
  std::string out = "<line x1=\"" + num(l.axis_left) + "\" y1=\"" + num(kAxisY) + "\" x2=\"" +
                    num(l.axis_right) + "\" y2=\"" + num(kAxisY) + "\" stroke=\"#222\"/>";
  const auto k = static_cast<std::size_t>(l.k);
  const double spacing = (l.axis_right - l.axis_left) / (l.k - 1.0);
  const auto every = static_cast<std::size_t>(std::ceil(18.0 / spacing));
  for (std::size_t r = 1; r <= k; ++r) {
    const double x = l.x(static_cast<double>(r));
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(kAxisY - 5) + "\" x2=\"" + num(x) +
           "\" y2=\"" + num(kAxisY) + "\" stroke=\"#222\"/>";
    if ((r - 1) % every == 0 || r == k)
      out += "<text x=\"" + num(x) + "\" y=\"" + num(kAxisY - 9) +
             "\" text-anchor=\"middle\" fill=\"#444\">" + std::to_string(r) + "</text>";
  }
  return out;
}

/// The bar of length CD from rank 1, with end ticks and its value above it.
std::string cd_bar(const Layout& l, double cd) {
  const double x0 = l.x(1.0);
  const double x1 = l.x(1.0 + cd);
  return "<g class=\"cd-bar\"><path d=\"M" + num(x0) + " " + num(kCdBarY - 4) + "V" +
         num(kCdBarY + 4) + "M" + num(x0) + " " + num(kCdBarY) + "H" + num(x1) + "M" + num(x1) +
         " " + num(kCdBarY - 4) + "V" + num(kCdBarY + 4) +
         "\" stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\"/><text x=\"" + num((x0 + x1) / 2) +
         "\" y=\"" + num(kCdLabelY) + "\" text-anchor=\"middle\" fill=\"#222\">CD = " + fixed2(cd) +
         "</text></g>";
}

/// Each method: a line down from its rank and out to its side, then its name and rank.
std::string method_lines(const Layout& l, const std::vector<std::string>& names,
                         const std::vector<double>& ranks, const std::vector<std::size_t>& order,
                         const std::vector<std::string>& colors) {
  std::string out;
  const std::size_t k = order.size();
  const std::size_t left_count = (k + 1) / 2;
  for (std::size_t p = 0; p < k; ++p) {
    const std::size_t m = order[p];
    const bool left = p < left_count;
    // Rows nearest the axis go to the best (left) and worst (right) methods: no crossings.
    const double y = l.first_row + kRowStep * static_cast<double>(left ? p : k - 1 - p);
    const double x = l.x(ranks[m]);
    const double end = left ? l.axis_left - 16 : l.axis_right + 16;
    const std::string color =
        m < colors.size() && !colors[m].empty() ? colors[m] : palette_color(m);
    out += "<g class=\"method\"><title>" + escape_xml(names[m]) + ": average rank " +
           fixed2(ranks[m]) + "</title><polyline fill=\"none\" stroke=\"" + escape_xml(color) +
           "\" stroke-width=\"1.5\" points=\"" + num(x) + "," + num(kAxisY) + " " + num(x) + "," +
           num(y) + " " + num(end) + "," + num(y) + "\"/><circle cx=\"" + num(x) + "\" cy=\"" +
           num(kAxisY) + "\" r=\"2.5\" fill=\"" + escape_xml(color) + "\"/><text x=\"" +
           num(left ? end - 4 : end + 4) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"" +
           (left ? "end" : "start") + "\" fill=\"#222\">" + escape_xml(names[m]) +
           " <tspan fill=\"#666\">(" + fixed2(ranks[m]) + ")</tspan></text></g>";
  }
  return out;
}

/// Demšar's thick lines, stacked below the axis, slightly longer than their span.
std::string group_bars(const Layout& l, const std::vector<double>& ranks,
                       const std::vector<std::vector<std::size_t>>& groups) {
  std::string out;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double y = kGroupTop + kGroupStep * static_cast<double>(g);
    out += "<line class=\"cd-group\" x1=\"" + num(l.x(ranks[groups[g].front()]) - 4) + "\" y1=\"" +
           num(y) + "\" x2=\"" + num(l.x(ranks[groups[g].back()]) + 4) + "\" y2=\"" + num(y) +
           "\" stroke=\"#222\" stroke-width=\"4\" stroke-linecap=\"round\"/>";
  }
  return out;
}

}  // namespace

std::vector<std::vector<std::size_t>> critical_difference_groups(
    const std::vector<double>& average_ranks, double critical_difference) {
  if (!std::isfinite(critical_difference) || critical_difference < 0)
    throw InvalidArgument(
        "critical difference diagram: the critical difference must be finite "
        "and >= 0, got " +
        std::to_string(critical_difference));
  for (double r : average_ranks)
    if (!std::isfinite(r))
      throw InvalidArgument("critical difference diagram: an average rank is not finite");
  const auto order = rank_order(average_ranks);
  std::vector<std::vector<std::size_t>> groups;
  std::size_t last_end = 0;  // one past the last member of the previous group
  for (std::size_t i = 0; i < order.size(); ++i) {
    std::size_t end = i + 1;
    while (end < order.size() &&
           average_ranks[order[end]] - average_ranks[order[i]] < critical_difference)
      ++end;
    // Ends never decrease with i, so a run ending where the previous one did lies inside it.
    if (end - i < 2 || end <= last_end) continue;
    groups.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(i),
                        order.begin() + static_cast<std::ptrdiff_t>(end));
    last_end = end;
  }
  return groups;
}

std::string critical_difference_chart(const ChartFrame& frame,
                                      const std::vector<std::string>& names,
                                      const std::vector<double>& average_ranks,
                                      double critical_difference,
                                      const std::vector<std::string>& colors) {
  if (names.size() < 2 || names.size() != average_ranks.size())
    throw InvalidArgument(
        "critical difference diagram: needs one average rank per name and at "
        "least 2 methods, got " +
        std::to_string(names.size()) + " names and " + std::to_string(average_ranks.size()) +
        " ranks");
  const auto groups = critical_difference_groups(average_ranks, critical_difference);
  const auto order = rank_order(average_ranks);
  const Layout l = layout(frame, names, order, groups.size());
  std::string out = header(frame, l, critical_difference);
  out += cd_bar(l, critical_difference);
  out += rank_axis(l);
  out += group_bars(l, average_ranks, groups);
  out += method_lines(l, names, average_ranks, order, colors);
  return out + "</svg>";
}

}  // namespace prunekit
