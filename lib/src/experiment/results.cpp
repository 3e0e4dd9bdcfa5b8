#include "prunekit/experiment/results.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <tuple>

#include "core/csv_field.hpp"
#include "core/number_format.hpp"
#include "prunekit/experiment/stats.hpp"

namespace prunekit {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::optional<MeanSd> mean_sd(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return MeanSd{mean(values), sample_sd(values)};
}

/// Mean and sd of every numeric member of the runs' sizes (`size` picks before or after).
std::map<std::string, MeanSd> size_stats(const std::vector<const RunRecord*>& runs,
                                         nlohmann::json RunRecord::*size) {
  std::map<std::string, std::vector<double>> values;
  for (const auto* r : runs) {
    const auto& measures = r->*size;
    if (!measures.is_object()) continue;
    for (auto it = measures.begin(); it != measures.end(); ++it)
      if (it.value().is_number()) values[it.key()].push_back(it.value().get<double>());
  }
  std::map<std::string, MeanSd> out;
  for (const auto& [key, v] : values) out[key] = *mean_sd(v);
  return out;
}

using CellMap =
    std::map<std::tuple<std::size_t, std::size_t, std::uint64_t, std::size_t>, const RunRecord*>;

/// Paired test scores of one entry and its baseline, one pair per independent unit: per split
/// (each score the mean over the seeds run on it) when there are several splits, per seed when
/// there is a single split (then only the training randomness varies).
struct PairedUnits {
  std::vector<double> x;
  std::vector<double> y;
  std::string unit;               ///< "split" or "seed"
  double test_train_ratio = 0.0;  ///< mean n_test / n_train over the splits used
  std::size_t runs = 0;           ///< paired runs behind the units
};

PairedUnits paired_units(const ExperimentPlan& plan, const std::vector<RunRecord>& records,
                         const CellMap& by_cell, const std::vector<std::size_t>& runs,
                         std::size_t baseline) {
  // (dataset, split) -> sums over seeds; seed -> the single split's pair.
  std::map<std::pair<std::size_t, std::size_t>, std::array<double, 3>> per_split;
  std::map<std::uint64_t, std::pair<double, double>> per_seed;
  PairedUnits out;
  for (const auto i : runs) {
    const auto& r = plan.runs[i];
    const auto it = by_cell.find({r.dataset, r.split, r.seed, baseline});
    if (it == by_cell.end()) continue;
    const double x = records[i].test_score;
    const double y = it->second->test_score;
    auto& sums = per_split[{r.dataset, r.split}];
    sums[0] += x;
    sums[1] += y;
    sums[2] += 1.0;
    per_seed[r.seed] = {x, y};
    ++out.runs;
  }
  if (per_split.size() == 1) {
    out.unit = "seed";
    for (const auto& [seed, xy] : per_seed) {
      out.x.push_back(xy.first);
      out.y.push_back(xy.second);
    }
    return out;
  }
  out.unit = "split";
  for (const auto& [key, sums] : per_split) {
    out.x.push_back(sums[0] / sums[2]);
    out.y.push_back(sums[1] / sums[2]);
    const auto& split = plan.datasets[key.first].splits[key.second];
    if (!split.train.empty())
      out.test_train_ratio += static_cast<double>(split.test.size()) /
                              static_cast<double>(split.train.size()) /
                              static_cast<double>(per_split.size());
  }
  return out;
}

/// Differences to the baseline and their tests over independent units: the corrected
/// resampled t-test (Nadeau and Bengio 2003; Bouckaert and Frank 2004 for repeated k-fold)
/// when the units are splits, the paired t-test when they are seeds of one split, and the
/// Wilcoxon signed-rank test.
BaselineComparison compare_with_baseline(const ExperimentPlan& plan,
                                         const std::vector<RunRecord>& records,
                                         const CellMap& by_cell,
                                         const std::vector<std::size_t>& runs,
                                         std::size_t baseline) {
  const PairedUnits units = paired_units(plan, records, by_cell, runs, baseline);
  BaselineComparison vs{.n = units.x.size(), .unit = units.unit, .paired_runs = units.runs};
  if (units.x.empty()) return vs;
  std::vector<double> d(units.x.size());
  for (std::size_t k = 0; k < d.size(); ++k) d[k] = units.x[k] - units.y[k];
  vs.diff = MeanSd{mean(d), sample_sd(d)};
  if (units.x.size() < 2) return vs;
  const bool corrected = units.unit == "split";
  const auto t =
      corrected_resampled_t_test(units.x, units.y, corrected ? units.test_train_ratio : 0.0);
  const auto w = wilcoxon_signed_rank(units.x, units.y);
  vs.tests = PairedTests{
      .t_test = corrected ? "corrected_resampled_t" : "paired_t",
      .test_train_ratio = corrected ? std::optional(units.test_train_ratio) : std::nullopt,
      .t_statistic = t.statistic,
      .t_p = t.p_value,
      .wilcoxon_statistic = w.statistic,
      .wilcoxon_p = w.p_value};
  return vs;
}

/// The runs behind one summary row.
struct Entry {
  std::size_t dataset;
  double fraction;
  std::size_t variant;
  std::vector<std::size_t> runs;
};

/// Entries grouped by dataset and training fraction, variants in plan order.
std::vector<Entry> summary_entries(const ExperimentPlan& plan) {
  std::vector<Entry> entries;
  std::map<std::tuple<std::size_t, double, std::size_t>, std::size_t> entry_of;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& r = plan.runs[i];
    const double fraction = plan.datasets[r.dataset].splits[r.split].train_fraction;
    const auto key = std::make_tuple(r.dataset, fraction, r.variant);
    auto [it, fresh] = entry_of.emplace(key, entries.size());
    if (fresh) entries.push_back({r.dataset, fraction, r.variant, {}});
    entries[it->second].runs.push_back(i);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.dataset, a.fraction, a.variant) < std::tie(b.dataset, b.fraction, b.variant);
  });
  return entries;
}

