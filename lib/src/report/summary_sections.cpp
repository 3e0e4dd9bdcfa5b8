// The parts of a dataset's section drawn from the summary rows.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

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

std::string value_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string table_row(const SummaryRow& s) {
  const auto& vs = s.vs_baseline;
  const auto& tests = vs ? vs->tests : std::nullopt;
  const bool base = !s.baseline && s.method == "none";
  const std::string size_key = main_size_key(s);
  return std::string("<tr") + (base ? " class=\"base\"" : "") + "><td class=\"l\">" +
         escape_xml(s.label) + "</td><td>" + std::to_string(s.n) + "</td><td>" +
         fmt("%.4f", mean_of(s.test_score)) + " &plusmn; " + fmt("%.4f", sd_of(s.test_score)) +
         "</td><td>" + fmt("%.4f", mean_of(s.train_score)) + "</td><td>" +
         fmt("%+.4f", mean_of(s.gap)) + "</td><td>" +
         (size_key.empty() ? std::string("&ndash;")
                           : fmt("%.1f", size_of(s, size_key).mean) + " " + escape_xml(size_key)) +
         "</td><td>" +
         (!s.knob_name.empty() ? escape_xml(s.knob_name) + " " + fmt("%.4g", mean_of(s.knob))
                               : std::string("&ndash;")) +
         "</td><td>" + fmt("%+.4f", vs && vs->diff ? vs->diff->mean : kNaN) + "</td><td>" +
         (vs ? std::to_string(vs->n) + " " + escape_xml(vs->unit) + "s" : std::string("&ndash;")) +
         "</td><td>" + fmt("%.3g", tests ? tests->t_p : kNaN) + "</td><td>" +
         fmt("%.3g", tests ? tests->wilcoxon_p : kNaN) + "</td></tr>";
}

/// Each model's test score without pruning (method "none", no model overrides).
std::map<std::string, double> baseline_scores(const DatasetView& view) {
  std::map<std::string, double> scores;
  for (const auto* s : view.full)
    if (s->method == "none" && s->model_overrides.empty() && !scores.contains(s->model))
      scores[s->model] = mean_of(s->test_score);
  return scores;
}

/// Series named by `key_of(row)`, in order of first appearance, one point per row.
template <class Key, class X>
std::vector<XySeries> series_by(const std::vector<const SummaryRow*>& rows, Key key_of, X x_of) {
  std::vector<std::string> order;
  std::map<std::string, XySeries> by_key;
  for (const auto* s : rows) {
    const std::string key = key_of(*s);
    if (!by_key.contains(key)) {
      order.push_back(key);
      by_key[key].name = key;
      by_key[key].key = key;
    }
    auto& series = by_key[key];
    series.x.push_back(x_of(*s));
    series.y.push_back(mean_of(s->test_score));
    series.y_error.push_back(sd_of(s->test_score));
  }
  std::vector<XySeries> out;
  for (const auto& k : order) out.push_back(by_key[k]);
  return out;
}

/// The largest rate of an architecture's dropout layers (a cnn's), 0 without any.
double architecture_dropout(const nlohmann::json& architecture) {
  double rate = 0.0;
  if (!architecture.is_array()) return rate;
  for (const auto& layer : architecture)
    if (layer.is_object() && layer.value("type", "") == "dropout" && layer.contains("p") &&
        layer["p"].is_number())
      rate = std::max(rate, layer["p"].get<double>());
  return rate;
}

/// Whether a row's model overrides change its dropout: the rate (an mlp) or an architecture
/// with dropout layers (a cnn).
bool overrides_dropout(const nlohmann::json& ov) {
  return ov.is_object() &&
         (ov.contains("dropout") ||
          (ov.contains("architecture") && architecture_dropout(ov["architecture"]) > 0));
}

/// The dropout rate a row's model trained with: its override, else the model's parameter.
double dropout_of(const SummaryRow& s, const nlohmann::json& models) {
  const auto& ov = s.model_overrides;
  if (ov.is_object() && ov.contains("dropout"))
    return ov["dropout"].is_number() ? ov["dropout"].get<double>() : kNaN;
  if (ov.is_object() && ov.contains("architecture"))
    return architecture_dropout(ov["architecture"]);
  double dropout = 0.0;
  for (const auto& m : models) {
    if (m.value("label", "") != s.model) continue;
    const auto& params = m["params"];
    if (params.contains("dropout"))
      dropout = params["dropout"].is_number() ? params["dropout"].get<double>() : kNaN;
    else if (params.contains("architecture"))
      dropout = architecture_dropout(params["architecture"]);
  }
  return dropout;
}

