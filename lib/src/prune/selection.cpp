#include "prunekit/prune/selection.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/parallel.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/data/protocol.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit {

double held_out_error(const Model& model, const Dataset& data) {
  const auto predicted = model.predict(data);
  if (data.rows == 0) return 0.0;
  double error = 0.0;
  if (data.is_classification()) {
    for (std::size_t i = 0; i < data.rows; ++i)
      error += static_cast<double>(data.labels[i]) != predicted[i] ? 1.0 : 0.0;
  } else {
    for (std::size_t i = 0; i < data.rows; ++i)
      error += (data.targets[i] - predicted[i]) * (data.targets[i] - predicted[i]);
  }
  return error / static_cast<double>(data.rows);
}

std::vector<double> PathModels::candidate_knobs() const {
  std::vector<double> knobs;
  for (const auto& p : path().points) knobs.push_back(p.knob);
  return knobs;
}

std::vector<double> PathModels::held_out_errors(const Dataset& test,
                                                const std::vector<double>& knobs) const {
  std::vector<double> errors;
  errors.reserve(knobs.size());
  for (double k : knobs) errors.push_back(held_out_error(*at(k), test));
  return errors;
}

std::vector<Split> cv_folds(const Dataset& train, std::size_t folds, std::uint64_t seed) {
  bool stratify = train.is_classification();
  if (stratify)
    for (std::size_t count : train.class_counts())
      if (count > 0 && count < folds) stratify = false;
  KFoldParams params;
  params.folds = folds;
  params.stratified = stratify;
  params.seed = seed;
  return kfold_splits(train, params);
}

namespace {

/// Held-out errors at every candidate knob, one row per split: the model is refitted from its
/// parameters on each split's training part, its path walked once and scored on the held-out
/// part. Splits run on context.threads threads, each with its own random stream.
std::vector<std::vector<double>> refit_errors(const Model& model, const std::vector<Split>& splits,
                                              std::uint64_t seed, const std::vector<double>& knobs,
                                              const PathWalk& walk, const PruneContext& context) {
  const Dataset& train = context.train;
  std::vector<std::vector<double>> errors(splits.size(), std::vector<double>(knobs.size(), 0.0));
  const nlohmann::json model_params = model.params();
  const std::string kind = model.kind();
  const ModelMaker make =
      context.make_model ? context.make_model : [](const std::string& k, const nlohmann::json& p) {
        return prunekit::make_model(k, p);
      };
  auto run_split = [&](std::size_t s) {
    const Dataset split_train = train.subset(splits[s].train);
    const Dataset split_test = train.subset(splits[s].test);
    Rng split_rng = Rng::for_stream(seed, s + 1);
    auto refitted = make(kind, model_params);
    refitted->fit(split_train, split_rng);
    const auto path = walk(*refitted, split_train, split_rng);
    errors[s] = path->held_out_errors(split_test, knobs);
  };
  parallel_for(splits.size(), static_cast<std::size_t>(std::max(1, context.threads)), run_split);
  return errors;
}

/// The validation error of each candidate: on the given validation set, or on a held-out
/// share of the training rows with the model refitted on the rest.
void validation_errors(const Model& model, const PathModels& full, const PathWalk& walk,
                       const SelectionParams& params, const PruneContext& context, Rng& rng,
                       SelectionTrace& trace) {
  if (context.validation != nullptr) {
    trace.error_mean = full.held_out_errors(*context.validation, trace.knobs);
  } else if (params.validation_fraction > 0.0) {
    HoldoutParams holdout;
    holdout.test_fraction = params.validation_fraction;
    holdout.stratified = context.train.is_classification();
    holdout.seed = rng();
    const auto splits = holdout_splits(context.train, holdout);
    trace.error_mean =
        refit_errors(model, splits, holdout.seed, trace.knobs, walk, context).front();
  } else {
    throw InvalidArgument(
        "selection rule 'validation' needs a validation set or a validation_fraction");
  }
  trace.error_se.assign(trace.knobs.size(), 0.0);
}

/// Mean and standard error over folds of the k-fold cross-validated errors.
void cross_validated_errors(const Model& model, const PathWalk& walk, const SelectionParams& params,
                            const PruneContext& context, Rng& rng, SelectionTrace& trace) {
  if (params.folds < 2) throw InvalidArgument("cross-validation needs at least 2 folds");
  const std::uint64_t seed = rng();
  const auto splits = cv_folds(context.train, params.folds, seed);
  const auto errors = refit_errors(model, splits, seed, trace.knobs, walk, context);
  const double k = static_cast<double>(errors.size());
  for (std::size_t c = 0; c < trace.knobs.size(); ++c) {
    double mean = 0.0;
    for (const auto& fold : errors) mean += fold[c];
    mean /= k;
    double var = 0.0;
    for (const auto& fold : errors) var += (fold[c] - mean) * (fold[c] - mean);
    // Standard error of the mean over folds (sample variance / k).
    const double se = errors.size() > 1 ? std::sqrt(var / (k - 1.0) / k) : 0.0;
    trace.error_mean.push_back(mean);
    trace.error_se.push_back(se);
  }
}

/// The index of the chosen candidate: the lowest error (ties to the more pruned point), or
/// for cv_1se the most pruned point within se_factor standard errors of it.
std::size_t choose(const SelectionParams& params, SelectionTrace& trace) {
  std::size_t best = 0;
  for (std::size_t c = 1; c < trace.knobs.size(); ++c)
    if (trace.error_mean[c] <= trace.error_mean[best]) best = c;
  trace.threshold = trace.error_mean[best];
  if (params.rule != SelectionRule::cv_1se) return best;
  trace.threshold = trace.error_mean[best] + params.se_factor * trace.error_se[best];
  for (std::size_t c = trace.knobs.size(); c-- > 0;)
    if (trace.error_mean[c] <= trace.threshold) return c;
  return best;
}

}  // namespace

Selection select_point(const Model& model, const PathModels& full, const PathWalk& walk,
                       const SelectionParams& params, const PruneContext& context, Rng& rng) {
  Selection out;
  out.trace.rule = to_string(params.rule);
  if (params.rule == SelectionRule::fixed) {
    out.knob = params.knob;
    out.model = full.at(params.knob);
    out.trace.knobs = {params.knob};
    return out;
  }
  out.trace.knobs = full.candidate_knobs();
  if (out.trace.knobs.empty()) throw InvalidArgument("the pruning path has no candidate points");
  const auto& points = full.path().points;
  for (double k : out.trace.knobs) {
    // Complexity of the full model at each candidate, for plots and the 1-SE tie-break.
    double complexity = points.empty() ? 0.0 : points.front().complexity;
    for (const auto& p : points)
      if (p.knob <= k) complexity = p.complexity;
    out.trace.complexity.push_back(complexity);
  }
  if (params.rule == SelectionRule::validation)
    validation_errors(model, full, walk, params, context, rng, out.trace);
  else
    cross_validated_errors(model, walk, params, context, rng, out.trace);
  out.trace.chosen = choose(params, out.trace);
  out.knob = out.trace.knobs[out.trace.chosen];
  out.model = full.at(out.knob);
  return out;
}

}  // namespace prunekit
