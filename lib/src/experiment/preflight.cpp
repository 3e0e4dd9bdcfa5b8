#include "experiment/preflight.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

struct DatasetFacts {
  const PlannedDataset* dataset = nullptr;
  Task task = Task::classification;
  std::size_t min_train_rows = 0;  ///< the smallest training part over its splits
};

std::string describe(const DatasetFacts& facts) {
  return "dataset '" + facts.dataset->entry.name + "' (" + facts.dataset->entry.json_path +
         ") is a " + to_string(facts.task) + " task";
}

/// A decision tree's "criterion" names the task it is for.
void check_criterion(const Variant& v, const ExperimentConfig& config, const DatasetFacts& facts) {
  if (v.model_kind != "decision_tree" || !v.model_params.is_object()) return;
  const auto it = v.model_params.find("criterion");
  if (it == v.model_params.end() || !it->is_string()) return;
  const bool regression_criterion = *it == "squared_error";
  if (regression_criterion == (facts.task == Task::regression)) return;
  throw ConfigError(config.file, config.models[v.model].json_path + "/criterion",
                    "'" + it->get<std::string>() + "' is a " +
                        (regression_criterion ? "regression" : "classification") +
                        " criterion, but " + describe(facts));
}

/// The pruning method applies to the model as it will be fitted on this dataset.
void check_method_applies(const Variant& v, const ExperimentConfig& config,
                          const DatasetFacts& facts, const Factories& factories) {
  nlohmann::json params = v.model_params.is_object() ? v.model_params : nlohmann::json::object();
  if (v.model_kind == "decision_tree" && !params.contains("criterion"))
    params["criterion"] = facts.task == Task::regression ? "squared_error" : "gini";
  const std::string& path = config.pruners[v.pruner_index].json_path;
  const auto model =
      factories.model(v.model_kind, params, config.file, config.models[v.model].json_path);
  const auto pruner = factories.pruner(v.pruner_spec, config.file, path);
  bool supported = true;
  try {
    supported = pruner->supports(*model);
  } catch (const Error&) {
    return;  // decided on the fitted model only
  }
  if (!supported)
    throw ConfigError(config.file, path,
                      "method '" + v.method + "' does not apply to a " + v.model_kind +
                          " model on a " + to_string(facts.task) + " task, and " + describe(facts) +
                          " (name the models or datasets it applies to)");
}

/// Selection folds and the reduced-error pruning fraction against the training rows.
void check_rows(const Variant& v, const ExperimentConfig& config, const DatasetFacts& facts) {
  const std::string& path = config.pruners[v.pruner_index].json_path;
  const std::size_t n = facts.min_train_rows;
  const auto& spec = v.pruner_spec;
  if (const auto it = spec.find("folds");
      it != spec.end() && it->is_number_unsigned() && it->get<std::size_t>() > n)
    throw ConfigError(config.file, path + "/folds",
                      it->dump() +
                          " cross-validation folds, but the smallest training part of "
                          "dataset '" +
                          facts.dataset->entry.name + "' has " + std::to_string(n) + " rows");
  if (const auto it = spec.find("pruning_fraction"); it != spec.end() && it->is_number()) {
    const double f = it->get<double>();
    const double held = std::ceil(f * static_cast<double>(n));
    if (held >= static_cast<double>(n))
      throw ConfigError(config.file, path + "/pruning_fraction",
                        it->dump() + " of the " + std::to_string(n) +
                            " training rows of dataset '" + facts.dataset->entry.name +
                            "' leaves no rows to grow the tree on");
  }
}

}  // namespace

void check_variants_fit_datasets(const ExperimentPlan& plan, const Factories& factories) {
  for (const auto& dataset : plan.datasets) {
    DatasetFacts facts;
    facts.dataset = &dataset;
    facts.task = dataset.data.schema.task;
    facts.min_train_rows = dataset.data.rows;
    for (const auto& split : dataset.splits)
      facts.min_train_rows = std::min(facts.min_train_rows, split.train.size());
    for (const auto& v : plan.variants) {
      check_criterion(v, plan.config, facts);
      check_method_applies(v, plan.config, facts, factories);
      check_rows(v, plan.config, facts);
    }
  }
}

}  // namespace prunekit
