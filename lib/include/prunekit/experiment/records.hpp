#pragma once
/// The two records an experiment writes: a run record (one line of `runs.jsonl`, one entry of
/// results.json's "runs") and a summary row (one entry of results.json's "summary", one line
/// of summary.csv). Typed here, converted to and from JSON only at the files' boundary
/// (nlohmann's `to_json`/`from_json`, found by ADL). docs/report.md describes the members.
///
/// Reading is lenient where old files need it and strict where damage shows: a member missing
/// from a record keeps its default; a member of the wrong type is a nlohmann::json exception.
/// A NaN is written as null (JSON has no NaN) and null reads back as NaN.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prunekit {

/// Mean and sample standard deviation over runs; written {"mean": ..., "sd": ...}.
struct MeanSd {
  double mean = 0.0;
  double sd = 0.0;
};

/// The split a run used.
struct RunSplit {
  int repeat = 0;
  int fold = 0;
  double train_fraction = 1.0;
  std::size_t train_rows = 0;
  std::size_t test_rows = 0;
};

/// The model a run fitted: its kind, its config label and its effective parameters.
struct RunModel {
  std::string kind{};
  std::string label{};
  nlohmann::json params{};
};

struct PathPointRecord {
  double knob = 0.0;
  double risk = 0.0;
  double complexity = 0.0;
  /// The point's model scored on the run's training and test parts (NaN: not scored), and
  /// its size measures (for trees: leaves, nodes, depth): scikit-learn's cost-complexity
  /// figures (accuracy, nodes and depth against alpha) are drawn from these.
  double train_score = std::numeric_limits<double>::quiet_NaN();
  double test_score = std::numeric_limits<double>::quiet_NaN();
  std::map<std::string, double> size{};
};

/// The pruning path a method walked (a copy of prune/path.hpp's, so that the file format does
/// not follow the pruning code's types).
struct PathRecord {
  std::string knob_name{};
  std::string complexity_name{};
  std::vector<PathPointRecord> points{};
};

/// How the selection rule chose its point of the path.
struct SelectionRecord {
  std::string rule{};
  std::vector<double> knobs{};
  std::vector<double> error_mean{};
  std::vector<double> error_se{};
  std::vector<double> complexity{};
  double threshold = 0.0;
  std::size_t chosen = 0;
};

/// Non-zero weights before and after pruning, binned on shared edges; written inside the
/// record's "details" as "weight_histogram" (all prunable layers) and
/// "layer_weight_histograms" (one per layer, named).
struct WeightHistogram {
  std::string layer{};  ///< empty for all layers together
  std::vector<double> edges{};
  std::vector<long long> before{};
  std::vector<long long> after{};
  long long zeros_before = 0;
  long long zeros_after = 0;
};

/// Wall-clock seconds of a run, or their means over a summary row's runs; kept apart
/// ("timing") because nothing else depends on them.
struct Timing {
  double fit_seconds = 0.0;
  double prune_seconds = 0.0;
  double predict_seconds = 0.0;
};

/// One finished run.
struct RunRecord {
  std::string run_id{};  ///< the plan's content hash; the one member a record cannot lack
  std::string group_id{};
  std::string dataset{};
  RunSplit split{};
  std::uint64_t seed = 0;
  std::size_t variant = 0;
  std::string label{};
  std::string entry_label{};
  std::string method{};
  nlohmann::json pruner{};                         ///< the pruner's parameters
  nlohmann::json grid = nlohmann::json::object();  ///< the variant's grid values
  RunModel model{};
  std::string task{};  ///< "classification" or "regression"
  double train_score = 0.0;
  double test_score = 0.0;
  double gap = 0.0;
  std::optional<double> train_rmse{};  ///< regression only
  std::optional<double> test_rmse{};   ///< regression only
  nlohmann::json size_before{};        ///< ModelSize: the family's named numbers
  nlohmann::json size_after{};
  std::string knob_name{};
  double knob = 0.0;
  std::optional<PathRecord> path{};
  std::optional<SelectionRecord> selection{};
  nlohmann::json details{};  ///< the method's own facts, without the weight histogram
  std::optional<WeightHistogram> weight_histogram{};
  std::vector<WeightHistogram> layer_weight_histograms{};
  Timing timing{};
};

