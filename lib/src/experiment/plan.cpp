#include "prunekit/experiment/plan.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>

#include "experiment/preflight.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/params.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/load.hpp"

namespace prunekit {

std::uint64_t stable_hash(const std::string& text) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return splitmix64(h);
}

std::string hex_id(std::uint64_t value) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kDigits[value & 15U];
    value >>= 4;
  }
  return out;
}

namespace {

std::vector<std::string> model_axes(const Factories& factories, const std::string& kind,
                                    const nlohmann::json& params) {
  return factories.model_axes ? factories.model_axes(kind, params) : number_list_keys(params);
}

std::vector<std::string> pruner_axes(const Factories& factories, const nlohmann::json& spec) {
  return factories.pruner_axes ? factories.pruner_axes(spec) : number_list_keys(spec);
}

std::string value_text(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

std::vector<GridPoint> expand_grid(const nlohmann::json& spec, std::vector<std::string> keys,
                                   const SpecCheck& check, const std::string& file,
                                   const std::string& json_path) {
  std::sort(keys.begin(), keys.end());  // object key order: stable whatever the check order
  std::size_t n_points = 1;
  for (const auto& key : keys) {
    n_points *= std::max<std::size_t>(spec[key].size(), 1);
    if (n_points > kMaxGridPoints)
      throw ConfigError(file, json_path,
                        "the grid has more than " + std::to_string(kMaxGridPoints) +
                            " points (the limit; docs/config.md)");
  }
  std::vector<GridPoint> points(1);
  points[0].spec = spec;
  for (const auto& key : keys) {
    std::vector<GridPoint> next;
    for (const auto& p : points) {
      const auto& values = spec[key];
      for (std::size_t i = 0; i < values.size(); ++i) {
        GridPoint q = p;
        q.values[key] = values[i];
        q.spec[key] = values[i];
        next.push_back(std::move(q));
      }
    }
    points = std::move(next);
  }
  // Check every point; an error at a grid key names the offending list item.
  for (const auto& p : points) {
    try {
      check(p.spec);
    } catch (const ConfigError& e) {
      for (const auto& key : keys) {
        if (e.json_path() != json_path + "/" + key) continue;
        const auto& values = spec[key];
        const auto index = static_cast<std::size_t>(
            std::find(values.begin(), values.end(), p.values[key]) - values.begin());
        const std::string prefix = e.file().empty() ? "" : e.file() + ": ";
        std::string problem = e.what();
        const std::string head = prefix + e.json_path() + ": ";
        if (problem.rfind(head, 0) == 0) problem = problem.substr(head.size());
        throw ConfigError(file, e.json_path() + "/" + std::to_string(index), problem);
      }
      throw;
    }
  }
  return points;
}

std::vector<Split> make_splits(const Dataset& data, const DatasetEntry& entry,
                               const ProtocolConfig& protocol, const std::string& file) {
  const bool stratify = protocol.stratified && data.is_classification();
  const bool kfold =
      protocol.kind == ProtocolKind::kfold || protocol.kind == ProtocolKind::repeated_kfold;
  if (kfold) {
    if (protocol.folds > data.rows)
      throw ConfigError(file, "/protocol/folds",
                        std::to_string(protocol.folds) + " folds but dataset '" + entry.name +
                            "' has only " + std::to_string(data.rows) + " rows");
    if (stratify) {
      const auto counts = data.class_counts();
      for (std::size_t c = 0; c < counts.size(); ++c)
        if (counts[c] > 0 && counts[c] < protocol.folds)
          throw ConfigError(file, "/protocol/folds",
                            std::to_string(protocol.folds) + " stratified folds but class '" +
                                data.schema.class_names[c] + "' of dataset '" + entry.name +
                                "' has only " + std::to_string(counts[c]) +
                                " rows (use fewer folds or \"stratified\": false)");
    }
  }
  try {
    switch (protocol.kind) {
      case ProtocolKind::holdout:
        return holdout_splits(data, HoldoutParams{.test_fraction = protocol.test_fraction,
                                                  .stratified = protocol.stratified,
                                                  .repeats = protocol.repeats,
                                                  .seed = protocol.seed});
      case ProtocolKind::kfold:
      case ProtocolKind::repeated_kfold:
        return kfold_splits(data, KFoldParams{.folds = protocol.folds,
                                              .repeats = protocol.repeats,
                                              .stratified = protocol.stratified,
                                              .seed = protocol.seed});
      case ProtocolKind::learning_curve:
        return learning_curve_splits(data,
                                     LearningCurveParams{.test_fraction = protocol.test_fraction,
                                                         .train_fractions = protocol.fractions,
                                                         .stratified = protocol.stratified,
                                                         .seed = protocol.seed});
      case ProtocolKind::folds_file: {
        std::string path = protocol.file;
        const auto at = path.find("{dataset}");
        if (at != std::string::npos) path.replace(at, 9, entry.name);
        std::filesystem::path p(path);
        if (p.is_relative() && !file.empty()) p = std::filesystem::path(file).parent_path() / p;
        if (!std::filesystem::exists(p))
          throw ConfigError(
              file, "/protocol/file",
              "folds file " + p.string() + " does not exist (dataset '" + entry.name + "')");
        return read_fold_file(p.string(), data.rows);
      }
    }
  } catch (const InvalidArgument& e) {
    const bool fraction_kind =
        protocol.kind == ProtocolKind::holdout || protocol.kind == ProtocolKind::learning_curve;
    throw ConfigError(file, fraction_kind ? "/protocol/test_fraction" : "/protocol/folds",
                      std::string(e.what()) + " (dataset '" + entry.name + "')");
  }
  return {};
}

namespace {

Dataset load_entry(const DatasetEntry& entry, const std::string& file) {
  if (is_bundled_dataset(entry.source)) return load_bundled(entry.source);
  std::filesystem::path p(entry.source);
  if (!std::filesystem::exists(p) && p.is_relative() && !file.empty()) {
    const auto beside = std::filesystem::path(file).parent_path() / p;
    if (std::filesystem::exists(beside)) p = beside;
  }
  if (!std::filesystem::exists(p)) {
    std::string names;
    for (const auto& n : bundled_dataset_names()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError(
        file, entry.json_path,
        "no bundled dataset or file named '" + entry.source + "' (bundled: " + names + ")");
  }
  return load_dataset(p.string(), entry.load);
}

nlohmann::json merged(nlohmann::json base, const nlohmann::json& overrides) {
  for (auto it = overrides.begin(); it != overrides.end(); ++it) base[it.key()] = it.value();
  return base;
}

std::string grid_text(const nlohmann::json& values, const std::string& prefix) {
  std::string out;
  for (auto it = values.begin(); it != values.end(); ++it)
    out += " " + prefix + it.key() + "=" + value_text(it.value());
  return out;
}

}  // namespace

ExperimentPlan plan_experiment(const ExperimentConfig& config, const Factories& factories) {
  ExperimentPlan plan;
  plan.config = config;
  const std::string& file = config.file;

  // Variants first (cheap, and config mistakes there are the common ones).
  const bool several_models = config.models.size() > 1;
  struct ModelPoint {
    std::size_t model;
    GridPoint point;
  };
  std::vector<ModelPoint> model_points;
  for (std::size_t m = 0; m < config.models.size(); ++m) {
    const auto& me = config.models[m];
    const auto points = expand_grid(
        me.params, model_axes(factories, me.kind, me.params),
        [&](const nlohmann::json& params) {
          (void)factories.model(me.kind, params, file, me.json_path);
        },
        file, me.json_path);
    for (const auto& p : points) model_points.push_back({m, p});
  }
  for (std::size_t i = 0; i < config.pruners.size(); ++i) {
    const auto& entry = config.pruners[i];
    const auto pruner_points = expand_grid(
        entry.spec, pruner_axes(factories, entry.spec),
        [&](const nlohmann::json& spec) { (void)factories.pruner(spec, file, entry.json_path); },
        file, entry.json_path);
    const std::size_t before = plan.variants.size();
    std::string unsupported_kind;
    for (std::size_t mp = 0; mp < model_points.size(); ++mp) {
      const auto& me = config.models[model_points[mp].model];
      if (!entry.models.empty() &&
          std::find(entry.models.begin(), entry.models.end(), me.label) == entry.models.end())
        continue;
      const auto& base = model_points[mp].point;
      const std::string override_path = entry.json_path + "/model";
      // Does the method apply to this model kind?
      {
        const auto model = factories.model(me.kind, base.spec, file, me.json_path);
        const auto pruner = factories.pruner(pruner_points.front().spec, file, entry.json_path);
        // Runs get no validation set: refused here, before anything is fitted.
        if (pruner->needs_validation_data())
          throw ConfigError(file, entry.json_path + "/select",
                            "\"validation\" needs \"validation_fraction\" in an experiment "
                            "(its runs have no validation set)");
        bool supported = true;
        try {
          supported = pruner->supports(*model);
        } catch (const Error&) {
          supported = true;  // decided on the fitted model (the runner checks again)
        }
        if (!supported) {
          unsupported_kind = me.kind;
          continue;
        }
      }
      const auto override_points =
          entry.model_overrides.empty()
              ? std::vector<GridPoint>{GridPoint{nlohmann::json::object(),
                                                 nlohmann::json::object()}}
              : expand_grid(
                    entry.model_overrides, model_axes(factories, me.kind, entry.model_overrides),
                    [&](const nlohmann::json& ov) {
                      (void)factories.model(me.kind, merged(base.spec, ov), file, override_path);
                    },
                    file, override_path);
      const std::string prefix = several_models ? me.label + ": " : "";
      for (const auto& op : override_points) {
        for (const auto& pp : pruner_points) {
          Variant v;
          v.pruner_index = i;
          v.model = model_points[mp].model;
          v.model_kind = me.kind;
          v.entry_label = prefix + entry.label;
          v.method = pp.spec["method"].get<std::string>();
          v.pruner_spec = pp.spec;
          v.model_params = merged(base.spec, op.spec);
          v.model_overrides = op.spec;
          v.model_point = mp;
          v.baseline = v.method == "none" && op.spec.empty();
          for (auto it = base.values.begin(); it != base.values.end(); ++it)
            v.grid["model." + it.key()] = it.value();
          for (auto it = op.values.begin(); it != op.values.end(); ++it)
            v.grid["model." + it.key()] = it.value();
          for (auto it = pp.values.begin(); it != pp.values.end(); ++it)
            v.grid[it.key()] = it.value();
          if (entry.custom_label) {
            v.label = prefix + entry.label + grid_text(base.values, "") + grid_text(op.values, "") +
                      grid_text(pp.values, "");
          } else {
            v.label =
                prefix + entry.core_label + grid_text(pp.values, "") + grid_text(base.values, "");
            for (auto it = op.spec.begin(); it != op.spec.end(); ++it)
              v.label += " +" + it.key() + "=" + value_text(it.value());
          }
          if (plan.variants.size() >= kMaxVariants)
            throw ConfigError(file, entry.json_path,
                              "the pruners and their grids make more than " +
                                  std::to_string(kMaxVariants) +
                                  " variants (the limit; docs/config.md)");
          plan.variants.push_back(std::move(v));
        }
      }
    }
    if (plan.variants.size() == before) {
      const std::string method = entry.spec["method"].get<std::string>();
      throw ConfigError(
          file, entry.json_path + "/method",
          unsupported_kind.empty()
              ? "applies to no model of the config"
              : "method '" + method + "' does not support model kind '" + unsupported_kind + "'");
    }
  }
  for (auto& v : plan.variants) {
    v.baseline_variant = std::numeric_limits<std::size_t>::max();
    for (std::size_t b = 0; b < plan.variants.size(); ++b)
      if (plan.variants[b].baseline && plan.variants[b].model == v.model &&
          plan.variants[b].model_params == v.model_params) {
        v.baseline_variant = b;
        break;
      }
    if (v.baseline_variant != std::numeric_limits<std::size_t>::max()) continue;
    for (std::size_t b = 0; b < plan.variants.size(); ++b)
      if (plan.variants[b].baseline && plan.variants[b].model_point == v.model_point) {
        v.baseline_variant = b;
        break;
      }
  }

  // Data and splits.
  for (const auto& entry : config.datasets) {
    PlannedDataset d;
    d.entry = entry;
    d.data = load_entry(entry, file);
    d.splits = make_splits(d.data, entry, config.protocol, file);
    plan.datasets.push_back(std::move(d));
  }

  std::size_t n_runs = 0;
  for (const auto& d : plan.datasets) n_runs += d.splits.size();
  n_runs *= config.seeds.size() * plan.variants.size();
  if (n_runs > kMaxRuns)
    throw ConfigError(file, "",
                      std::to_string(n_runs) + " runs, more than the limit of " +
                          std::to_string(kMaxRuns) + " (docs/config.md)");

  // Runs and fit groups.
  const nlohmann::json protocol =
      config.raw.contains("protocol") ? config.raw["protocol"] : nlohmann::json::object();
  const nlohmann::json preprocess =
      config.raw.contains("preprocess") ? config.raw["preprocess"] : nlohmann::json::object();
  std::map<std::string, std::size_t> seen_ids;
  for (std::size_t d = 0; d < plan.datasets.size(); ++d) {
    const auto& ds = plan.datasets[d];
    for (std::size_t s = 0; s < ds.splits.size(); ++s) {
      const auto& split = ds.splits[s];
      for (const auto seed : config.seeds) {
        std::map<std::string, std::size_t> group_of_params;
        for (std::size_t vi = 0; vi < plan.variants.size(); ++vi) {
          const auto& v = plan.variants[vi];
          nlohmann::json key = {{"dataset", ds.entry.source},
                                {"dataset_name", ds.entry.name},
                                {"target", ds.entry.load.target},
                                {"protocol", protocol},
                                {"split",
                                 {{"repeat", split.repeat},
                                  {"fold", split.fold},
                                  {"train_fraction", split.train_fraction}}},
                                {"seed", seed},
                                {"model", {{"kind", v.model_kind}, {"params", v.model_params}}},
                                {"preprocess", preprocess}};
          const std::string group_key = key.dump();
          auto [git, inserted] = group_of_params.emplace(group_key, plan.groups.size());
          if (inserted) {
            FitGroup g;
            g.id = hex_id(stable_hash(group_key));
            g.dataset = d;
            g.split = s;
            g.seed = seed;
            g.model = v.model;
            g.model_kind = v.model_kind;
            g.model_params = v.model_params;
            g.stream = stable_hash("fit " + group_key);
            plan.groups.push_back(std::move(g));
          }
          key["pruner"] = v.pruner_spec;
          key["label"] = v.label;
          const std::string run_key = key.dump();
          RunSpec r;
          r.id = hex_id(stable_hash(run_key));
          r.dataset = d;
          r.split = s;
          r.seed = seed;
          r.variant = vi;
          r.group = git->second;
          r.stream = stable_hash("prune " + run_key);
          if (const auto [it, fresh] = seen_ids.emplace(r.id, vi); !fresh)
            throw ConfigError(file, config.pruners[v.pruner_index].json_path,
                              "runs the same as " +
                                  config.pruners[plan.variants[it->second].pruner_index].json_path);
          plan.groups[r.group].runs.push_back(plan.runs.size());
          plan.runs.push_back(std::move(r));
        }
      }
    }
  }
  check_variants_fit_datasets(plan, factories);
  return plan;
}

}  // namespace prunekit