/// Means of one member over the runs.
std::optional<MeanSd> over_runs(const std::vector<const RunRecord*>& runs,
                                double RunRecord::*member) {
  std::vector<double> values;
  for (const auto* r : runs) values.push_back(r->*member);
  return mean_sd(values);
}

std::optional<MeanSd> over_runs(const std::vector<const RunRecord*>& runs,
                                std::optional<double> RunRecord::*member) {
  std::vector<double> values;
  for (const auto* r : runs)
    if (r->*member) values.push_back(*(r->*member));
  return mean_sd(values);
}

double mean_timing(const std::vector<const RunRecord*>& runs, double Timing::*member) {
  std::vector<double> values;
  for (const auto* r : runs) values.push_back(r->timing.*member);
  return mean(values);
}

/// The row's measures over its runs (everything but the plan's labels and the baseline).
void fill_measures(SummaryRow& s, const std::vector<const RunRecord*>& runs) {
  s.n = runs.size();
  s.task = runs.front()->task;
  s.test_score = over_runs(runs, &RunRecord::test_score);
  s.train_score = over_runs(runs, &RunRecord::train_score);
  s.gap = over_runs(runs, &RunRecord::gap);
  if (runs.front()->test_rmse) {
    s.test_rmse = over_runs(runs, &RunRecord::test_rmse);
    s.train_rmse = over_runs(runs, &RunRecord::train_rmse);
  }
  s.size_before = size_stats(runs, &RunRecord::size_before);
  s.size_after = size_stats(runs, &RunRecord::size_after);
  s.knob_name = runs.front()->knob_name;
  s.knob = over_runs(runs, &RunRecord::knob);
  s.timing = {mean_timing(runs, &Timing::fit_seconds), mean_timing(runs, &Timing::prune_seconds),
              mean_timing(runs, &Timing::predict_seconds)};
}

}  // namespace

std::vector<SummaryRow> summarize(const ExperimentPlan& plan,
                                  const std::vector<RunRecord>& records) {
  // (dataset, split, seed, variant) -> record, for pairing with the baseline.
  CellMap by_cell;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& r = plan.runs[i];
    by_cell[{r.dataset, r.split, r.seed, r.variant}] = &records[i];
  }
  std::vector<SummaryRow> summary;
  for (const auto& e : summary_entries(plan)) {
    const auto& v = plan.variants[e.variant];
    std::vector<const RunRecord*> runs;
    for (const auto i : e.runs) runs.push_back(&records[i]);
    SummaryRow s{.dataset = plan.datasets[e.dataset].entry.name,
                 .variant = e.variant,
                 .label = v.label,
                 .entry_label = v.entry_label,
                 .method = v.method,
                 .model = plan.config.models[v.model].label,
                 .model_kind = v.model_kind,
                 .grid = v.grid,
                 .model_overrides = v.model_overrides,
                 .train_fraction = e.fraction};
    fill_measures(s, runs);
    if (v.baseline_variant != kNone && v.baseline_variant != e.variant) {
      s.baseline = plan.variants[v.baseline_variant].label;
      s.vs_baseline = compare_with_baseline(plan, records, by_cell, e.runs, v.baseline_variant);
    }
    summary.push_back(std::move(s));
  }
  return summary;
}

