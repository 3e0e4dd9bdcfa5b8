#include "report/chart_csv.hpp"

#include <cmath>

#include "core/csv_field.hpp"
#include "core/number_format.hpp"

namespace prunekit::report_detail {
namespace {

std::string field(const std::string& text) { return csv_field(text, ",\"\n\r"); }

/// The shortest round-tripping text of `v`; empty for NaN and infinity.
std::string number(double v) {
  std::string s;
  if (std::isfinite(v)) append_shortest(s, v);
  return s;
}

double at_or_nan(const std::vector<double>& v, std::size_t i) {
  return i < v.size() ? v[i] : std::nan("");
}

}  // namespace

std::string series_csv(const std::vector<XySeries>& series,
                       const std::vector<ReferenceLine>& references,
                       const std::vector<VerticalMarker>& markers) {
  std::string out = "series,x,y,y_error,x_error\n";
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
      out += field(s.name) + "," + number(s.x[i]) + "," + number(s.y[i]) + "," +
             number(at_or_nan(s.y_error, i)) + "," + number(at_or_nan(s.x_error, i)) + "\n";
  for (const auto& r : references) out += field(r.name) + ",," + number(r.y) + ",,\n";
  for (const auto& m : markers) out += field(m.name) + "," + number(m.x) + ",,,\n";
  return out;
}

std::string bars_csv(const std::vector<BarItem>& bars) {
  std::string out = "label,value,error\n";
  for (const auto& b : bars)
    out += field(b.label) + "," + number(b.value) + "," + number(b.error) + "\n";
  return out;
}

std::string histogram_csv(const std::vector<double>& edges,
                          const std::vector<HistogramSeries>& series) {
  std::string out = "series,bin_low,bin_high,count\n";
  for (const auto& s : series)
    for (std::size_t i = 0; i < s.counts.size() && i + 1 < edges.size(); ++i)
      out += field(s.name) + "," + number(edges[i]) + "," + number(edges[i + 1]) + "," +
             number(s.counts[i]) + "\n";
  return out;
}

}  // namespace prunekit::report_detail
