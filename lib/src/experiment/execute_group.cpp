// Executing one fit group: fit the model once, then prune, score and record every wanted run.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "prunekit/core/error.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/nn/neural_model.hpp"

namespace prunekit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A network's training, phase by phase, per epoch: the report's training curves. Nothing for
/// other models, nor for a network that was not trained here (loaded from a file).
nlohmann::json training_curve(const Model& model) {
  const auto* net = dynamic_cast<const NeuralModel*>(&model);
  if (net == nullptr || net->training_history().empty()) return nullptr;
  nlohmann::json phases = nlohmann::json::array();
  for (const auto& [name, report] : net->training_history())
    phases.push_back({{"name", name},
                      {"best_epoch", report.best_epoch},
                      {"train_loss", report.train_loss},
                      {"train_accuracy", report.train_accuracy},
                      {"validation_loss", report.validation_loss},
                      {"validation_accuracy", report.validation_accuracy}});
  return {{"phases", std::move(phases)}};
}

PathRecord path_record(const PruningPath& path) {
  PathRecord out{.knob_name = path.knob_name, .complexity_name = path.complexity_name};
  for (const auto& p : path.points) out.points.push_back({p.knob, p.risk, p.complexity});
  return out;
}

SelectionRecord selection_record(const SelectionTrace& s) {
  return {.rule = s.rule,
          .knobs = s.knobs,
          .error_mean = s.error_mean,
          .error_se = s.error_se,
          .complexity = s.complexity,
          .threshold = s.threshold,
          .chosen = s.chosen};
}

constexpr int kHistogramBins = 40;