/// The paired tests of a comparison with two units or more.
struct PairedTests {
  std::string t_test{};                      ///< "corrected_resampled_t" or "paired_t"
  std::optional<double> test_train_ratio{};  ///< corrected_resampled_t only
  double t_statistic = 0.0;
  double t_p = 0.0;
  double wilcoxon_statistic = 0.0;
  double wilcoxon_p = 0.0;
};

/// A variant against its unpruned baseline over independent units (results.hpp).
struct BaselineComparison {
  std::size_t n = 0;   ///< units
  std::string unit{};  ///< "split" or "seed"
  std::size_t paired_runs = 0;
  std::optional<MeanSd> diff{};  ///< written "diff_mean", "diff_sd"; none without units
  std::optional<PairedTests> tests{};
};

/// One dataset x variant x training fraction.
struct SummaryRow {
  std::string dataset{};
  std::size_t variant = 0;
  std::string label{};
  std::string entry_label{};
  std::string method{};
  std::string model{};  ///< the model's config label
  std::string model_kind{};
  nlohmann::json grid = nlohmann::json::object();
  nlohmann::json model_overrides = nlohmann::json::object();
  double train_fraction = 1.0;
  std::size_t n = 0;
  std::string task{};
  std::optional<MeanSd> test_score{};
  std::optional<MeanSd> train_score{};
  std::optional<MeanSd> gap{};
  std::optional<MeanSd> test_rmse{};  ///< regression only
  std::optional<MeanSd> train_rmse{};
  std::map<std::string, MeanSd> size_before{};  ///< per size measure
  std::map<std::string, MeanSd> size_after{};
  std::string knob_name{};
  std::optional<MeanSd> knob{};
  std::optional<std::string> baseline{};  ///< the baseline's label; none for a baseline
  std::optional<BaselineComparison> vs_baseline{};
  Timing timing{};
};

/// The size measure a reader looks at first: the model family's own (model registry), else
/// the first one the row has ("" when it has none).
[[nodiscard]] std::string main_size_key(const SummaryRow& row);

// JSON conversions (ADL), for every record type above.
void to_json(nlohmann::json& j, const MeanSd& v);
void from_json(const nlohmann::json& j, MeanSd& v);
void to_json(nlohmann::json& j, const RunSplit& v);
void from_json(const nlohmann::json& j, RunSplit& v);
void to_json(nlohmann::json& j, const RunModel& v);
void from_json(const nlohmann::json& j, RunModel& v);
void to_json(nlohmann::json& j, const PathPointRecord& v);
void from_json(const nlohmann::json& j, PathPointRecord& v);
void to_json(nlohmann::json& j, const PathRecord& v);
void from_json(const nlohmann::json& j, PathRecord& v);
void to_json(nlohmann::json& j, const SelectionRecord& v);
void from_json(const nlohmann::json& j, SelectionRecord& v);
void to_json(nlohmann::json& j, const WeightHistogram& v);
void from_json(const nlohmann::json& j, WeightHistogram& v);
void to_json(nlohmann::json& j, const Timing& v);
void from_json(const nlohmann::json& j, Timing& v);
void to_json(nlohmann::json& j, const RunRecord& v);
void from_json(const nlohmann::json& j, RunRecord& v);
void to_json(nlohmann::json& j, const PairedTests& v);
void from_json(const nlohmann::json& j, PairedTests& v);
void to_json(nlohmann::json& j, const BaselineComparison& v);
void from_json(const nlohmann::json& j, BaselineComparison& v);
void to_json(nlohmann::json& j, const SummaryRow& v);
void from_json(const nlohmann::json& j, SummaryRow& v);

}  // namespace prunekit
