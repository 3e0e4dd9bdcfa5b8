#include "prunekit/experiment/records.hpp"

#include <limits>
#include <tuple>

#include "prunekit/model/registry.hpp"

namespace prunekit {
namespace {

using Json = nlohmann::json;

/// JSON writes a NaN as null; read it back as NaN.
double number(const Json& v) {
  return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
}

/// Reads j[key] into `out` when j has the member; `out` keeps its default otherwise.
template <class T>
void read(const Json& j, const char* key, T& out) {
  if (const auto it = j.find(key); it != j.end()) it->get_to(out);
}

void read(const Json& j, const char* key, double& out) {
  if (const auto it = j.find(key); it != j.end()) out = number(*it);
}

/// A present member, even null (a NaN), is a value; only a missing one is none.
void read(const Json& j, const char* key, std::optional<double>& out) {
  if (const auto it = j.find(key); it != j.end()) out = number(*it);
}

void read(const Json& j, const char* key, std::vector<double>& out) {
  const auto it = j.find(key);
  if (it == j.end()) return;
  out.clear();
  for (const auto& v : *it) out.push_back(number(v));
}

/// Null (as written for none) and a missing member are both none.
template <class T>
void read(const Json& j, const char* key, std::optional<T>& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out.reset();
  out = it->get<T>();
}

template <class T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json();
}

}  // namespace

namespace {

template <class S, class M>
struct Field {
  const char* name;
  M S::*member;
};

template <class S, class M>
constexpr Field<S, M> field(const char* name, M S::*member) {
  return {name, member};
}

// The members of each plain record, declared once: both conversions derive from these tables.
constexpr auto fields(const MeanSd*) {
  return std::tuple{field("mean", &MeanSd::mean), field("sd", &MeanSd::sd)};
}
constexpr auto fields(const RunSplit*) {
  return std::tuple{field("repeat", &RunSplit::repeat), field("fold", &RunSplit::fold),
                    field("train_fraction", &RunSplit::train_fraction),
                    field("train_rows", &RunSplit::train_rows),
                    field("test_rows", &RunSplit::test_rows)};
}
constexpr auto fields(const RunModel*) {
  return std::tuple{field("kind", &RunModel::kind), field("label", &RunModel::label),
                    field("params", &RunModel::params)};
}
constexpr auto fields(const PathPointRecord*) {
  return std::tuple{field("knob", &PathPointRecord::knob),
                    field("risk", &PathPointRecord::risk),
                    field("complexity", &PathPointRecord::complexity),
                    field("train_score", &PathPointRecord::train_score),
                    field("test_score", &PathPointRecord::test_score),
                    field("size", &PathPointRecord::size)};
}
constexpr auto fields(const PathRecord*) {
  return std::tuple{field("knob_name", &PathRecord::knob_name),
                    field("complexity_name", &PathRecord::complexity_name),
                    field("points", &PathRecord::points)};
}
constexpr auto fields(const SelectionRecord*) {
  return std::tuple{field("rule", &SelectionRecord::rule),
                    field("knobs", &SelectionRecord::knobs),
                    field("error_mean", &SelectionRecord::error_mean),
                    field("error_se", &SelectionRecord::error_se),
                    field("complexity", &SelectionRecord::complexity),
                    field("threshold", &SelectionRecord::threshold),
                    field("chosen", &SelectionRecord::chosen)};
}
constexpr auto fields(const WeightHistogram*) {
  return std::tuple{field("layer", &WeightHistogram::layer),
                    field("edges", &WeightHistogram::edges),
                    field("before", &WeightHistogram::before),
                    field("after", &WeightHistogram::after),
                    field("zeros_before", &WeightHistogram::zeros_before),
                    field("zeros_after", &WeightHistogram::zeros_after)};
}
constexpr auto fields(const Timing*) {
  return std::tuple{field("fit_seconds", &Timing::fit_seconds),
                    field("prune_seconds", &Timing::prune_seconds),
                    field("predict_seconds", &Timing::predict_seconds)};
}

template <class T>
void write_fields(Json& j, const T& v) {
  j = Json::object();
  std::apply([&](const auto&... f) { ((j[f.name] = v.*(f.member)), ...); },
             fields(static_cast<const T*>(nullptr)));
}

template <class T>
void read_fields(const Json& j, T& v) {
  std::apply([&](const auto&... f) { (read(j, f.name, v.*(f.member)), ...); },
             fields(static_cast<const T*>(nullptr)));
}

}  // namespace