/// Two weight arrays binned on shared edges: 40 bins over the range of their non-zero values,
/// zeros counted apart.
WeightHistogram bin_weights(const nlohmann::json& before, const nlohmann::json& after) {
  double lo = INFINITY;
  double hi = -INFINITY;
  for (const auto* arr : {&before, &after})
    for (const auto& w : *arr) {
      const double v = w.get<double>();
      if (v == 0.0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (!(lo < hi)) {
    lo = -1.0;
    hi = 1.0;
  }
  WeightHistogram hist;
  for (int b = 0; b <= kHistogramBins; ++b)
    hist.edges.push_back(lo + (hi - lo) * b / kHistogramBins);
  const auto bin = [&](const nlohmann::json& weights, std::vector<long long>& counts,
                       long long& zeros) {
    counts.assign(kHistogramBins, 0);
    for (const auto& w : weights) {
      const double v = w.get<double>();
      if (v == 0.0) {
        ++zeros;
        continue;
      }
      auto b = static_cast<int>((v - lo) / (hi - lo) * kHistogramBins);
      counts[static_cast<std::size_t>(std::clamp(b, 0, kHistogramBins - 1))] += 1;
    }
  };
  bin(before, hist.before, hist.zeros_before);
  bin(after, hist.after, hist.zeros_after);
  return hist;
}

/// Takes the raw weight arrays out of `details` and returns them as one shared-edges histogram
/// (docs/report.md): the arrays would make every record as large as the network.
std::optional<WeightHistogram> take_weight_histogram(nlohmann::json& details) {
  if (!details.is_object()) return std::nullopt;
  const auto before = details.find("weights_before");
  const auto after = details.find("weights_after");
  if (before == details.end() || after == details.end() || !before->is_array() ||
      !after->is_array())
    return std::nullopt;
  WeightHistogram hist = bin_weights(*before, *after);
  details.erase("weights_before");
  details.erase("weights_after");
  return hist;
}

/// The same, per layer, from details["layer_weights"] ({"layer", "before", "after"} objects).
std::vector<WeightHistogram> take_layer_weight_histograms(nlohmann::json& details) {
  std::vector<WeightHistogram> out;
  if (!details.is_object() || !details.contains("layer_weights")) return out;
  for (const auto& layer : details["layer_weights"])
    if (layer.is_object() && layer.value("before", nlohmann::json()).is_array() &&
        layer.value("after", nlohmann::json()).is_array()) {
      out.push_back(bin_weights(layer["before"], layer["after"]));
      out.back().layer = layer.value("layer", "");
    }
  details.erase("layer_weights");
  return out;
}

/// What the runs of a fit group share: the preprocessed data and the fitted model.
struct FittedGroup {
  Dataset train;
  Dataset test;
  /// The dataset's validation set, preprocessed as the training part (when it has one).
  std::optional<Dataset> validation{};
  std::unique_ptr<Model> model{};
  double fit_seconds = 0.0;
};

FittedGroup fit_group(const ExperimentPlan& plan, const FitGroup& g, const Factories& factories) {
  const auto& config = plan.config;
  const auto& ds = plan.datasets[g.dataset];
  const auto& split = ds.splits[g.split];
  const Dataset train_raw = ds.data.subset(split.train);
  const Dataset test_raw = ds.data.subset(split.test);
  PreprocessOptions prep_options = config.preprocess.options;
  prep_options.scale_unit_range = config.preprocess.scales(g.model_kind);
  const Preprocessor prep(train_raw, prep_options);
  FittedGroup fitted{.train = prep.apply(train_raw), .test = prep.apply(test_raw)};
  if (ds.validation) fitted.validation = prep.apply(*ds.validation);
  fitted.model =
      factories.model(g.model_kind, g.model_params, config.file, config.models[g.model].json_path);
  Rng fit_rng = Rng::for_stream(g.seed, g.stream);
  const auto fit_start = Clock::now();
  fitted.model->fit(fitted.train, fit_rng);
  fitted.fit_seconds = seconds_since(fit_start);
  return fitted;
}

/// The record of one run: what the plan says of it, then its scores and what the pruner did.
RunRecord plan_record(const ExperimentPlan& plan, const FitGroup& g, const RunSpec& run) {
  const auto& ds = plan.datasets[g.dataset];
  const auto& split = ds.splits[g.split];
  const auto& v = plan.variants[run.variant];
  return {.run_id = run.id,
          .group_id = g.id,
          .dataset = ds.entry.name,
          .split = {split.repeat, split.fold, split.train_fraction, split.train.size(),
                    split.test.size()},
          .seed = run.seed,
          .variant = run.variant,
          .label = v.label,
          .entry_label = v.entry_label,
          .method = v.method,
          .grid = v.grid,
          .model = {g.model_kind, plan.config.models[g.model].label, v.model_params}};
}

/// Scores each point of a walked path on the run's training and test parts and records its
/// size measures (scikit-learn's cost-complexity example draws these against alpha).
void score_path_points(PathRecord& record, const PathModels& models, const Dataset& train,
                       const Dataset& test) {
  for (auto& point : record.points) {
    const auto model = models.at(point.knob);
    point.train_score = score(train, model->predict(train));
    point.test_score = score(test, model->predict(test));
    const ModelSize size = model->size();
    for (auto it = size.begin(); it != size.end(); ++it)
      if (it->is_number()) point.size[it.key()] = it->get<double>();
  }
}

RunRecord execute_run(const ExperimentPlan& plan, const FitGroup& g, const RunSpec& run,
                      const FittedGroup& fitted, const Factories& factories) {
  const auto& config = plan.config;
  const auto& v = plan.variants[run.variant];
  const auto& entry = config.pruners[v.pruner_index];
  const auto pruner = factories.pruner(v.pruner_spec, config.file, entry.json_path);
  const Model& model = *fitted.model;
  if (!pruner->supports(model))
    throw ConfigError(config.file, entry.json_path + "/method",
                      "method '" + v.method + "' does not support this " + g.model_kind +
                          " model (" + to_string(model.task()) + ")");
  Rng prune_rng = Rng::for_stream(run.seed, run.stream);
  const auto prune_start = Clock::now();
  // Cross-validation inside a pruner refits through the runner's factories, so that a model
  // kind a library user registered can be cross-validated too.
  const PruneContext context{fitted.train, fitted.validation ? &*fitted.validation : nullptr, 1,
                             [&factories](const std::string& kind, const nlohmann::json& params) {
                               return factories.model(kind, params, {}, {});
                             }};
  PruneResult result = pruner->prune(model, context, prune_rng);
  const double prune_seconds = seconds_since(prune_start);
  const auto train_pred = result.model->predict(fitted.train);
  const auto predict_start = Clock::now();
  const auto test_pred = result.model->predict(fitted.test);
  const double predict_seconds = seconds_since(predict_start);

  RunRecord r = plan_record(plan, g, run);
  r.pruner = pruner->params();
  r.task = to_string(fitted.train.schema.task);
  r.train_score = score(fitted.train, train_pred);
  r.test_score = score(fitted.test, test_pred);
  r.gap = r.train_score - r.test_score;
  if (!fitted.train.is_classification()) {
    r.train_rmse = rmse(fitted.train, train_pred);
    r.test_rmse = rmse(fitted.test, test_pred);
  }
  r.size_before = nlohmann::json(result.report.before);
  r.size_after = nlohmann::json(result.report.after);
  r.knob_name = result.report.knob_name;
  r.knob = result.report.knob;
  if (result.path) r.path = path_record(*result.path);
  if (r.path && result.path_models)
    score_path_points(*r.path, *result.path_models, fitted.train, fitted.test);
  if (result.selection) r.selection = selection_record(*result.selection);
  r.details = std::move(result.report.details);
  if (auto curve = training_curve(*result.model); !curve.is_null()) {
    if (!r.details.is_object()) r.details = nlohmann::json::object();
    r.details["training_curve"] = std::move(curve);
  }
  r.weight_histogram = take_weight_histogram(r.details);
  r.layer_weight_histograms = take_layer_weight_histograms(r.details);
  r.timing = {fitted.fit_seconds, prune_seconds, predict_seconds};
  return r;
}

}  // namespace

std::vector<RunRecord> execute_group(const ExperimentPlan& plan, std::size_t group,
                                     const std::vector<std::size_t>& wanted,
                                     const Factories& factories) {
  const auto& g = plan.groups[group];
  const FittedGroup fitted = fit_group(plan, g, factories);
  std::vector<RunRecord> records;
  for (const auto run_index : g.runs)
    if (std::find(wanted.begin(), wanted.end(), run_index) != wanted.end())
      records.push_back(execute_run(plan, g, plan.runs[run_index], fitted, factories));
  return records;
}

}  // namespace prunekit
