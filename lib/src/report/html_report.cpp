#include "prunekit/report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "prunekit/report/svg_chart.hpp"

namespace prunekit {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double num_or_nan(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : kNaN; }

double stat(const nlohmann::json& entry, const char* key, const char* which) {
  if (!entry.contains(key) || !entry[key].is_object()) return kNaN;
  return num_or_nan(entry[key].value(which, nlohmann::json()));
}

std::string fmt(const char* f, double v) {
  if (!std::isfinite(v)) return "&ndash;";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, f, v);
  return buffer;
}

std::string main_size_key(const nlohmann::json& size) {
  for (const char* k : {"leaves", "nonzeros", "parameters", "nodes"})
    if (size.is_object() && size.contains(k)) return k;
  return size.is_object() && !size.empty() ? size.begin().key() : "";
}

std::string value_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

const char* kCss = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23}
header{background:#1f3b57;color:#fff;padding:18px 32px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:2px 0;color:#d4dde6;font-size:14px}
main{max-width:1180px;margin:0 auto;padding:12px 24px 40px}
h2{margin:28px 0 6px;font-size:19px;border-bottom:2px solid #1f3b57;padding-bottom:4px}
h3{margin:18px 0 6px;font-size:15px;color:#33475b}
p.note{color:#555;font-size:13px;margin:4px 0 10px}
.charts{display:flex;flex-wrap:wrap;gap:14px}
.card{background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:8px}
table{border-collapse:collapse;background:#fff;font-size:13px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
th,td{padding:4px 9px;border-bottom:1px solid #e6e6e6;text-align:right;white-space:nowrap}
th{background:#e9eef3;text-align:center}
td.l,th.l{text-align:left}
tr.base td{background:#f7f3e3}
details{margin:14px 0}
pre{background:#fff;padding:10px;overflow:auto;font-size:12px}
.legend{fill:#222}
)css";

struct Page {
  std::string html;
  int charts = 0;
  void card(const std::string& svg) {
    html += "<div class=\"card\">" + svg + "</div>";
    ++charts;
  }
};

}  // namespace

std::string render_html_report(const nlohmann::json& results) {
  Page page;
  const std::string name = results.value("name", "experiment");
  const auto& summary = results.contains("summary") ? results["summary"] : nlohmann::json::array();
  const auto& runs = results.contains("runs") ? results["runs"] : nlohmann::json::array();
  const std::string protocol = results.value("protocol", "");
  const nlohmann::json models =
      results.contains("models") ? results["models"] : nlohmann::json::array();

  std::string& h = page.html;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<title>prunekit report: " + escape_xml(name) + "</title><style>" + kCss +
       "</style></head><body>";
  h += "<header><h1>prunekit report: " + escape_xml(name) + "</h1>";
  h += "<p>model " + escape_xml(results.value("model_kind", "")) + ", protocol " +
       escape_xml(protocol) + ", " + std::to_string(runs.size()) + " runs, " +
       std::to_string(results.contains("datasets") ? results["datasets"].size() : 0) +
       " dataset(s)</p>";
  h += "<p>Scores: accuracy (classification) or R&sup2; (regression) on the test part; "
       "error bars: one standard deviation over splits and seeds.</p></header><main>";

  const auto datasets = results.contains("datasets") ? results["datasets"] : nlohmann::json::array();
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    const std::string ds = datasets[d].value("name", "");
    const std::string did = "d" + std::to_string(d);
    h += "<section><h2 id=\"" + escape_xml(did) + "\">" + escape_xml(ds) + "</h2>";
    h += "<p class=\"note\">" + std::to_string(datasets[d].value("rows", 0)) + " rows, " +
         std::to_string(datasets[d].value("features", 0)) + " features, " +
         (datasets[d].value("task", "") == "classification"
              ? std::to_string(datasets[d].value("classes", 0)) + " classes"
              : std::string("regression")) +
         ", " + std::to_string(datasets[d].value("splits", 0)) + " splits</p>";

    std::vector<nlohmann::json> entries;
    double max_fraction = 0;
    for (const auto& s : summary)
      if (s.value("dataset", "") == ds) {
        entries.push_back(s);
        max_fraction = std::max(max_fraction, num_or_nan(s["train_fraction"]));
      }
    std::vector<nlohmann::json> full;  // entries at the largest training fraction
    for (const auto& s : entries)
      if (num_or_nan(s["train_fraction"]) == max_fraction) full.push_back(s);
    if (full.empty()) {
      h += "<p>No finished runs.</p></section>";
      continue;
    }
    std::vector<std::string> model_labels;  // one size chart per model (leaves vs weights)
    for (const auto& s : full) {
      const std::string m = s.value("model", "");
      if (std::find(model_labels.begin(), model_labels.end(), m) == model_labels.end())
        model_labels.push_back(m);
    }

    // Table.
    h += "<table><tr><th class=\"l\">method</th><th>n</th><th>test score</th>"
         "<th>train score</th><th>gap</th><th>size</th><th>knob</th><th>vs baseline</th><th>units</th><th>p (t)</th><th>p (Wilcoxon)</th></tr>";
    for (const auto& s : full) {
      const auto& vs = s["vs_baseline"];
      const auto get = [&](const char* k) {
        return vs.is_object() && vs.contains(k) ? num_or_nan(vs[k]) : kNaN;
      };
      const bool base = !s["baseline"].is_string() && s.value("method", "") == "none";
      const std::string size_key = main_size_key(s["size_after"]);
      h += std::string("<tr") + (base ? " class=\"base\"" : "") + "><td class=\"l\">" +
           escape_xml(s.value("label", "")) + "</td><td>" + std::to_string(s.value("n", 0)) +
           "</td><td>" + fmt("%.4f", stat(s, "test_score", "mean")) + " &plusmn; " +
           fmt("%.4f", stat(s, "test_score", "sd")) + "</td><td>" +
           fmt("%.4f", stat(s, "train_score", "mean")) + "</td><td>" +
           fmt("%+.4f", stat(s, "gap", "mean")) + "</td><td>" +
           (size_key.empty() ? std::string("&ndash;")
                             : fmt("%.1f", stat(s["size_after"], size_key.c_str(), "mean")) +
                                   " " + escape_xml(size_key)) +
           "</td><td>" +
           (s["knob_name"].is_string() && !s["knob_name"].get<std::string>().empty()
                ? escape_xml(s["knob_name"].get<std::string>()) + " " +
                      fmt("%.4g", stat(s, "knob", "mean"))
                : std::string("&ndash;")) +
           "</td><td>" + fmt("%+.4f", get("diff_mean")) + "</td><td>" +
           (vs.is_object() && vs.contains("unit")
                ? std::to_string(vs.value("n", 0)) + " " + escape_xml(vs["unit"].get<std::string>()) + "s"
                : std::string("&ndash;")) +
           "</td><td>" + fmt("%.3g", get("t_p")) +
           "</td><td>" + fmt("%.3g", get("wilcoxon_p")) + "</td></tr>";
    }
    h += "</table><p>p (t): the corrected resampled t-test over splits, each the mean over its "
         "seeds (Nadeau and Bengio 2003; Bouckaert and Frank 2004 for repeated k-fold), or the "
         "paired t-test over the seeds of a single split; p (Wilcoxon): the signed-rank test over "
         "the same units.</p>";

    // Score, size and gap per method.
    h += "<h3>Score, size and generalization gap per method</h3><div class=\"charts\">";
    std::vector<BarItem> score_bars;
    std::vector<BarItem> gap_bars;
    std::vector<std::vector<BarItem>> size_bars(model_labels.size());
    std::vector<std::string> size_keys(model_labels.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      const auto& s = full[i];
      const std::string label = s.value("label", "");
      const std::string color = palette_color(i);
      score_bars.push_back({label, stat(s, "test_score", "mean"), stat(s, "test_score", "sd"), color});
      const auto m = static_cast<std::size_t>(
          std::find(model_labels.begin(), model_labels.end(), s.value("model", "")) -
          model_labels.begin());
      const auto& size = s["size_after"];
      if (size_keys[m].empty()) size_keys[m] = main_size_key(size);
      const std::string& key = size_keys[m];
      size_bars[m].push_back({label, size.contains(key) ? stat(size, key.c_str(), "mean") : kNaN,
                              size.contains(key) ? stat(size, key.c_str(), "sd") : kNaN, color});
      gap_bars.push_back({label, stat(s, "gap", "mean"), stat(s, "gap", "sd"), color});
    }
    const bool classification = full.front().value("task", "") == "classification";
    const std::string score_name = classification ? "test accuracy" : "test R²";
    page.card(bar_chart({.id = "score-" + did, .title = "Test score per method",
                         .y_label = score_name}, score_bars));
    for (std::size_t m = 0; m < model_labels.size(); ++m)
      page.card(bar_chart({.id = "size-" + did + "-" + std::to_string(m),
                           .title = "Model size after pruning" +
                                    (model_labels.size() > 1 ? " (" + model_labels[m] + ")"
                                                             : std::string()),
                           .y_label = size_keys[m]},
                          size_bars[m]));
    page.card(bar_chart({.id = "gap-" + did, .title = "Generalization gap (train − test)",
                         .y_label = "train − test score"}, gap_bars));
    h += "</div>";

    std::map<std::string, double> baseline_score;  // per model
    for (const auto& s : full)
      if (s.value("method", "") == "none" && s["model_overrides"].empty() &&
          !baseline_score.contains(s.value("model", "")))
        baseline_score[s.value("model", "")] = stat(s, "test_score", "mean");

    // Score against each pruner grid key (accuracy against sparsity, Blalock et al. 2020).
    std::vector<std::string> grid_keys;
    for (const auto& s : full)
      for (auto it = s["grid"].begin(); it != s["grid"].end(); ++it)
        if (it.key().rfind("model.", 0) != 0 && it.value().is_number() &&
            std::find(grid_keys.begin(), grid_keys.end(), it.key()) == grid_keys.end())
          grid_keys.push_back(it.key());
    for (std::size_t k = 0; k < grid_keys.size(); ++k) {
      const auto& key = grid_keys[k];
      std::vector<std::string> order;
      std::map<std::string, XySeries> by_entry;
      std::set<std::string> models_in_chart;
      for (const auto& s : full) {
        if (!s["grid"].contains(key)) continue;
        models_in_chart.insert(s.value("model", ""));
        const std::string e = s.value("entry_label", "");
        if (!by_entry.contains(e)) {
          order.push_back(e);
          by_entry[e].name = e;
        }
        auto& series = by_entry[e];
        series.x.push_back(num_or_nan(s["grid"][key]));
        series.y.push_back(stat(s, "test_score", "mean"));
        series.y_error.push_back(stat(s, "test_score", "sd"));
      }
      std::vector<XySeries> series;
      for (const auto& e : order) series.push_back(by_entry[e]);
      std::vector<ReferenceLine> refs;
      for (const auto& m : models_in_chart)
        if (baseline_score.contains(m) && std::isfinite(baseline_score[m]))
          refs.push_back({model_labels.size() > 1 ? "unpruned " + m : "unpruned (none)",
                          baseline_score[m]});
      if (k == 0) h += "<h3>Score against the pruning level</h3><div class=\"charts\">";
      page.card(line_chart({.id = "grid-" + did + "-" + std::to_string(k),
                            .title = score_name + " against " + key + " (mean ± sd)",
                            .x_label = key, .y_label = score_name}, series, refs));
      if (k + 1 == grid_keys.size()) h += "</div>";
    }

    // Pruning against dropout.
    {
      std::map<std::string, XySeries> by_method;
      std::vector<std::string> order;
      std::set<double> dropouts;
      bool any_override = false;
      std::set<std::string> dropout_models;  // models with an entry that overrides dropout
      for (const auto& s : full)
        if (s["model_overrides"].is_object() && s["model_overrides"].contains("dropout"))
          dropout_models.insert(s.value("model", ""));
      for (const auto& s : full) {
        const auto& ov = s["model_overrides"];
        // Only entries of those models that change nothing but (at most) the dropout rate.
        if (!dropout_models.contains(s.value("model", ""))) continue;
        if (ov.is_object() && ov.size() > (ov.contains("dropout") ? 1U : 0U)) continue;
        any_override = any_override || (ov.is_object() && ov.contains("dropout"));
        double dropout = 0.0;
        if (ov.is_object() && ov.contains("dropout"))
          dropout = num_or_nan(ov["dropout"]);
        else
          for (const auto& m : models)
            if (m.value("label", "") == s.value("model", "") && m["params"].contains("dropout"))
              dropout = num_or_nan(m["params"]["dropout"]);
        std::string key = (model_labels.size() > 1 ? s.value("model", "") + ": " : std::string()) +
                          s.value("method", "");
        for (auto it = s["grid"].begin(); it != s["grid"].end(); ++it)
          if (it.key().rfind("model.", 0) != 0) key += " " + it.key() + "=" + value_text(it.value());
        if (!by_method.contains(key)) {
          order.push_back(key);
          by_method[key].name = key;
        }
        auto& series = by_method[key];
        series.x.push_back(dropout);
        series.y.push_back(stat(s, "test_score", "mean"));
        series.y_error.push_back(stat(s, "test_score", "sd"));
        dropouts.insert(dropout);
      }
      if (any_override && dropouts.size() >= 2) {
        std::vector<XySeries> series;
        for (const auto& k : order) {
          auto s = by_method[k];
          if (std::set<double>(s.x.begin(), s.x.end()).size() < 2) continue;  // no dropout axis
          // Sort each series by dropout.
          std::vector<std::size_t> idx(s.x.size());
          for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
          std::sort(idx.begin(), idx.end(), [&](auto a, auto b) { return s.x[a] < s.x[b]; });
          XySeries sorted{.name = s.name};
          for (auto i : idx) {
            sorted.x.push_back(s.x[i]);
            sorted.y.push_back(s.y[i]);
            sorted.y_error.push_back(s.y_error[i]);
          }
          series.push_back(sorted);
        }
        h += "<h3>Pruning against dropout</h3><div class=\"charts\">";
        page.card(line_chart({.id = "dropout-" + did, .title = score_name + " against dropout",
                              .x_label = "dropout rate", .y_label = score_name}, series));
        h += "</div>";
      }
    }

    // Learning curves.
    if (protocol == "learning_curve") {
      std::vector<std::string> order;
      std::map<std::string, XySeries> by_label;
      for (const auto& s : entries) {
        const std::string label = s.value("label", "");
        if (!by_label.contains(label)) {
          order.push_back(label);
          by_label[label].name = label;
        }
        auto& series = by_label[label];
        series.x.push_back(num_or_nan(s["train_fraction"]));
        series.y.push_back(stat(s, "test_score", "mean"));
        series.y_error.push_back(stat(s, "test_score", "sd"));
      }
      std::vector<XySeries> series;
      for (const auto& l : order) series.push_back(by_label[l]);
      h += "<h3>Learning curve</h3><div class=\"charts\">";
      page.card(line_chart({.id = "lc-" + did, .title = score_name + " against training-set size",
                            .x_label = "fraction of the training part",
                            .y_label = score_name}, series));
      h += "</div>";
    }

    // Per-method pictures from one representative run: pruning path, selection, weights.
    std::vector<std::string> seen;
    std::string paths_html;
    int per_method = 0;
    for (const auto& r : runs) {
      if (r.value("dataset", "") != ds) continue;
      const std::string e = r.value("entry_label", "");
      if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
      const bool has_path = r.contains("path") && r["path"].is_object();
      const bool has_selection = r.contains("selection") && r["selection"].is_object() &&
                                 !r["selection"]["knobs"].empty();
      const bool has_weights = r.contains("details") && r["details"].is_object() &&
                               r["details"].contains("weight_histogram");
      if (!has_path && !has_selection && !has_weights) continue;
      seen.push_back(e);
      const std::string cid = did + "-" + std::to_string(per_method++);
      h += "<h3>" + escape_xml(e) + " (split " +
           std::to_string(r["split"].value("repeat", 0)) + "/" +
           std::to_string(r["split"].value("fold", 0)) + ", seed " +
           std::to_string(r.value("seed", 0)) + ")</h3><div class=\"charts\">";
      if (has_path) {
        const auto& p = r["path"];
        const std::string knob = p.value("knob_name", "knob");
        const bool log = knob == "alpha";
        XySeries complexity{.name = p.value("complexity_name", "complexity"), .step = true};
        XySeries risk{.name = "training risk", .color = palette_color(3), .step = true};
        for (const auto& pt : p["points"]) {
          complexity.x.push_back(num_or_nan(pt["knob"]));
          complexity.y.push_back(num_or_nan(pt["complexity"]));
          risk.x.push_back(num_or_nan(pt["knob"]));
          risk.y.push_back(num_or_nan(pt["risk"]));
        }
        page.card(line_chart({.id = "path-" + cid, .title = "Pruning path: " + complexity.name +
                                                              " against " + knob,
                              .x_label = knob, .y_label = complexity.name, .x_log = log,
                              .y_from_zero = true},
                             {complexity}));
        page.card(line_chart({.id = "risk-" + cid, .title = "Pruning path: training risk against " + knob,
                              .x_label = knob, .y_label = "training risk", .x_log = log,
                              .y_from_zero = true},
                             {risk}));
      }
      if (has_selection) {
        const auto& s = r["selection"];
        XySeries err{.name = "held-out error (mean ± SE)"};
        err.x = s["knobs"].get<std::vector<double>>();
        for (const auto& v : s["error_mean"]) err.y.push_back(num_or_nan(v));
        for (const auto& v : s["error_se"]) err.y_error.push_back(num_or_nan(v));
        err.highlight = s.value("chosen", std::size_t{0});
        std::vector<ReferenceLine> refs;
        const std::string rule = s.value("rule", "");
        if (rule == "cv_1se") refs.push_back({"1-SE threshold", num_or_nan(s["threshold"]), "#D55E00"});
        const std::string knob = has_path ? r["path"].value("knob_name", "knob") : r.value("knob_name", "knob");
        page.card(line_chart({.id = "cv-" + cid, .title = "Selection (" + rule + "): error against " + knob,
                              .x_label = knob, .y_label = "held-out error",
                              .x_log = knob == "alpha"},
                             {err}, refs));
      }
      if (has_weights) {
        const auto& w = r["details"]["weight_histogram"];
        std::vector<double> edges = w["edges"].get<std::vector<double>>();
        std::vector<HistogramSeries> series{
            {"before (" + std::to_string(w.value("zeros_before", 0LL)) + " zeros)",
             w["before"].get<std::vector<double>>(), palette_color(0)},
            {"after (" + std::to_string(w.value("zeros_after", 0LL)) + " zeros)",
             w["after"].get<std::vector<double>>(), palette_color(1)}};
        page.card(histogram_chart({.id = "weights-" + cid, .title = "Non-zero weights before and after pruning",
                                   .x_label = "weight", .y_label = "count"},
                                  edges, series));
      }
      h += "</div>";
    }
    h += "</section>";
  }
  if (results.contains("config")) {
    h += "<details><summary>Config</summary><pre>" + escape_xml(results["config"].dump(2)) +
         "</pre></details>";
  }
  h += "<p class=\"note\">" + std::to_string(page.charts) +
       " charts. Generated by prunekit from results.json in this folder.</p>";
  h += "</main></body></html>\n";
  return h;
}

}  // namespace prunekit
