#include "prunekit/experiment/plan.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "experiment/plan_runs.hpp"
#include "experiment/preflight.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/params.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/bundled.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/model/model_file.hpp"

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

namespace {

/// k-fold protocols: no more folds than rows, nor (stratified) than the rows of a class.
void check_fold_counts(const Dataset& data, const DatasetEntry& entry,
                       const ProtocolConfig& protocol, const std::string& file) {
  if (protocol.folds > data.rows)
    throw ConfigError(file, "/protocol/folds",
                      std::to_string(protocol.folds) + " folds but dataset '" + entry.name +
                          "' has only " + std::to_string(data.rows) + " rows");
  if (!protocol.stratified || !data.is_classification()) return;
  const auto counts = data.class_counts();
  for (std::size_t c = 0; c < counts.size(); ++c)
    if (counts[c] > 0 && counts[c] < protocol.folds)
      throw ConfigError(file, "/protocol/folds",
                        std::to_string(protocol.folds) + " stratified folds but class '" +
                            data.schema.class_names[c] + "' of dataset '" + entry.name +
                            "' has only " + std::to_string(counts[c]) +
                            " rows (use fewer folds or \"stratified\": false)");
}

/// `params` with the settings every split protocol shares (stratification and seed).
template <typename Params>
Params with_shuffle(Params params, const ProtocolConfig& protocol) {
  params.stratified = protocol.stratified;
  params.seed = protocol.seed;
  return params;
}

/// The folds_file protocol: the file named for the dataset, relative to the config's folder.
std::vector<Split> read_protocol_folds(const Dataset& data, const DatasetEntry& entry,
                                       const ProtocolConfig& protocol, const std::string& file) {
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

/// The dataset's own train/test split: every row before its published test rows trains.
std::vector<Split> published_split(const Dataset& data, const DatasetEntry& entry,
                                   const std::string& file) {
  if (data.published_test_rows == 0 || data.published_test_rows >= data.rows)
    throw ConfigError(
        file, "/protocol/kind",
        "dataset '" + entry.name + "' has no published train/test split (fashion_mnist has one)");
  Split split;
  for (std::size_t i = 0; i < data.rows; ++i)
    (i + data.published_test_rows < data.rows ? split.train : split.test).push_back(i);
  return {split};
}

}  // namespace

std::vector<Split> make_splits(const Dataset& data, const DatasetEntry& entry,
                               const ProtocolConfig& protocol, const std::string& file) {
  const bool kfold =
      protocol.kind == ProtocolKind::kfold || protocol.kind == ProtocolKind::repeated_kfold;
  if (kfold) check_fold_counts(data, entry, protocol, file);
  try {
    switch (protocol.kind) {
      case ProtocolKind::holdout:
        return holdout_splits(data,
                              with_shuffle(HoldoutParams{.test_fraction = protocol.test_fraction,
                                                         .repeats = protocol.repeats},
                                           protocol));
      case ProtocolKind::kfold:
      case ProtocolKind::repeated_kfold:
        return kfold_splits(
            data, with_shuffle(KFoldParams{.folds = protocol.folds, .repeats = protocol.repeats},
                               protocol));
      case ProtocolKind::learning_curve:
        return learning_curve_splits(
            data, with_shuffle(LearningCurveParams{.test_fraction = protocol.test_fraction,
                                                   .train_fractions = protocol.fractions},
                               protocol));
      case ProtocolKind::folds_file:
        return read_protocol_folds(data, entry, protocol, file);
      case ProtocolKind::published_split:
        return published_split(data, entry, file);
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

/// The bundled dataset or the data file `source` names (tried from the working directory, then
/// beside the config); a ConfigError at `json_path` when there is none.
Dataset load_source(const std::string& source, const LoadOptions& load, const std::string& file,
                    const std::string& json_path) {
  if (is_bundled_dataset(source)) return load_bundled(source);
  std::filesystem::path p(source);
  if (!std::filesystem::exists(p) && p.is_relative() && !file.empty()) {
    const auto beside = std::filesystem::path(file).parent_path() / p;
    if (std::filesystem::exists(beside)) p = beside;
  }
  if (!std::filesystem::exists(p)) {
    std::string names;
    for (const auto& n : bundled_dataset_names()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError(file, json_path,
                      "no bundled dataset or file named '" + source + "' (bundled: " + names + ")");
  }
  return load_dataset(p.string(), load);
}

/// The entry's validation set, checked against its data: the same features, and only classes
/// the data has (their labels renumbered as the data's).
Dataset load_validation(const DatasetEntry& entry, const Dataset& data, const std::string& file) {
  const std::string json_path = entry.json_path + "/validation";
  Dataset validation = load_source(entry.validation, entry.load, file, json_path);
  auto names = [](const Dataset& d) {
    std::vector<std::string> out;
    for (const auto& f : d.schema.features) out.push_back(f.name);
    return out;
  };
  if (names(validation) != names(data) || validation.schema.task != data.schema.task)
    throw ConfigError(file, json_path,
                      "the validation set '" + entry.validation +
                          "' must have the same task and feature columns as dataset '" +
                          entry.name + "'");
  try {
    if (data.is_classification()) align_labels(validation, data.schema.class_names);
  } catch (const DataError& e) {
    throw ConfigError(file, json_path, e.what());
  }
  return validation;
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

/// One grid point of one model entry.
struct ModelPoint {
  std::size_t model;
  GridPoint point;
};

/// Makes the variants of a config: each pruner entry's grid points on each model grid point it
/// applies to (and each point of its model overrides' grid), checking every model and pruner
/// by creating it. Cheap, and config mistakes here are the common ones.
class VariantPlanner {
 public:
  VariantPlanner(const ExperimentConfig& config, const Factories& factories)
      : config_(config), factories_(factories), file_(config.file) {}

  std::vector<Variant> plan() {
    expand_models();
    for (std::size_t i = 0; i < config_.pruners.size(); ++i) add_entry(i);
    link_baselines();
    return std::move(variants_);
  }

 private:
  void expand_models();
  void add_entry(std::size_t i);
  [[nodiscard]] bool applies(const PrunerEntry& entry, const ModelEntry& me, const GridPoint& base,
                             const GridPoint& pruner_point) const;
  [[nodiscard]] std::vector<GridPoint> override_points(const PrunerEntry& entry,
                                                       const ModelEntry& me,
                                                       const GridPoint& base) const;
  void add_variants(std::size_t i, std::size_t mp, const std::vector<GridPoint>& pruner_points);
  [[nodiscard]] Variant make_variant(std::size_t i, std::size_t mp, const GridPoint& op,
                                     const GridPoint& pp) const;
  void link_baselines();

  const ExperimentConfig& config_;
  const Factories& factories_;
  const std::string& file_;
  std::vector<ModelPoint> model_points_;
  std::vector<Variant> variants_;
};

void VariantPlanner::expand_models() {
  for (std::size_t m = 0; m < config_.models.size(); ++m) {
    const auto& me = config_.models[m];
    const auto points = expand_grid(
        me.params, model_axes(factories_, me.kind, me.params),
        [&](const nlohmann::json& params) {
          (void)factories_.model(me.kind, params, file_, me.json_path);
        },
        file_, me.json_path);
    for (const auto& p : points) model_points_.push_back({m, p});
  }
}

/// The variants of pruner entry `i`; refuses an entry that applies to no model.
void VariantPlanner::add_entry(std::size_t i) {
  const auto& entry = config_.pruners[i];
  const auto pruner_points = expand_grid(
      entry.spec, pruner_axes(factories_, entry.spec),
      [&](const nlohmann::json& spec) { (void)factories_.pruner(spec, file_, entry.json_path); },
      file_, entry.json_path);
  const std::size_t before = variants_.size();
  std::string unsupported_kind;
  for (std::size_t mp = 0; mp < model_points_.size(); ++mp) {
    const auto& me = config_.models[model_points_[mp].model];
    if (!entry.models.empty() &&
        std::find(entry.models.begin(), entry.models.end(), me.label) == entry.models.end())
      continue;
    if (!applies(entry, me, model_points_[mp].point, pruner_points.front())) {
      unsupported_kind = me.kind;
      continue;
    }
    add_variants(i, mp, pruner_points);
  }
  if (variants_.size() == before) {
    const std::string method = entry.spec["method"].get<std::string>();
    throw ConfigError(
        file_, entry.json_path + "/method",
        unsupported_kind.empty()
            ? "applies to no model of the config"
            : "method '" + method + "' does not support model kind '" + unsupported_kind + "'");
  }
}

/// Does the method apply to this model kind? Refuses a method that needs a validation set.
bool VariantPlanner::applies(const PrunerEntry& entry, const ModelEntry& me, const GridPoint& base,
                             const GridPoint& pruner_point) const {
  const auto model = factories_.model(me.kind, base.spec, file_, me.json_path);
  const auto pruner = factories_.pruner(pruner_point.spec, file_, entry.json_path);
  // Refused here, before anything is fitted.
  if (pruner->needs_validation_data())
    for (const auto& dataset : config_.datasets)
      if (dataset.validation.empty())
        throw ConfigError(file_, entry.json_path + "/select",
                          "\"validation\" needs \"validation_fraction\", or a validation set "
                          "for every dataset (" +
                              dataset.json_path + " has no \"validation\")");
  try {
    return pruner->supports(*model);
  } catch (const Error&) {
    return true;  // decided on the fitted model (the runner checks again)
  }
}

/// The grid of the entry's model overrides over the base point (one empty point without any).
std::vector<GridPoint> VariantPlanner::override_points(const PrunerEntry& entry,
                                                       const ModelEntry& me,
                                                       const GridPoint& base) const {
  if (entry.model_overrides.empty())
    return {GridPoint{nlohmann::json::object(), nlohmann::json::object()}};
  const std::string override_path = entry.json_path + "/model";
  return expand_grid(
      entry.model_overrides, model_axes(factories_, me.kind, entry.model_overrides),
      [&](const nlohmann::json& ov) {
        (void)factories_.model(me.kind, merged(base.spec, ov), file_, override_path);
      },
      file_, override_path);
}

void VariantPlanner::add_variants(std::size_t i, std::size_t mp,
                                  const std::vector<GridPoint>& pruner_points) {
  const auto& entry = config_.pruners[i];
  const auto& me = config_.models[model_points_[mp].model];
  for (const auto& op : override_points(entry, me, model_points_[mp].point)) {
    for (const auto& pp : pruner_points) {
      if (variants_.size() >= kMaxVariants)
        throw ConfigError(file_, entry.json_path,
                          "the pruners and their grids make more than " +
                              std::to_string(kMaxVariants) +
                              " variants (the limit; docs/config.md)");
      variants_.push_back(make_variant(i, mp, op, pp));
    }
  }
}

/// Pruner entry `i` at pruner point `pp`, on model point `mp` with override point `op`.
Variant VariantPlanner::make_variant(std::size_t i, std::size_t mp, const GridPoint& op,
                                     const GridPoint& pp) const {
  const auto& entry = config_.pruners[i];
  const auto& base = model_points_[mp].point;
  const auto& me = config_.models[model_points_[mp].model];
  const std::string prefix = config_.models.size() > 1 ? me.label + ": " : "";
  Variant v;
  v.pruner_index = i;
  v.model = model_points_[mp].model;
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
  for (auto it = pp.values.begin(); it != pp.values.end(); ++it) v.grid[it.key()] = it.value();
  if (entry.custom_label) {
    v.label = prefix + entry.label + grid_text(base.values, "") + grid_text(op.values, "") +
              grid_text(pp.values, "");
    return v;
  }
  v.label = prefix + entry.core_label + grid_text(pp.values, "") + grid_text(base.values, "");
  for (auto it = op.spec.begin(); it != op.spec.end(); ++it)
    v.label += " +" + it.key() + "=" + value_text(it.value());
  return v;
}

/// Each variant is compared with the baseline of the same model and parameters, else with the
/// baseline of its model point.
void VariantPlanner::link_baselines() {
  for (auto& v : variants_) {
    v.baseline_variant = std::numeric_limits<std::size_t>::max();
    for (std::size_t b = 0; b < variants_.size(); ++b)
      if (variants_[b].baseline && variants_[b].model == v.model &&
          variants_[b].model_params == v.model_params) {
        v.baseline_variant = b;
        break;
      }
    if (v.baseline_variant != std::numeric_limits<std::size_t>::max()) continue;
    for (std::size_t b = 0; b < variants_.size(); ++b)
      if (variants_[b].baseline && variants_[b].model_point == v.model_point) {
        v.baseline_variant = b;
        break;
      }
  }
}

std::vector<PlannedDataset> load_datasets(const ExperimentConfig& config) {
  std::vector<PlannedDataset> datasets;
  for (const auto& entry : config.datasets) {
    PlannedDataset d;
    d.entry = entry;
    d.data = load_source(entry.source, entry.load, config.file, entry.json_path);
    if (!entry.validation.empty()) d.validation = load_validation(entry, d.data, config.file);
    d.splits = make_splits(d.data, entry, config.protocol, config.file);
    datasets.push_back(std::move(d));
  }
  return datasets;
}

}  // namespace

ExperimentPlan plan_experiment(const ExperimentConfig& config, const Factories& factories) {
  ExperimentPlan plan;
  plan.config = config;
  plan.variants = VariantPlanner(config, factories).plan();
  plan.datasets = load_datasets(config);
  add_runs(plan);
  check_variants_fit_datasets(plan, factories);
  return plan;
}

}  // namespace prunekit
