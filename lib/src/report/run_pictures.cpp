// The pictures of one representative run per pruner entry: what the summary rows do not keep.
#include <algorithm>

#include "prunekit/report/svg_chart.hpp"
#include "report/html_page.hpp"

namespace prunekit::report_detail {
namespace {

void path_cards(Page& page, const PathRecord& p, const std::string& cid) {
  const bool log = p.knob_name == "alpha";
  XySeries complexity{.name = p.complexity_name, .step = true};
  XySeries risk{.name = "training risk", .color = palette_color(3), .step = true};
  for (const auto& pt : p.points) {
    complexity.x.push_back(pt.knob);
    complexity.y.push_back(pt.complexity);
    risk.x.push_back(pt.knob);
    risk.y.push_back(pt.risk);
  }
  page.card(line_chart({.id = "path-" + cid,
                        .title = "Pruning path: " + complexity.name + " against " + p.knob_name,
                        .x_label = p.knob_name,
                        .y_label = complexity.name,
                        .x_log = log,
                        .y_from_zero = true},
                       {complexity}));
  page.card(line_chart({.id = "risk-" + cid,
                        .title = "Pruning path: training risk against " + p.knob_name,
                        .x_label = p.knob_name,
                        .y_label = "training risk",
                        .x_log = log,
                        .y_from_zero = true},
                       {risk}));
}

void selection_card(Page& page, const SelectionRecord& s, const std::string& knob,
                    const std::string& cid) {
  XySeries err{.name = "held-out error (mean ± SE)"};
  err.x = s.knobs;
  err.y = s.error_mean;
  err.y_error = s.error_se;
  err.highlight = s.chosen;
  std::vector<ReferenceLine> refs;
  if (s.rule == "cv_1se") refs.push_back({"1-SE threshold", s.threshold, "#D55E00"});
  page.card(line_chart({.id = "cv-" + cid,
                        .title = "Selection (" + s.rule + "): error against " + knob,
                        .x_label = knob,
                        .y_label = "held-out error",
                        .x_log = knob == "alpha"},
                       {err}, refs));
}

void weights_card(Page& page, const WeightHistogram& w, const std::string& cid) {
  const std::vector<HistogramSeries> series{
      {"before (" + std::to_string(w.zeros_before) + " zeros)",
       std::vector<double>(w.before.begin(), w.before.end()), palette_color(0)},
      {"after (" + std::to_string(w.zeros_after) + " zeros)",
       std::vector<double>(w.after.begin(), w.after.end()), palette_color(1)}};
  page.card(histogram_chart({.id = "weights-" + cid,
                             .title = "Non-zero weights before and after pruning",
                             .x_label = "weight",
                             .y_label = "count"},
                            w.edges, series));
}

}  // namespace

void run_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs) {
  std::vector<std::string> seen;
  int per_method = 0;
  for (const auto& r : runs) {
    if (r.dataset != view.name) continue;
    if (std::find(seen.begin(), seen.end(), r.entry_label) != seen.end()) continue;
    const bool has_selection = r.selection && !r.selection->knobs.empty();
    if (!r.path && !has_selection && !r.weight_histogram) continue;
    seen.push_back(r.entry_label);
    const std::string cid = view.id + "-" + std::to_string(per_method++);
    page.html += "<h3>" + escape_xml(r.entry_label) + " (split " + std::to_string(r.split.repeat) +
                 "/" + std::to_string(r.split.fold) + ", seed " + std::to_string(r.seed) +
                 ")</h3><div class=\"charts\">";
    if (r.path) path_cards(page, *r.path, cid);
    if (has_selection)
      selection_card(page, *r.selection, r.path ? r.path->knob_name : r.knob_name, cid);
    if (r.weight_histogram) weights_card(page, *r.weight_histogram, cid);
    page.html += "</div>";
  }
}

}  // namespace prunekit::report_detail