/// A section with one line chart of the view's score against `x_name` under its heading.
void one_chart_section(Page& page, const DatasetView& view, const std::string& heading,
                       const std::string& id, const std::string& x_name, const std::string& x_label,
                       const std::vector<XySeries>& series) {
  page.html += "<h3>" + heading + "</h3><div class=\"charts\">";
  page.line({.id = id + "-" + view.id,
             .title = view.score_name + " against " + x_name,
             .x_label = x_label,
             .y_label = view.score_name},
            series);
  page.html += "</div>";
}

}  // namespace

std::string fmt(const char* f, double v) {
  if (!std::isfinite(v)) return "&ndash;";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, f, v);
  return buffer;
}

void summary_table(Page& page, const DatasetView& view) {
  page.html +=
      "<table><tr><th class=\"l\">method</th><th>n</th><th>test score</th>"
      "<th>train score</th><th>gap</th><th>size</th><th>knob</th><th>vs "
      "baseline</th><th>units</th><th>p (t)</th><th>p (Wilcoxon)</th></tr>";
  for (const auto* s : view.full) page.html += table_row(*s);
  page.html +=
      "</table><p>p (t): the corrected resampled t-test over splits, each the mean over its "
      "seeds (Nadeau and Bengio 2003; Bouckaert and Frank 2004 for repeated k-fold), or the "
      "paired t-test over the seeds of a single split; p (Wilcoxon): the signed-rank test over "
      "the same units.</p>";
}

void method_charts(Page& page, const DatasetView& view) {
  page.html += "<h3>Score, size and generalization gap per method</h3><div class=\"charts\">";
  const auto& models = view.model_labels;
  std::vector<BarItem> score_bars;
  std::vector<BarItem> gap_bars;
  std::vector<std::vector<BarItem>> size_bars(models.size());
  std::vector<std::string> size_keys(models.size());
  for (const auto* row : view.full) {
    const auto& s = *row;
    const std::string color = page.color(s.entry_label);
    score_bars.push_back(
        {s.label, mean_of(s.test_score), sd_of(s.test_score), color, s.entry_label});
    const auto m =
        static_cast<std::size_t>(std::find(models.begin(), models.end(), s.model) - models.begin());
    if (size_keys[m].empty()) size_keys[m] = main_size_key(s);
    const MeanSd size = size_of(s, size_keys[m]);
    size_bars[m].push_back({s.label, size.mean, size.sd, color, s.entry_label});
    gap_bars.push_back({s.label, mean_of(s.gap), sd_of(s.gap), color, s.entry_label});
  }
  // Scores differ by a point or two: a dot plot on an axis fitted to them shows it.
  page.bars({.id = "score-" + view.id,
             .title = "Test score per method (mean ± sd)",
             .y_label = view.score_name},
            score_bars);
  for (std::size_t m = 0; m < models.size(); ++m)
    page.bars({.id = "size-" + view.id + "-" + std::to_string(m),
               .title = "Model size after pruning" +
                        (models.size() > 1 ? " (" + models[m] + ")" : std::string()),
               .y_label = size_keys[m],
               .y_from_zero = true},
              size_bars[m]);
  page.bars({.id = "gap-" + view.id,
             .title = "Generalization gap (train − test)",
             .y_label = "train − test score",
             .y_from_zero = true},
            gap_bars);
  page.html += "</div>";
}

void grid_charts(Page& page, const DatasetView& view) {
  std::vector<std::string> grid_keys;
  for (const auto* s : view.full)
    for (auto it = s->grid.begin(); it != s->grid.end(); ++it)
      if (it.key().rfind("model.", 0) != 0 && it.value().is_number() &&
          std::find(grid_keys.begin(), grid_keys.end(), it.key()) == grid_keys.end())
        grid_keys.push_back(it.key());
  const auto baseline_score = baseline_scores(view);
  for (std::size_t k = 0; k < grid_keys.size(); ++k) {
    const auto& key = grid_keys[k];
    std::vector<const SummaryRow*> rows;
    std::set<std::string> models_in_chart;
    for (const auto* s : view.full)
      if (s->grid.contains(key)) {
        rows.push_back(s);
        models_in_chart.insert(s->model);
      }
    auto series = series_by(
        rows, [](const SummaryRow& s) { return s.entry_label; },
        [&](const SummaryRow& s) {
          return s.grid[key].is_number() ? s.grid[key].get<double>() : kNaN;
        });
    for (auto& s : series) s.color = page.color(s.key);
    std::vector<ReferenceLine> refs;
    for (const auto& m : models_in_chart)
      if (const auto it = baseline_score.find(m);
          it != baseline_score.end() && std::isfinite(it->second))
        refs.push_back(
            {view.model_labels.size() > 1 ? "unpruned " + m : "unpruned (none)", it->second});
    if (k == 0) page.html += "<h3>Score against the pruning level</h3><div class=\"charts\">";
    page.line({.id = "grid-" + view.id + "-" + std::to_string(k),
               .title = view.score_name + " against " + key + " (mean ± sd)",
               .x_label = key,
               .y_label = view.score_name},
              series, refs);
    if (k + 1 == grid_keys.size()) page.html += "</div>";
  }
}