// Both conversions of a plain record, from its field table.
#define PRUNEKIT_JSON_FROM_FIELDS(Type)                        \
  void to_json(Json& j, const Type& v) { write_fields(j, v); } \
  void from_json(const Json& j, Type& v) { read_fields(j, v); }

PRUNEKIT_JSON_FROM_FIELDS(MeanSd)
PRUNEKIT_JSON_FROM_FIELDS(RunSplit)
PRUNEKIT_JSON_FROM_FIELDS(RunModel)
PRUNEKIT_JSON_FROM_FIELDS(PathPointRecord)
PRUNEKIT_JSON_FROM_FIELDS(PathRecord)
PRUNEKIT_JSON_FROM_FIELDS(SelectionRecord)
PRUNEKIT_JSON_FROM_FIELDS(WeightHistogram)
PRUNEKIT_JSON_FROM_FIELDS(Timing)
#undef PRUNEKIT_JSON_FROM_FIELDS

void to_json(Json& j, const RunRecord& r) {
  j = {{"run_id", r.run_id},
       {"group_id", r.group_id},
       {"dataset", r.dataset},
       {"split", r.split},
       {"seed", r.seed},
       {"variant", r.variant},
       {"label", r.label},
       {"entry_label", r.entry_label},
       {"method", r.method},
       {"pruner", r.pruner},
       {"grid", r.grid},
       {"model", r.model},
       {"task", r.task},
       {"train_score", r.train_score},
       {"test_score", r.test_score},
       {"gap", r.gap},
       {"size_before", r.size_before},
       {"size_after", r.size_after},
       {"knob_name", r.knob_name},
       {"knob", r.knob},
       {"path", or_null(r.path)},
       {"selection", or_null(r.selection)},
       {"details", r.details},
       {"timing", r.timing}};
  if (r.train_rmse) j["train_rmse"] = *r.train_rmse;
  if (r.test_rmse) j["test_rmse"] = *r.test_rmse;
  if (r.weight_histogram) j["details"]["weight_histogram"] = *r.weight_histogram;
  if (!r.layer_weight_histograms.empty())
    j["details"]["layer_weight_histograms"] = r.layer_weight_histograms;
}

void from_json(const Json& j, RunRecord& r) {
  j.at("run_id").get_to(r.run_id);
  read(j, "group_id", r.group_id);
  read(j, "dataset", r.dataset);
  read(j, "split", r.split);
  read(j, "seed", r.seed);
  read(j, "variant", r.variant);
  read(j, "label", r.label);
  read(j, "entry_label", r.entry_label);
  read(j, "method", r.method);
  read(j, "pruner", r.pruner);
  read(j, "grid", r.grid);
  read(j, "model", r.model);
  read(j, "task", r.task);
  read(j, "train_score", r.train_score);
  read(j, "test_score", r.test_score);
  read(j, "gap", r.gap);
  read(j, "train_rmse", r.train_rmse);
  read(j, "test_rmse", r.test_rmse);
  read(j, "size_before", r.size_before);
  read(j, "size_after", r.size_after);
  read(j, "knob_name", r.knob_name);
  read(j, "knob", r.knob);
  read(j, "path", r.path);
  read(j, "selection", r.selection);
  read(j, "details", r.details);
  if (r.details.is_object() && r.details.contains("weight_histogram")) {
    r.weight_histogram = r.details["weight_histogram"].get<WeightHistogram>();
    r.details.erase("weight_histogram");
  }
  if (r.details.is_object() && r.details.contains("layer_weight_histograms")) {
    r.details["layer_weight_histograms"].get_to(r.layer_weight_histograms);
    r.details.erase("layer_weight_histograms");
  }
  read(j, "timing", r.timing);
}

