#include "experiment/plan_runs.hpp"

#include <map>
#include <string>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

/// Refuses a plan of more than kMaxRuns runs.
void check_run_count(const ExperimentPlan& plan) {
  std::size_t n_runs = 0;
  for (const auto& d : plan.datasets) n_runs += d.splits.size();
  n_runs *= plan.config.seeds.size() * plan.variants.size();
  if (n_runs > kMaxRuns)
    throw ConfigError(plan.config.file, "",
                      std::to_string(n_runs) + " runs, more than the limit of " +
                          std::to_string(kMaxRuns) + " (docs/config.md)");
}

/// The config's `key` section, or an empty object.
nlohmann::json section(const nlohmann::json& raw, const char* key) {
  return raw.contains(key) ? raw[key] : nlohmann::json::object();
}

/// Makes the runs, in plan order (dataset, split, seed, variant), and their fit groups: the runs
/// of one split and seed whose models have the same settings share one fitted model. A run's
/// id and stream hash its canonical settings.
class RunPlanner {
 public:
  explicit RunPlanner(ExperimentPlan& plan)
      : plan_(plan),
        protocol_(section(plan.config.raw, "protocol")),
        preprocess_(section(plan.config.raw, "preprocess")) {}

  void plan() {
    for (std::size_t d = 0; d < plan_.datasets.size(); ++d)
      for (std::size_t s = 0; s < plan_.datasets[d].splits.size(); ++s)
        for (const auto seed : plan_.config.seeds) add_runs(d, s, seed);
  }

 private:
  void add_runs(std::size_t d, std::size_t s, std::uint64_t seed);
  [[nodiscard]] nlohmann::json fit_key(std::size_t d, std::size_t s, std::uint64_t seed,
                                       const Variant& v) const;
  void add_group(const std::string& group_key, std::size_t d, std::size_t s, std::uint64_t seed,
                 const Variant& v);
  void check_new_id(const std::string& id, std::size_t vi);

  ExperimentPlan& plan_;
  const nlohmann::json protocol_;
  const nlohmann::json preprocess_;
  std::map<std::string, std::size_t> seen_ids_;  // run id -> variant
};

/// The runs of split `s` of dataset `d` with `seed`, one per variant.
void RunPlanner::add_runs(std::size_t d, std::size_t s, std::uint64_t seed) {
  std::map<std::string, std::size_t> group_of_params;
  for (std::size_t vi = 0; vi < plan_.variants.size(); ++vi) {
    const auto& v = plan_.variants[vi];
    nlohmann::json key = fit_key(d, s, seed, v);
    const std::string group_key = key.dump();
    auto [git, inserted] = group_of_params.emplace(group_key, plan_.groups.size());
    if (inserted) add_group(group_key, d, s, seed, v);
    key["pruner"] = v.pruner_spec;
    key["label"] = v.label;
    if (!plan_.datasets[d].entry.validation.empty())
      key["validation"] = plan_.datasets[d].entry.validation;
    const std::string run_key = key.dump();
    RunSpec r;
    r.id = hex_id(stable_hash(run_key));
    r.dataset = d;
    r.split = s;
    r.seed = seed;
    r.variant = vi;
    r.group = git->second;
    r.stream = stable_hash("prune " + run_key);
    check_new_id(r.id, vi);
    plan_.groups[r.group].runs.push_back(plan_.runs.size());
    plan_.runs.push_back(std::move(r));
  }
}

/// What decides the fitted model: the data, its split, the seed, the model and preprocessing.
nlohmann::json RunPlanner::fit_key(std::size_t d, std::size_t s, std::uint64_t seed,
                                   const Variant& v) const {
  const auto& ds = plan_.datasets[d];
  const auto& split = ds.splits[s];
  return {
      {"dataset", ds.entry.source},
      {"dataset_name", ds.entry.name},
      {"target", ds.entry.load.target},
      {"protocol", protocol_},
      {"split",
       {{"repeat", split.repeat}, {"fold", split.fold}, {"train_fraction", split.train_fraction}}},
      {"seed", seed},
      {"model", {{"kind", v.model_kind}, {"params", v.model_params}}},
      {"preprocess", preprocess_}};
}

void RunPlanner::add_group(const std::string& group_key, std::size_t d, std::size_t s,
                           std::uint64_t seed, const Variant& v) {
  FitGroup g;
  g.id = hex_id(stable_hash(group_key));
  g.dataset = d;
  g.split = s;
  g.seed = seed;
  g.model = v.model;
  g.model_kind = v.model_kind;
  g.model_params = v.model_params;
  g.stream = stable_hash("fit " + group_key);
  plan_.groups.push_back(std::move(g));
}

/// Two variants that make the same run are one pruner entry too many.
void RunPlanner::check_new_id(const std::string& id, std::size_t vi) {
  const auto [it, fresh] = seen_ids_.emplace(id, vi);
  if (fresh) return;
  const auto& pruners = plan_.config.pruners;
  throw ConfigError(
      plan_.config.file, pruners[plan_.variants[vi].pruner_index].json_path,
      "runs the same as " + pruners[plan_.variants[it->second].pruner_index].json_path);
}

}  // namespace

void add_runs(ExperimentPlan& plan) {
  check_run_count(plan);
  RunPlanner(plan).plan();
}

}  // namespace prunekit
