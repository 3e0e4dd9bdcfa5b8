#include "prunekit/experiment/results.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "core/number_format.hpp"
#include "prunekit/experiment/stats.hpp"

namespace prunekit {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

nlohmann::json mean_sd(const std::vector<double>& values) {
  if (values.empty()) return nullptr;
  return {{"mean", mean(values)}, {"sd", sample_sd(values)}};
}

double number_or_nan(const nlohmann::json& v) {
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

/// Mean and sd of every numeric member of the objects under `key`.
nlohmann::json size_stats(const std::vector<const nlohmann::json*>& runs, const char* key) {
  std::map<std::string, std::vector<double>> values;
  std::vector<std::string> order;
  for (const auto* r : runs) {
    const auto& size = (*r)[key];
    if (!size.is_object()) continue;
    for (auto it = size.begin(); it != size.end(); ++it) {
      if (!it.value().is_number()) continue;
      if (!values.contains(it.key())) order.push_back(it.key());
      values[it.key()].push_back(it.value().get<double>());
    }
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& k : order) out[k] = mean_sd(values[k]);
  return out;
}


using CellMap =
    std::map<std::tuple<std::size_t, std::size_t, std::uint64_t, std::size_t>, const nlohmann::json*>;

/// Paired test scores of one entry and its baseline, one pair per independent unit: per split
/// (each score the mean over the seeds run on it) when there are several splits, per seed when
/// there is a single split (then only the training randomness varies).
struct PairedUnits {
  std::vector<double> x;
  std::vector<double> y;
  std::string unit;            ///< "split" or "seed"
  double test_train_ratio = 0.0;  ///< mean n_test / n_train over the splits used
  std::size_t runs = 0;        ///< paired runs behind the units
};

PairedUnits paired_units(const ExperimentPlan& plan, const std::vector<nlohmann::json>& records,
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
    const double x = number_or_nan(records[i]["test_score"]);
    const double y = number_or_nan((*it->second)["test_score"]);
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
nlohmann::json compare_with_baseline(const ExperimentPlan& plan,
                                     const std::vector<nlohmann::json>& records,
                                     const CellMap& by_cell, const std::vector<std::size_t>& runs,
                                     std::size_t baseline) {
  const PairedUnits units = paired_units(plan, records, by_cell, runs, baseline);
  nlohmann::json vs = {{"n", units.x.size()}, {"unit", units.unit}, {"paired_runs", units.runs}};
  if (units.x.empty()) return vs;
  std::vector<double> d(units.x.size());
  for (std::size_t k = 0; k < d.size(); ++k) d[k] = units.x[k] - units.y[k];
  vs["diff_mean"] = mean(d);
  vs["diff_sd"] = sample_sd(d);
  if (units.x.size() < 2) return vs;
  const bool corrected = units.unit == "split";
  const auto t = corrected_resampled_t_test(units.x, units.y, corrected ? units.test_train_ratio : 0.0);
  const auto w = wilcoxon_signed_rank(units.x, units.y);
  vs["t_test"] = corrected ? "corrected_resampled_t" : "paired_t";
  if (corrected) vs["test_train_ratio"] = units.test_train_ratio;
  vs["t_statistic"] = t.statistic;
  vs["t_p"] = t.p_value;
  vs["wilcoxon_statistic"] = w.statistic;
  vs["wilcoxon_p"] = w.p_value;
  return vs;
}

}  // namespace

nlohmann::json summarize(const ExperimentPlan& plan, const std::vector<nlohmann::json>& records) {
  // (dataset, split, seed, variant) -> record, for pairing with the baseline.
  CellMap by_cell;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    const auto& r = plan.runs[i];
    if (!records[i].is_null()) by_cell[{r.dataset, r.split, r.seed, r.variant}] = &records[i];
  }
  // Entries in order of first appearance: dataset x training fraction x variant.
  struct Entry {
    std::size_t dataset;
    double fraction;
    std::size_t variant;
    std::vector<std::size_t> runs;
  };
  std::vector<Entry> entries;
  std::map<std::tuple<std::size_t, double, std::size_t>, std::size_t> entry_of;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) {
    if (records[i].is_null()) continue;
    const auto& r = plan.runs[i];
    const double fraction = plan.datasets[r.dataset].splits[r.split].train_fraction;
    const auto key = std::make_tuple(r.dataset, fraction, r.variant);
    auto [it, fresh] = entry_of.emplace(key, entries.size());
    if (fresh) entries.push_back({r.dataset, fraction, r.variant, {}});
    entries[it->second].runs.push_back(i);
  }
  // Group entries by dataset and fraction, keeping variants in plan order.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.dataset, a.fraction, a.variant) < std::tie(b.dataset, b.fraction, b.variant);
  });

  nlohmann::json summary = nlohmann::json::array();
  for (const auto& e : entries) {
    const auto& v = plan.variants[e.variant];
    std::vector<const nlohmann::json*> runs;
    for (const auto i : e.runs) runs.push_back(&records[i]);
    const auto collect = [&](const char* key) {
      std::vector<double> out;
      for (const auto* r : runs)
        if (r->contains(key) && (*r)[key].is_number()) out.push_back((*r)[key].get<double>());
      return out;
    };
    nlohmann::json s;
    s["dataset"] = plan.datasets[e.dataset].entry.name;
    s["variant"] = e.variant;
    s["label"] = v.label;
    s["entry_label"] = v.entry_label;
    s["method"] = v.method;
    s["model"] = plan.config.models[v.model].label;
    s["model_kind"] = v.model_kind;
    s["grid"] = v.grid;
    s["model_overrides"] = v.model_overrides;
    s["train_fraction"] = e.fraction;
    s["n"] = runs.size();
    s["task"] = (*runs.front())["task"];
    s["test_score"] = mean_sd(collect("test_score"));
    s["train_score"] = mean_sd(collect("train_score"));
    s["gap"] = mean_sd(collect("gap"));
    if (runs.front()->contains("test_rmse")) {
      s["test_rmse"] = mean_sd(collect("test_rmse"));
      s["train_rmse"] = mean_sd(collect("train_rmse"));
    }
    s["size_before"] = size_stats(runs, "size_before");
    s["size_after"] = size_stats(runs, "size_after");
    s["knob_name"] = (*runs.front())["knob_name"];
    s["knob"] = mean_sd(collect("knob"));

    nlohmann::json vs = nullptr;
    if (v.baseline_variant != kNone && v.baseline_variant != e.variant) {
      s["baseline"] = plan.variants[v.baseline_variant].label;
      vs = compare_with_baseline(plan, records, by_cell, e.runs, v.baseline_variant);
    } else {
      s["baseline"] = nullptr;
    }
    s["vs_baseline"] = vs;
    nlohmann::json timing;
    for (const char* key : {"fit_seconds", "prune_seconds", "predict_seconds"}) {
      std::vector<double> t;
      for (const auto* r : runs)
        if (r->contains("timing")) t.push_back(number_or_nan((*r)["timing"][key]));
      timing[key] = t.empty() ? nlohmann::json() : nlohmann::json(mean(t));
    }
    s["timing"] = timing;
    summary.push_back(std::move(s));
  }
  return summary;
}