void to_json(Json& j, const PairedTests& v) {
  j = {{"t_test", v.t_test},
       {"t_statistic", v.t_statistic},
       {"t_p", v.t_p},
       {"wilcoxon_statistic", v.wilcoxon_statistic},
       {"wilcoxon_p", v.wilcoxon_p}};
  if (v.test_train_ratio) j["test_train_ratio"] = *v.test_train_ratio;
}
void from_json(const Json& j, PairedTests& v) {
  read(j, "t_test", v.t_test);
  read(j, "test_train_ratio", v.test_train_ratio);
  read(j, "t_statistic", v.t_statistic);
  read(j, "t_p", v.t_p);
  read(j, "wilcoxon_statistic", v.wilcoxon_statistic);
  read(j, "wilcoxon_p", v.wilcoxon_p);
}

// The comparison is one flat object: the tests' members sit beside "n" and "unit".
void to_json(Json& j, const BaselineComparison& v) {
  j = v.tests ? Json(*v.tests) : Json::object();
  j["n"] = v.n;
  j["unit"] = v.unit;
  j["paired_runs"] = v.paired_runs;
  if (v.diff) {
    j["diff_mean"] = v.diff->mean;
    j["diff_sd"] = v.diff->sd;
  }
}
void from_json(const Json& j, BaselineComparison& v) {
  read(j, "n", v.n);
  read(j, "unit", v.unit);
  read(j, "paired_runs", v.paired_runs);
  if (j.contains("diff_mean"))
    v.diff = MeanSd{number(j["diff_mean"]), j.contains("diff_sd") ? number(j["diff_sd"]) : 0.0};
  if (j.contains("t_test")) v.tests = j.get<PairedTests>();
}

void to_json(Json& j, const SummaryRow& s) {
  j = {{"dataset", s.dataset},
       {"variant", s.variant},
       {"label", s.label},
       {"entry_label", s.entry_label},
       {"method", s.method},
       {"model", s.model},
       {"model_kind", s.model_kind},
       {"grid", s.grid},
       {"model_overrides", s.model_overrides},
       {"train_fraction", s.train_fraction},
       {"n", s.n},
       {"task", s.task},
       {"test_score", or_null(s.test_score)},
       {"train_score", or_null(s.train_score)},
       {"gap", or_null(s.gap)},
       {"size_before", s.size_before},
       {"size_after", s.size_after},
       {"knob_name", s.knob_name},
       {"knob", or_null(s.knob)},
       {"baseline", or_null(s.baseline)},
       {"vs_baseline", or_null(s.vs_baseline)},
       {"timing", s.timing}};
  if (s.test_rmse) j["test_rmse"] = *s.test_rmse;
  if (s.train_rmse) j["train_rmse"] = *s.train_rmse;
}

void from_json(const Json& j, SummaryRow& s) {
  read(j, "dataset", s.dataset);
  read(j, "variant", s.variant);
  read(j, "label", s.label);
  read(j, "entry_label", s.entry_label);
  read(j, "method", s.method);
  read(j, "model", s.model);
  read(j, "model_kind", s.model_kind);
  read(j, "grid", s.grid);
  read(j, "model_overrides", s.model_overrides);
  read(j, "train_fraction", s.train_fraction);
  read(j, "n", s.n);
  read(j, "task", s.task);
  read(j, "test_score", s.test_score);
  read(j, "train_score", s.train_score);
  read(j, "gap", s.gap);
  read(j, "test_rmse", s.test_rmse);
  read(j, "train_rmse", s.train_rmse);
  read(j, "size_before", s.size_before);
  read(j, "size_after", s.size_after);
  read(j, "knob_name", s.knob_name);
  read(j, "knob", s.knob);
  read(j, "baseline", s.baseline);
  read(j, "vs_baseline", s.vs_baseline);
  read(j, "timing", s.timing);
}

std::string main_size_key(const SummaryRow& row) {
  std::string key = main_size_measure(row.model_kind);
  if (key.empty() && !row.size_after.empty()) key = row.size_after.begin()->first;
  return key;
}

}  // namespace prunekit
