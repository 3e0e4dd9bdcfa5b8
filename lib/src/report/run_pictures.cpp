// The pictures of representative runs (the first split and seed of each pruner entry or
// variant): what the summary rows do not keep. Pruning paths and their scores drawn as
// scikit-learn's cost-complexity example, rpart's plotcp, and the weights before and after.
#include <algorithm>
#include <cmath>

#include "prunekit/report/svg_chart.hpp"
#include "report/html_page.hpp"

namespace prunekit::report_detail {
namespace {

/// The series of one measure of the path's points against the knob, drawn as a staircase.
XySeries path_series(const PathRecord& p, std::string name, const std::string& color,
                     double (*measure)(const PathPointRecord&, const std::string&),
                     const std::string& key = "") {
  XySeries s{.name = std::move(name), .color = color, .step = true};
  for (const auto& pt : p.points) {
    s.x.push_back(pt.knob);
    s.y.push_back(measure(pt, key));
  }
  return s;
}

double complexity_of(const PathPointRecord& p, const std::string&) { return p.complexity; }
double risk_of(const PathPointRecord& p, const std::string&) { return p.risk; }
double train_score_of(const PathPointRecord& p, const std::string&) { return p.train_score; }
double test_score_of(const PathPointRecord& p, const std::string&) { return p.test_score; }
double size_of(const PathPointRecord& p, const std::string& key) {
  const auto it = p.size.find(key);
  return it == p.size.end() ? kNaN : it->second;
}

void path_cards(Page& page, const PathRecord& p, const std::string& cid, const std::string& color,
                const std::string& score_name) {
  const bool log = p.knob_name == "alpha";
  const auto chart = [&](const std::string& id, const std::string& title,
                         const std::string& y_label, std::vector<XySeries> series) {
    page.line({.id = id + "-" + cid,
               .title = title,
               .x_label = p.knob_name,
               .y_label = y_label,
               .x_log = log,
               .y_from_zero = id != "scores"},
              series);
  };
  chart("path", "Pruning path: " + p.complexity_name + " against " + p.knob_name, p.complexity_name,
        {path_series(p, p.complexity_name, color, complexity_of)});
  chart("risk", "Pruning path: training risk against " + p.knob_name, "training risk",
        {path_series(p, "training risk", color, risk_of)});
  const bool scored = std::any_of(p.points.begin(), p.points.end(),
                                  [](const auto& pt) { return std::isfinite(pt.test_score); });
  if (!scored) return;
  // scikit-learn's "post pruning decision trees with cost complexity pruning" figures.
  XySeries train = path_series(p, "train", color, train_score_of);
  train.dashed = true;
  chart("scores", score_name + " against " + p.knob_name + " for training and test sets",
        score_name, {path_series(p, "test", color, test_score_of), train});
  for (const char* key : {"nodes", "depth"})
    if (std::isfinite(size_of(p.points.front(), key)))
      chart(key, std::string("Number of ") + key + " against " + p.knob_name, key,
            {path_series(p, key, color, size_of, key)});
}

void selection_card(Page& page, const SelectionRecord& s, const std::string& knob,
                    const std::string& cid, const std::string& color) {
  XySeries err{.name = "held-out error (mean ± SE)", .color = color};
  err.x = s.knobs;
  err.y = s.error_mean;
  err.y_error = s.error_se;
  err.highlight = s.chosen;
  std::vector<ReferenceLine> refs;
  if (s.rule == "cv_1se") refs.push_back({"1-SE threshold", s.threshold, "#D55E00"});
  page.line({.id = "cv-" + cid,
             .title = "Selection (" + s.rule + "): error against " + knob,
             .x_label = knob,
             .y_label = "held-out error",
             .x_log = knob == "alpha"},
            {err}, refs);
}

void weights_card(Page& page, const WeightHistogram& w, const std::string& id,
                  const std::string& title, const std::string& color, int width) {
  const std::vector<HistogramSeries> series{
      {"before (" + std::to_string(w.zeros_before) + " zeros)",
       std::vector<double>(w.before.begin(), w.before.end()), "#777777",
       static_cast<double>(w.zeros_before)},
      {"after (" + std::to_string(w.zeros_after) + " zeros)",
       std::vector<double>(w.after.begin(), w.after.end()), color,
       static_cast<double>(w.zeros_after)}};
  page.histogram(
      {.id = id, .title = title, .x_label = "weight", .y_label = "count", .width = width}, w.edges,
      series);
}

std::string run_heading(const RunRecord& r, const std::string& name) {
  return "<h3>" + escape_xml(name) + " (split " + std::to_string(r.split.repeat) + "/" +
         std::to_string(r.split.fold) + ", seed " + std::to_string(r.seed) + ")</h3>";
}

/// Path, scores along it and selection, once per pruner entry.
void entry_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs) {
  std::vector<std::string> seen;
  for (const auto& r : runs) {
    if (r.dataset != view.name) continue;
    if (std::find(seen.begin(), seen.end(), r.entry_label) != seen.end()) continue;
    const bool has_selection = r.selection && !r.selection->knobs.empty();
    if (!r.path && !has_selection) continue;
    const std::string cid = view.id + "-" + std::to_string(seen.size());
    seen.push_back(r.entry_label);
    const std::string color = page.color(r.entry_label);
    page.html += run_heading(r, r.entry_label) + "<div class=\"charts\">";
    if (r.path) path_cards(page, *r.path, cid, color, view.score_name);
    if (has_selection)
      selection_card(page, *r.selection, r.path ? r.path->knob_name : r.knob_name, cid, color);
    page.html += "</div>";
  }
}

/// Weights before and after, all layers and each layer, once per variant (every sparsity).
void weight_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs) {
  std::vector<std::string> seen;
  for (const auto& r : runs) {
    if (r.dataset != view.name || !r.weight_histogram) continue;
    if (std::find(seen.begin(), seen.end(), r.label) != seen.end()) continue;
    const std::string id = "weights-" + view.id + "-" + std::to_string(seen.size());
    if (seen.empty()) page.html += "<h3>Weights before and after pruning</h3>";
    seen.push_back(r.label);
    const std::string color = page.color(r.entry_label);
    page.html += "<div class=\"charts\">";
    weights_card(page, *r.weight_histogram, id, r.label + ": all pruned layers", color, 460);
    page.html += "</div>";
    if (r.layer_weight_histograms.empty()) continue;
    page.html += "<details><summary>" + escape_xml(r.label) + ": per layer</summary>" +
                 "<div class=\"charts\">";
    for (std::size_t l = 0; l < r.layer_weight_histograms.size(); ++l) {
      const auto& w = r.layer_weight_histograms[l];
      weights_card(page, w, id + "-l" + std::to_string(l), r.label + ": " + w.layer, color, 340);
    }
    page.html += "</div></details>";
  }
}

}  // namespace

void run_pictures(Page& page, const DatasetView& view, const std::vector<RunRecord>& runs) {
  entry_pictures(page, view, runs);
  weight_pictures(page, view, runs);
}

}  // namespace prunekit::report_detail
