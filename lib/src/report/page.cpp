#include <algorithm>

#include "report/chart_csv.hpp"
#include "report/html_page.hpp"

namespace prunekit::report_detail {

Page::Page(const std::vector<SummaryRow>& summary) {
  for (const auto& s : summary)
    if (!colors_.contains(s.entry_label)) {
      const auto i = colors_.size();
      colors_[s.entry_label] = palette_color(i);
    }
}

std::string Page::color(const std::string& entry_label) const {
  const auto it = colors_.find(entry_label);
  return it == colors_.end() ? "#777777" : it->second;
}

void Page::line(const ChartFrame& frame, const std::vector<XySeries>& series,
                const std::vector<ReferenceLine>& references,
                const std::vector<VerticalMarker>& markers) {
  figure(frame.id, line_chart(frame, series, references, markers),
         series_csv(series, references, markers));
}

void Page::bars(const ChartFrame& frame, const std::vector<BarItem>& bars) {
  figure(frame.id, bar_chart(frame, bars), bars_csv(bars));
}

void Page::histogram(const ChartFrame& frame, const std::vector<double>& edges,
                     const std::vector<HistogramSeries>& series) {
  figure(frame.id, histogram_chart(frame, edges, series), histogram_csv(edges, series));
}

void Page::figure(const std::string& id, const std::string& svg, std::string csv) {
  html += "<div class=\"card\">" + svg + "</div>";
  figures_.push_back({id, svg, std::move(csv)});
}

}  // namespace prunekit::report_detail