nlohmann::json results_document(const ExperimentPlan& plan,
                                const std::vector<nlohmann::json>& records,
                                const nlohmann::json& summary) {
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
    variants.push_back({{"index", i},
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
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : records)
    if (!r.is_null()) runs.push_back(r);
  doc["runs"] = runs;
  doc["summary"] = summary;
  return doc;
}

namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(const nlohmann::json& v) {
  if (!v.is_number()) return "";
  const double d = v.get<double>();
  if (!std::isfinite(d)) return "";
  std::string s;
  append_shortest(s, d);
  return s;
}

const nlohmann::json& member(const nlohmann::json& v, const std::string& a, const std::string& b) {
  static const nlohmann::json kNull;
  if (!v.is_object() || !v.contains(a) || !v[a].is_object() || !v[a].contains(b)) return kNull;
  return v[a][b];
}

}  // namespace

std::string summary_csv(const nlohmann::json& summary) {
  std::vector<std::string> size_keys;
  bool regression = false;
  for (const auto& s : summary) {
    for (auto it = s["size_after"].begin(); it != s["size_after"].end(); ++it)
      if (std::find(size_keys.begin(), size_keys.end(), it.key()) == size_keys.end())
        size_keys.push_back(it.key());
    regression = regression || s.contains("test_rmse");
  }
  std::string out =
      "dataset,label,method,train_fraction,n,test_score_mean,test_score_sd,train_score_mean,"
      "train_score_sd,gap_mean,gap_sd";
  if (regression) out += ",test_rmse_mean,test_rmse_sd";
  out += ",knob_name,knob_mean,knob_sd";
  for (const auto& k : size_keys) out += ",size_" + k + "_mean,size_" + k + "_sd";
  out += ",baseline,diff_vs_baseline,units,unit,t_test,t_test_p,wilcoxon_p";
  out += ",fit_seconds_mean,prune_seconds_mean,predict_seconds_mean\n";
  for (const auto& s : summary) {
    std::string row = csv_field(s["dataset"].get<std::string>()) + "," +
                      csv_field(s["label"].get<std::string>()) + "," +
                      csv_field(s["method"].get<std::string>()) + "," +
                      csv_number(s["train_fraction"]) + "," + csv_number(s["n"]);
    for (const char* key : {"test_score", "train_score", "gap"})
      row += "," + csv_number(member(s, key, "mean")) + "," + csv_number(member(s, key, "sd"));
    if (regression)
      row += "," + csv_number(member(s, "test_rmse", "mean")) + "," +
             csv_number(member(s, "test_rmse", "sd"));
    row += "," + csv_field(s["knob_name"].is_string() ? s["knob_name"].get<std::string>() : "") +
           "," + csv_number(member(s, "knob", "mean")) + "," + csv_number(member(s, "knob", "sd"));
    for (const auto& k : size_keys) {
      const auto& size = s["size_after"];
      row += "," + csv_number(member(size, k, "mean")) + "," + csv_number(member(size, k, "sd"));
    }
    row += "," + (s["baseline"].is_string() ? csv_field(s["baseline"].get<std::string>()) : "");
    const auto& vs = s["vs_baseline"];
    const auto text = [&](const char* key) {
      return vs.is_object() && vs.contains(key) && vs[key].is_string() ? vs[key].get<std::string>() : "";
    };
    const auto number = [&](const char* key) {
      return vs.is_object() && vs.contains(key) ? csv_number(vs[key]) : "";
    };
    row += "," + number("diff_mean") + "," + number("n") + "," + text("unit") + "," +
           text("t_test") + "," + number("t_p") + "," + number("wilcoxon_p");
    for (const char* key : {"fit_seconds", "prune_seconds", "predict_seconds"})
      row += "," + csv_number(s["timing"][key]);
    out += row + "\n";
  }
  return out;
}

