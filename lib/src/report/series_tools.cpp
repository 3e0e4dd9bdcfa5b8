#include "report/series_tools.hpp"

#include <algorithm>
#include <cmath>

#include "report/pareto.hpp"

namespace prunekit::report_detail {

XySeries sorted_by_x(XySeries s) {
  std::vector<std::size_t> idx(s.x.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](auto a, auto b) { return s.x[a] < s.x[b]; });
  const auto permuted = [&](const std::vector<double>& v) {
    std::vector<double> out;
    if (v.size() == idx.size())
      for (auto i : idx) out.push_back(v[i]);
    return out;
  };
  s.x = permuted(s.x);
  s.y = permuted(s.y);
  s.y_error = permuted(s.y_error);
  s.x_error = permuted(s.x_error);
  return s;
}

XySeries front_series(const std::vector<XySeries>& series) {
  std::vector<double> x, y;
  for (const auto& s : series)
    if (!s.path_only) {
      x.insert(x.end(), s.x.begin(), s.x.end());
      y.insert(y.end(), s.y.begin(), s.y.end());
    }
  XySeries front{
      .name = "Pareto front", .color = "#777777", .markers = false, .step = true, .dashed = true};
  for (const auto i : pareto_front(x, y)) {
    front.x.push_back(x[i]);
    front.y.push_back(y[i]);
  }
  front.line = front.x.size() > 1;
  return front;
}

bool spans_decade(const std::vector<XySeries>& series) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : series)
    for (double x : s.x)
      if (std::isfinite(x)) {
        lo = std::min(lo, x);
        hi = std::max(hi, x);
      }
  return lo > 0.0 && hi >= 10.0 * lo;
}

}  // namespace prunekit::report_detail