nlohmann::json results_document(const ExperimentPlan& plan, const std::vector<RunRecord>& records,
                                const std::vector<SummaryRow>& summary) {
  nlohmann::json doc;
  doc["format"] = "prunekit-results";
  doc["version"] = 1;
  doc["name"] = plan.config.name;
  doc["config"] = plan.config.raw;
  doc["protocol"] = to_string(plan.config.protocol.kind);
  std::string kinds;
  for (const auto& m : plan.config.models) {
    if (kinds.find(m.kind) == std::string::npos) kinds += (kinds.empty() ? "" : ", ") + m.kind;
  }
  doc["model_kind"] = kinds;
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : plan.config.models)
    models.push_back({{"label", m.label}, {"kind", m.kind}, {"params", m.params}});
  doc["models"] = models;
  nlohmann::json datasets = nlohmann::json::array();
  for (const auto& d : plan.datasets)
    datasets.push_back({{"name", d.entry.name},
                        {"rows", d.data.rows},
                        {"features", d.data.n_features()},
                        {"classes", d.data.n_classes()},
                        {"task", to_string(d.data.schema.task)},
                        {"splits", d.splits.size()}});
  doc["datasets"] = datasets;
  nlohmann::json variants = nlohmann::json::array();
  for (std::size_t i = 0; i < plan.variants.size(); ++i) {
    const auto& v = plan.variants[i];
    variants.push_back(
        {{"index", i},
         {"label", v.label},
         {"entry_label", v.entry_label},
         {"method", v.method},
         {"model", plan.config.models[v.model].label},
         {"pruner", v.pruner_spec},
         {"grid", v.grid},
         {"model_overrides", v.model_overrides},
         {"baseline", v.baseline_variant == kNone
                          ? nlohmann::json()
                          : nlohmann::json(plan.variants[v.baseline_variant].label)}});
  }
  doc["variants"] = variants;
  doc["runs"] = records;
  doc["summary"] = summary;
  return doc;
}

namespace {

/// A field of results.csv: quoted when it holds a comma, a quote or a line feed.
std::string results_field(const std::string& text) { return csv_field(text, ",\"\n"); }

std::string csv_number(double d) {
  if (!std::isfinite(d)) return "";
  std::string s;
  append_shortest(s, d);
  return s;
}

/// The "_mean,_sd" pair of a measure; empty fields when the row has none.
std::string csv_mean_sd(const std::optional<MeanSd>& v) {
  return v ? csv_number(v->mean) + "," + csv_number(v->sd) : ",";
}

std::string csv_header(const std::vector<std::string>& size_keys, bool regression) {
  std::string out =
      "dataset,label,method,train_fraction,n,test_score_mean,test_score_sd,train_score_mean,"
      "train_score_sd,gap_mean,gap_sd";
  if (regression) out += ",test_rmse_mean,test_rmse_sd";
  out += ",knob_name,knob_mean,knob_sd";
  for (const auto& k : size_keys) out += ",size_" + k + "_mean,size_" + k + "_sd";
  out += ",baseline,diff_vs_baseline,units,unit,t_test,t_test_p,wilcoxon_p";
  return out + ",fit_seconds_mean,prune_seconds_mean,predict_seconds_mean\n";
}

std::string csv_comparison(const SummaryRow& s) {
  std::string row = "," + (s.baseline ? results_field(*s.baseline) : "");
  if (!s.vs_baseline) return row + ",,,,,,";
  const auto& vs = *s.vs_baseline;
  const auto& tests = vs.tests;
  row += "," + (vs.diff ? csv_number(vs.diff->mean) : "") + "," +
         csv_number(static_cast<double>(vs.n)) + "," + vs.unit + ",";
  if (tests)
    row += tests->t_test + "," + csv_number(tests->t_p) + "," + csv_number(tests->wilcoxon_p);
  else
    row += ",,";
  return row;
}

std::string csv_row(const SummaryRow& s, const std::vector<std::string>& size_keys,
                    bool regression) {
  std::string row = results_field(s.dataset) + "," + results_field(s.label) + "," +
                    results_field(s.method) + "," + csv_number(s.train_fraction) + "," +
                    csv_number(static_cast<double>(s.n));
  for (const auto* v : {&s.test_score, &s.train_score, &s.gap}) row += "," + csv_mean_sd(*v);
  if (regression) row += "," + csv_mean_sd(s.test_rmse);
  row += "," + results_field(s.knob_name) + "," + csv_mean_sd(s.knob);
  for (const auto& k : size_keys) {
    const auto it = s.size_after.find(k);
    row += "," + csv_mean_sd(it == s.size_after.end() ? std::nullopt : std::optional(it->second));
  }
  row += csv_comparison(s);
  for (const double t : {s.timing.fit_seconds, s.timing.prune_seconds, s.timing.predict_seconds})
    row += "," + csv_number(t);
  return row + "\n";
}

}  // namespace