namespace {

std::string format(const char* fmt, double v) {
  if (!std::isfinite(v)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, fmt, v);
  return buffer;
}

/// The size measure a reader looks at first.
std::string main_size_key(const nlohmann::json& size) {
  for (const char* k : {"leaves", "nonzeros", "parameters", "nodes"})
    if (size.contains(k)) return k;
  return size.empty() ? "" : size.begin().key();
}

/// Which tests the p-value columns hold, for the units the table has.
std::string tests_footnote(const nlohmann::json& summary) {
  bool splits = false;
  bool seeds = false;
  for (const auto& s : summary) {
    const auto& vs = s["vs_baseline"];
    if (!vs.is_object() || !vs.contains("t_test")) continue;
    splits = splits || vs["t_test"] == "corrected_resampled_t";
    seeds = seeds || vs["t_test"] == "paired_t";
  }
  if (!splits && !seeds) return "";
  std::string out = "\np (t): ";
  if (splits)
    out += "corrected resampled t-test over splits, each the mean over its seeds (Nadeau and "
           "Bengio 2003; for repeated k-fold, Bouckaert and Frank 2004)";
  if (splits && seeds) out += "; ";
  if (seeds) out += "paired t-test over the seeds of a single split (training randomness only)";
  return out + ".\np (Wilcoxon): signed-rank test over the same units.\n";
}

}  // namespace

std::string summary_table(const nlohmann::json& summary) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"dataset", "method", "n", "test score", "gap", "size", "vs baseline", "units",
                  "p (t)", "p (Wilcoxon)"});
  bool learning_curve = false;
  for (const auto& s : summary) learning_curve = learning_curve || s["train_fraction"] != 1.0;
  if (learning_curve) rows[0].insert(rows[0].begin() + 1, "fraction");
  for (const auto& s : summary) {
    std::vector<std::string> row;
    row.push_back(s["dataset"].get<std::string>());
    if (learning_curve) row.push_back(format("%.2f", s["train_fraction"].get<double>()));
    row.push_back(s["label"].get<std::string>());
    row.push_back(std::to_string(s["n"].get<std::size_t>()));
    row.push_back(format("%.3f", number_or_nan(member(s, "test_score", "mean"))) + " ± " +
                  format("%.3f", number_or_nan(member(s, "test_score", "sd"))));
    row.push_back(format("%+.3f", number_or_nan(member(s, "gap", "mean"))));
    const std::string key = main_size_key(s["size_after"]);
    row.push_back(key.empty() ? "-"
                              : format("%.1f", number_or_nan(member(s["size_after"], key, "mean"))) +
                                    " " + key);
    const auto& vs = s["vs_baseline"];
    const auto get = [&](const char* k) {
      return vs.is_object() && vs.contains(k) ? number_or_nan(vs[k])
                                              : std::numeric_limits<double>::quiet_NaN();
    };
    row.push_back(format("%+.3f", get("diff_mean")));
    row.push_back(vs.is_object() && vs.contains("unit")
                      ? std::to_string(vs["n"].get<std::size_t>()) + " " +
                            vs["unit"].get<std::string>() + (vs["n"] == 1 ? "" : "s")
                      : "-");
    row.push_back(format("%.3g", get("t_p")));
    row.push_back(format("%.3g", get("wilcoxon_p")));
    rows.push_back(std::move(row));
  }
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
      const bool left = c < (learning_curve ? 3U : 2U);
      const std::string pad(widths[c] - width(rows[i][c]), ' ');
      line += (c ? "  " : "") + (left ? rows[i][c] + pad : pad + rows[i][c]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (i == 0) {
      std::size_t total = 0;
      for (auto w : widths) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out + tests_footnote(summary);
}

}  // namespace prunekit
