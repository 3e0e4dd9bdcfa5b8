// Score against model size: per dataset (the size the family counts: leaves, non-zero
// parameters, FLOPs) and over all datasets (the size as a share of the unpruned model's).
#include <algorithm>
#include <cmath>
#include <map>

#include "prunekit/report/svg_chart.hpp"
#include "report/html_page.hpp"
#include "report/series_tools.hpp"

namespace prunekit::report_detail {
namespace {

/// The mean and sd of a size measure; NaN when the row lacks it.
MeanSd size_of(const SummaryRow& s, const std::string& key) {
  const auto it = s.size_after.find(key);
  return it == s.size_after.end() ? MeanSd{kNaN, kNaN} : it->second;
}

/// Test score against size along the representative run's path (the first split and seed),
/// for each entry whose run scored its path points: a thin line under the mean points.
std::vector<XySeries> path_lines(const DatasetView& view, const std::vector<RunRecord>& runs,
                                 const std::string& model, const std::string& key,
                                 const Page& page) {
  std::vector<XySeries> lines;
  std::vector<std::string> seen;
  for (const auto& r : runs) {
    if (r.dataset != view.name || r.model.label != model || !r.path) continue;
    if (std::find(seen.begin(), seen.end(), r.entry_label) != seen.end()) continue;
    seen.push_back(r.entry_label);
    XySeries line{.name = r.entry_label + " (path, one run)",
                  .key = r.entry_label,
                  .color = page.color(r.entry_label),
                  .markers = false,
                  .path_only = true};
    for (const auto& p : r.path->points) {
      const auto it = p.size.find(key);
      if (!std::isfinite(p.test_score) || it == p.size.end()) continue;
      line.x.push_back(it->second);
      line.y.push_back(p.test_score);
    }
    if (line.x.size() > 1) lines.push_back(sorted_by_x(std::move(line)));
  }
  return lines;
}

/// One series per pruner entry: a point per variant at its mean size and mean score.
std::vector<XySeries> mean_points(const std::vector<const SummaryRow*>& rows,
                                  const std::string& key, const Page& page) {
  std::vector<XySeries> series;
  for (const auto* s : rows) {
    auto it = std::find_if(series.begin(), series.end(),
                           [&](const XySeries& x) { return x.key == s->entry_label; });
    if (it == series.end()) {
      series.push_back(
          {.name = s->entry_label, .key = s->entry_label, .color = page.color(s->entry_label)});
      it = series.end() - 1;
    }
    const MeanSd size = size_of(*s, key);
    it->x.push_back(size.mean);
    it->x_error.push_back(size.sd);
    it->y.push_back(mean_of(s->test_score));
    it->y_error.push_back(sd_of(s->test_score));
  }
  for (auto& s : series) {
    s = sorted_by_x(std::move(s));
    s.line = s.x.size() > 1;
  }
  return series;
}

}  // namespace

void size_charts(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs) {
  bool opened = false;
  for (std::size_t m = 0; m < view.model_labels.size(); ++m) {
    std::vector<const SummaryRow*> rows;
    for (const auto* s : view.full)
      if (s->model == view.model_labels[m]) rows.push_back(s);
    if (rows.empty()) continue;
    // The family's own measure (FLOPs for a cnn) and, when that is not it, the parameters.
    std::vector<std::string> keys{main_size_key(*rows.front())};
    if (keys.front() != "nonzeros" && rows.front()->size_after.contains("nonzeros"))
      keys.push_back("nonzeros");
    for (std::size_t k = 0; k < keys.size(); ++k) {
      std::vector<XySeries> series = path_lines(view, runs, view.model_labels[m], keys[k], page);
      for (auto& s : mean_points(rows, keys[k], page)) series.push_back(std::move(s));
      if (std::none_of(series.begin(), series.end(), [](const XySeries& s) {
            return std::any_of(s.x.begin(), s.x.end(), [](double x) { return std::isfinite(x); });
          }))
        continue;
      series.push_back(front_series(series));
      if (!opened) page.html += "<h3>Score against model size</h3><div class=\"charts\">";
      opened = true;
      const std::string model =
          view.model_labels.size() > 1 ? " (" + view.model_labels[m] + ")" : std::string();
      page.line({.id = "tradeoff-" + view.id + "-" + std::to_string(m) + "-" + std::to_string(k),
                 .title = view.score_name + " against " + keys[k] + model,
                 .x_label = keys[k] + " after pruning (mean ± sd over runs)",
                 .y_label = view.score_name,
                 .x_log = spans_decade(series)},
                series);
    }
  }
  if (opened) page.html += "</div>";
}

}  // namespace prunekit::report_detail