std::string summary_csv(const std::vector<SummaryRow>& summary) {
  std::vector<std::string> size_keys;
  bool regression = false;
  for (const auto& s : summary) {
    for (const auto& [key, stats] : s.size_after)
      if (std::find(size_keys.begin(), size_keys.end(), key) == size_keys.end())
        size_keys.push_back(key);
    regression = regression || s.test_rmse.has_value();
  }
  std::string out = csv_header(size_keys, regression);
  for (const auto& s : summary) out += csv_row(s, size_keys, regression);
  return out;
}

namespace {

std::string format(const char* fmt, double v) {
  if (!std::isfinite(v)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, fmt, v);
  return buffer;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Which tests the p-value columns hold, for the units the table has.
std::string tests_footnote(const std::vector<SummaryRow>& summary) {
  bool splits = false;
  bool seeds = false;
  for (const auto& s : summary) {
    if (!s.vs_baseline || !s.vs_baseline->tests) continue;
    splits = splits || s.vs_baseline->tests->t_test == "corrected_resampled_t";
    seeds = seeds || s.vs_baseline->tests->t_test == "paired_t";
  }
  if (!splits && !seeds) return "";
  std::string out = "\np (t): ";
  if (splits)
    out +=
        "corrected resampled t-test over splits, each the mean over its seeds (Nadeau and "
        "Bengio 2003; for repeated k-fold, Bouckaert and Frank 2004)";
  if (splits && seeds) out += "; ";
  if (seeds) out += "paired t-test over the seeds of a single split (training randomness only)";
  return out + ".\np (Wilcoxon): signed-rank test over the same units.\n";
}

std::vector<std::string> table_row(const SummaryRow& s, bool learning_curve) {
  std::vector<std::string> row;
  row.push_back(s.dataset);
  if (learning_curve) row.push_back(format("%.2f", s.train_fraction));
  row.push_back(s.label);
  row.push_back(std::to_string(s.n));
  row.push_back(format("%.3f", s.test_score ? s.test_score->mean : kNaN) + " ± " +
                format("%.3f", s.test_score ? s.test_score->sd : kNaN));
  row.push_back(format("%+.3f", s.gap ? s.gap->mean : kNaN));
  const std::string key = main_size_key(s);
  const auto size = s.size_after.find(key);
  row.push_back(key.empty()
                    ? "-"
                    : format("%.1f", size == s.size_after.end() ? kNaN : size->second.mean) + " " +
                          key);
  const auto& vs = s.vs_baseline;
  const auto& tests = vs ? vs->tests : std::nullopt;
  row.push_back(format("%+.3f", vs && vs->diff ? vs->diff->mean : kNaN));
  row.push_back(vs ? std::to_string(vs->n) + " " + vs->unit + (vs->n == 1 ? "" : "s") : "-");
  row.push_back(format("%.3g", tests ? tests->t_p : kNaN));
  row.push_back(format("%.3g", tests ? tests->wilcoxon_p : kNaN));
  return row;
}

/// Columns padded to their widest cell; the first `left` columns flush left.
std::string aligned(const std::vector<std::vector<std::string>>& rows, std::size_t left) {
  // UTF-8 aware width ("±" is one column, two bytes).
  const auto width = [](const std::string& s) {
    std::size_t w = 0;
    for (unsigned char c : s) w += (c & 0xC0) != 0x80;
    return w;
  };
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& r : rows)
    for (std::size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], width(r[c]));
  std::string out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      const std::string pad(widths[c] - width(rows[i][c]), ' ');
      line += (c ? "  " : "") + (c < left ? rows[i][c] + pad : pad + rows[i][c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (i == 0) {
      std::size_t total = 0;
      for (auto w : widths) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out;
}

}  // namespace

std::string summary_table(const std::vector<SummaryRow>& summary) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"dataset", "method", "n", "test score", "gap", "size", "vs baseline", "units",
                  "p (t)", "p (Wilcoxon)"});
  bool learning_curve = false;
  for (const auto& s : summary) learning_curve = learning_curve || s.train_fraction != 1.0;
  if (learning_curve) rows[0].insert(rows[0].begin() + 1, "fraction");
  for (const auto& s : summary) rows.push_back(table_row(s, learning_curve));
  return aligned(rows, learning_curve ? 3U : 2U) + tests_footnote(summary);
}

}  // namespace prunekit