void dropout_chart(Page& page, const DatasetView& view, const nlohmann::json& models) {
  std::set<std::string> dropout_models;  // models with an entry that overrides dropout
  for (const auto* s : view.full)
    if (overrides_dropout(s->model_overrides)) dropout_models.insert(s->model);
  // Only entries of those models that change nothing but (at most) the dropout: its rate, or
  // the architecture when that adds dropout layers.
  std::vector<const SummaryRow*> rows;
  for (const auto* s : view.full) {
    const auto& ov = s->model_overrides;
    if (!dropout_models.contains(s->model)) continue;
    if (ov.is_object() && !ov.empty() && !(ov.size() == 1 && overrides_dropout(ov))) continue;
    rows.push_back(s);
  }
  bool any_override = false;
  std::set<double> dropouts;
  for (const auto* s : rows) {
    any_override = any_override || overrides_dropout(s->model_overrides);
    dropouts.insert(dropout_of(*s, models));
  }
  if (!any_override || dropouts.size() < 2) return;
  const auto method_key = [&](const SummaryRow& s) {
    // Unpruned entries share one line across dropout rates; a pruned one keeps its label
    // (which already names the model when there are several).
    std::string key = s.method != "none"             ? s.entry_label
                      : view.model_labels.size() > 1 ? s.model + ": none"
                                                     : std::string("none");
    for (auto it = s.grid.begin(); it != s.grid.end(); ++it)
      if (it.key().rfind("model.", 0) != 0) key += " " + it.key() + "=" + value_text(it.value());
    return key;
  };
  const auto dropout = [&](const SummaryRow& r) { return dropout_of(r, models); };
  // Test (solid) and train (dashed) in the method's colour: the gap is the distance between.
  std::vector<XySeries> scores;
  std::vector<XySeries> gaps;
  for (const auto& test : series_by(rows, method_key, dropout)) {
    const std::string entry =
        std::find_if(rows.begin(), rows.end(),
                     [&](const SummaryRow* r) { return method_key(*r) == test.key; })[0]
            ->entry_label;
    XySeries train = test;
    XySeries gap = test;
    std::size_t i = 0;
    for (const auto* r : rows)
      if (method_key(*r) == test.key) {
        train.y[i] = mean_of(r->train_score);
        train.y_error[i] = sd_of(r->train_score);
        gap.y[i] = mean_of(r->gap);
        gap.y_error[i] = sd_of(r->gap);
        ++i;
      }
    for (XySeries* s : {&train, &gap}) s->color = page.color(entry);
    XySeries test_sorted = sorted_by_x(test);
    test_sorted.color = page.color(entry);
    train = sorted_by_x(train);
    train.name += " (train)";
    train.dashed = true;
    train.in_legend = false;  // the axis title says dashed is train
    for (XySeries* s : {&test_sorted, &train}) s->line = s->x.size() > 1;
    gap = sorted_by_x(gap);
    gap.line = gap.x.size() > 1;
    scores.push_back(std::move(test_sorted));
    scores.push_back(std::move(train));
    gaps.push_back(std::move(gap));
  }
  page.html += "<h3>Pruning against dropout</h3><div class=\"charts\">";
  page.line({.id = "dropout-" + view.id,
             .title = "Train and test score against dropout",
             .x_label = "dropout rate (0: none)",
             .y_label = "score (solid: test, dashed: train)"},
            scores);
  page.line({.id = "dropout-gap-" + view.id,
             .title = "Generalization gap against dropout",
             .x_label = "dropout rate (0: none)",
             .y_label = "train − test score",
             .y_from_zero = true},
            gaps);
  page.html += "</div>";
}

void learning_curve_chart(Page& page, const DatasetView& view) {
  auto series = series_by(
      view.entries, [](const SummaryRow& s) { return s.label; },
      [](const SummaryRow& s) { return s.train_fraction; });
  for (auto& s : series)
    for (const auto* row : view.entries)
      if (row->label == s.key) s.color = page.color(row->entry_label);
  one_chart_section(page, view, "Learning curve", "lc", "training-set size",
                    "fraction of the training part", series);
}

}  // namespace prunekit::report_detail
