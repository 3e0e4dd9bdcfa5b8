#include "prunekit/prune/selection.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "prunekit/core/error.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/data/protocol.hpp"

namespace prunekit {

SelectionRule parse_selection_rule(const std::string& name) {
  if (name == "fixed") return SelectionRule::fixed;
  if (name == "validation") return SelectionRule::validation;
  if (name == "cv" || name == "cv_min") return SelectionRule::cv_min;
  if (name == "cv_1se") return SelectionRule::cv_1se;
  throw InvalidArgument("unknown selection rule '" + name +
                        "' (valid: fixed, validation, cv_min, cv_1se)");
}

std::string to_string(SelectionRule rule) {
  switch (rule) {
    case SelectionRule::fixed: return "fixed";
    case SelectionRule::validation: return "validation";
    case SelectionRule::cv_min: return "cv_min";
    case SelectionRule::cv_1se: return "cv_1se";
  }
  return "fixed";
}

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

/// Per-fold errors at every candidate knob: errors[fold][candidate].
std::vector<std::vector<double>> cross_validated_errors(const Model& model,
                                                        const std::vector<double>& knobs,
                                                        const PathWalk& walk,
                                                        const SelectionParams& params,
                                                        const PruneContext& context, Rng& rng) {
  const Dataset& train = context.train;
  const std::uint64_t seed = rng();
  const auto splits = cv_folds(train, params.folds, seed);
  std::vector<std::vector<double>> errors(splits.size(), std::vector<double>(knobs.size(), 0.0));
  const nlohmann::json model_params = model.params();
  const std::string kind = model.kind();

  auto run_fold = [&](std::size_t fold) {
    const Dataset fold_train = train.subset(splits[fold].train);
    const Dataset fold_test = train.subset(splits[fold].test);
    Rng fold_rng = Rng::for_stream(seed, fold + 1);
    auto fold_model = make_model(kind, model_params);
    fold_model->fit(fold_train, fold_rng);
    const auto fold_path = walk(*fold_model, fold_train, fold_rng);
    errors[fold] = fold_path->held_out_errors(fold_test, knobs);
  };

  const std::size_t threads =
      std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(context.threads),
                                                     splits.size()));
  if (threads == 1) {
    for (std::size_t f = 0; f < splits.size(); ++f) run_fold(f);
    return errors;
  }
  // Folds are independent and write to their own rows: the result does not depend on order.
  std::vector<std::exception_ptr> failures(threads);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        for (std::size_t f = t; f < splits.size(); f += threads) run_fold(f);
      } catch (...) {
        failures[t] = std::current_exception();
      }
    });
  }
  for (auto& w : workers) w.join();
  for (const auto& failure : failures)
    if (failure) std::rethrow_exception(failure);
  return errors;
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
  const std::vector<double> knobs = full.candidate_knobs();
  if (knobs.empty()) throw InvalidArgument("the pruning path has no candidate points");
  out.trace.knobs = knobs;
  for (double k : knobs) {
    // Complexity of the full model at each candidate, for plots and the 1-SE tie-break.
    const auto& points = full.path().points;
    double complexity = points.empty() ? 0.0 : points.front().complexity;
    for (const auto& p : points)
      if (p.knob <= k) complexity = p.complexity;
    out.trace.complexity.push_back(complexity);
  }

  if (params.rule == SelectionRule::validation) {
    if (context.validation == nullptr)
      throw InvalidArgument("selection rule 'validation' needs a validation set");
    out.trace.error_mean = full.held_out_errors(*context.validation, knobs);
    out.trace.error_se.assign(knobs.size(), 0.0);
  } else {
    if (params.folds < 2) throw InvalidArgument("cross-validation needs at least 2 folds");
    const auto errors = cross_validated_errors(model, knobs, walk, params, context, rng);
    const double k = static_cast<double>(errors.size());
    for (std::size_t c = 0; c < knobs.size(); ++c) {
      double mean = 0.0;
      for (const auto& fold : errors) mean += fold[c];
      mean /= k;
      double var = 0.0;
      for (const auto& fold : errors) var += (fold[c] - mean) * (fold[c] - mean);
      // Standard error of the mean over folds (sample variance / k).
      const double se = errors.size() > 1 ? std::sqrt(var / (k - 1.0) / k) : 0.0;
      out.trace.error_mean.push_back(mean);
      out.trace.error_se.push_back(se);
    }
  }

  // Lowest error; ties go to the more pruned point (larger knob).
  std::size_t best = 0;
  for (std::size_t c = 1; c < knobs.size(); ++c)
    if (out.trace.error_mean[c] <= out.trace.error_mean[best]) best = c;
  std::size_t chosen = best;
  out.trace.threshold = out.trace.error_mean[best];
  if (params.rule == SelectionRule::cv_1se) {
    out.trace.threshold = out.trace.error_mean[best] + params.se_factor * out.trace.error_se[best];
    // The most pruned point whose error is within the threshold.
    for (std::size_t c = knobs.size(); c-- > 0;)
      if (out.trace.error_mean[c] <= out.trace.threshold) {
        chosen = c;
        break;
      }
  }
  out.trace.chosen = chosen;
  out.knob = knobs[chosen];
  out.model = full.at(out.knob);
  return out;
}

SelectionParams parse_selection(nlohmann::json& spec, const std::string& knob_key,
                                const std::string& file, const std::string& json_path) {
  SelectionParams params;
  const bool has_knob = spec.contains(knob_key);
  std::string rule = has_knob ? "fixed" : "cv_1se";
  if (auto it = spec.find("select"); it != spec.end()) {
    if (!it->is_string()) throw ConfigError(file, json_path + "/select", "must be a string");
    rule = it->get<std::string>();
    spec.erase(it);
  }
  try {
    params.rule = parse_selection_rule(rule);
  } catch (const InvalidArgument& e) {
    throw ConfigError(file, json_path + "/select", e.what());
  }
  if (auto it = spec.find("folds"); it != spec.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 2)
      throw ConfigError(file, json_path + "/folds", "must be an integer >= 2, got " + it->dump());
    params.folds = it->get<std::size_t>();
    spec.erase(it);
  }
  if (auto it = spec.find("se_factor"); it != spec.end()) {
    if (!it->is_number() || it->get<double>() < 0)
      throw ConfigError(file, json_path + "/se_factor", "must be a number >= 0, got " + it->dump());
    params.se_factor = it->get<double>();
    spec.erase(it);
  }
  if (params.rule == SelectionRule::fixed) {
    if (!has_knob)
      throw ConfigError(file, json_path, "\"select\": \"fixed\" needs \"" + knob_key + "\"");
    const auto& v = spec.at(knob_key);
    if (!v.is_number()) throw ConfigError(file, json_path + "/" + knob_key, "must be a number, got " + v.dump());
    params.knob = v.get<double>();
  } else if (has_knob) {
    throw ConfigError(file, json_path + "/" + knob_key,
                      "a fixed " + knob_key + " contradicts \"select\": \"" + rule + "\"");
  }
  return params;
}

}  // namespace prunekit
