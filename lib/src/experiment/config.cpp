#include "prunekit/experiment/config.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "experiment/config_schema.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/json_schema.hpp"
#include "prunekit/model/grid_axes.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {

Factories Factories::registries() {
  Factories f;
  f.model = [](const std::string& kind, const nlohmann::json& params, const std::string& file,
               const std::string& path) { return make_model(kind, params, file, path); };
  f.pruner = [](const nlohmann::json& spec, const std::string& file, const std::string& path) {
    return make_pruner(spec, file, path);
  };
  f.model_axes = model_grid_axes;
  f.pruner_axes = [](const nlohmann::json& spec) {
    return MethodRegistry::builtin().grid_axes(spec);
  };
  return f;
}

bool PreprocessConfig::scales(const std::string& kind) const {
  if (scale == "on") return true;
  if (scale == "off") return false;
  return kind != "decision_tree";
}

const nlohmann::json& config_schema() {
  static const nlohmann::json kSchema = [] {
    auto schema = nlohmann::json::parse(config_schema_text());
    check_schema_keywords(schema);
    return schema;
  }();
  return kSchema;
}

namespace {

/// Keys each protocol kind uses (others are rejected: a key that does nothing is a mistake).
std::set<std::string> protocol_keys(ProtocolKind kind) {
  switch (kind) {
    case ProtocolKind::holdout:
      return {"kind", "test_fraction", "repeats", "stratified", "seed"};
    case ProtocolKind::kfold:
      return {"kind", "folds", "stratified", "seed"};
    case ProtocolKind::repeated_kfold:
      return {"kind", "folds", "repeats", "stratified", "seed"};
    case ProtocolKind::learning_curve:
      return {"kind", "test_fraction", "fractions", "stratified", "seed"};
    case ProtocolKind::folds_file:
      return {"kind", "file"};
    case ProtocolKind::published_split:
      return {"kind"};
  }
  return {};
}

/// Without "output", the name becomes the folder out/<name>: letters, digits, '_', '-' and '.',
/// not starting with '.', so it can never leave out/ (no '/', no "..").
bool is_plain_name(const std::string& name) {
  return !name.empty() && name.size() <= 100 && name.front() != '.' &&
         std::all_of(name.begin(), name.end(), [](char ch) {
           const auto c = static_cast<unsigned char>(ch);
           return std::isalnum(c) != 0 || c == '_' || c == '-' || c == '.';
         });
}

}  // namespace

void check_output_folder(const ExperimentConfig& config, const std::string& out_override) {
  if (!out_override.empty() || !config.output.empty()) return;
  const std::string& name = config.name;
  throw ConfigError(config.file, "/name",
                    "must be a plain name (letters, digits, '_', '-', '.'; not starting with "
                    "'.'; at most 100 characters): it names the output folder out/<name>, got '" +
                        name + "' (or give \"output\" or --out)");
}

namespace {

/// A count from the config: an integer (not 1e300) in [1, max].
std::size_t bounded_count(const nlohmann::json& v, std::size_t max, const std::string& file,
                          const std::string& path) {
  if (!v.is_number_integer() || v.get<long long>() < 1 ||
      static_cast<unsigned long long>(v.get<long long>()) > max)
    throw ConfigError(
        file, path,
        "must be an integer from 1 to " + std::to_string(max) + " (the limit), got " + v.dump());
  return v.get<std::size_t>();
}

/// A seed: an integer in [0, 2^64) (a float such as 1e300 is not one).
std::uint64_t seed_value(const nlohmann::json& v, const std::string& file,
                         const std::string& path) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<long long>() >= 0))
    throw ConfigError(file, path, "must be an integer from 0 to 2^64-1, got " + v.dump());
  return v.get<std::uint64_t>();
}

std::string compact_value(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

/// Adds `name` to `seen`; throws at `json_path` with `problem` when it is there already.
void insert_unique(std::set<std::string>& seen, const std::string& name, const std::string& file,
                   const std::string& json_path, const std::string& problem) {
  if (!seen.insert(name).second) throw ConfigError(file, json_path, problem);
}

/// An item of "datasets": a bundled name or a path, or an object with "path".
DatasetEntry parse_dataset(const nlohmann::json& d, std::string json_path) {
  DatasetEntry e;
  e.json_path = std::move(json_path);
  if (d.is_string()) {
    e.source = d.get<std::string>();
    e.name = std::filesystem::path(e.source).stem().string();
    if (e.source.find('/') == std::string::npos && e.source.find('.') == std::string::npos)
      e.name = e.source;
    return e;
  }
  e.source = d["path"].get<std::string>();
  e.name = d.contains("name") ? d["name"].get<std::string>()
                              : std::filesystem::path(e.source).stem().string();
  if (d.contains("target")) e.load.target = d["target"].get<std::string>();
  if (d.contains("task"))
    e.load.task = d["task"] == "regression" ? Task::regression : Task::classification;
  if (d.contains("validation")) e.validation = d["validation"].get<std::string>();
  return e;
}

std::vector<DatasetEntry> parse_datasets(const nlohmann::json& datasets, const std::string& file) {
  std::vector<DatasetEntry> entries;
  std::set<std::string> names;
  for (std::size_t i = 0; i < datasets.size(); ++i) {
    entries.push_back(parse_dataset(datasets[i], "/datasets/" + std::to_string(i)));
    const DatasetEntry& e = entries.back();
    insert_unique(names, e.name, file, e.json_path,
                  "dataset '" + e.name + "' is listed twice (give one a \"name\")");
  }
  return entries;
}

/// "fractions": strictly increasing.
std::vector<double> parse_fractions(const nlohmann::json& fractions, const std::string& file) {
  auto values = fractions.get<std::vector<double>>();
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] <= values[i - 1])
      throw ConfigError(file, "/protocol/fractions/" + std::to_string(i),
                        "fractions must increase, got " + fractions[i].dump() + " after " +
                            fractions[i - 1].dump());
  return values;
}

/// "protocol" over the defaults in `protocol`; refuses the keys its kind does not use.
void parse_protocol(const nlohmann::json& p, const std::string& file, ProtocolConfig& protocol) {
  protocol.kind = parse_enum<ProtocolKind>(p["kind"].get<std::string>(), "protocol kind");
  const auto allowed = protocol_keys(protocol.kind);
  for (auto it = p.begin(); it != p.end(); ++it)
    if (!allowed.contains(it.key()))
      throw ConfigError(file, "/protocol/" + it.key(),
                        "not used by the " + to_string(protocol.kind) + " protocol");
  if (protocol.kind == ProtocolKind::repeated_kfold) protocol.repeats = 2;
  if (protocol.kind == ProtocolKind::holdout) protocol.repeats = 1;
  if (p.contains("folds"))
    protocol.folds = bounded_count(p["folds"], kMaxFolds, file, "/protocol/folds");
  if (p.contains("repeats"))
    protocol.repeats = bounded_count(p["repeats"], kMaxRepeats, file, "/protocol/repeats");
  if (p.contains("test_fraction")) protocol.test_fraction = p["test_fraction"].get<double>();
  if (p.contains("stratified")) protocol.stratified = p["stratified"].get<bool>();
  if (p.contains("seed")) protocol.seed = seed_value(p["seed"], file, "/protocol/seed");
  if (p.contains("fractions")) protocol.fractions = parse_fractions(p["fractions"], file);
  if (protocol.kind == ProtocolKind::folds_file) {
    if (!p.contains("file"))
      throw ConfigError(file, "/protocol/file", "is required by the folds_file protocol");
    protocol.file = p["file"].get<std::string>();
  }
}

/// "seeds": each listed once.
std::vector<std::uint64_t> parse_seeds(const nlohmann::json& seeds, const std::string& file) {
  std::vector<std::uint64_t> values;
  for (std::size_t i = 0; i < seeds.size(); ++i)
    values.push_back(seed_value(seeds[i], file, "/seeds/" + std::to_string(i)));
  std::set<std::uint64_t> seen;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!seen.insert(values[i]).second)
      throw ConfigError(file, "/seeds/" + std::to_string(i),
                        "seed " + std::to_string(values[i]) + " is listed twice");
  return values;
}

/// "model": one object or a list of them, with distinct labels.
std::vector<ModelEntry> parse_models(const nlohmann::json& model, const std::string& file) {
  std::vector<ModelEntry> entries;
  std::set<std::string> labels;
  for (std::size_t i = 0; i < (model.is_array() ? model.size() : 1); ++i) {
    const auto& m = model.is_array() ? model[i] : model;
    ModelEntry e;
    e.json_path = model.is_array() ? "/model/" + std::to_string(i) : "/model";
    e.kind = m["kind"].get<std::string>();
    e.label = m.contains("label") ? m["label"].get<std::string>() : e.kind;
    e.params = m;
    e.params.erase("kind");
    e.params.erase("label");
    insert_unique(labels, e.label, file, e.json_path,
                  "two models have the label '" + e.label + "' (give one a \"label\")");
    entries.push_back(std::move(e));
  }
  return entries;
}

/// "preprocess" over the defaults in `preprocess`.
void parse_preprocess(const nlohmann::json& p, PreprocessConfig& preprocess) {
  if (p.contains("numeric_impute"))
    preprocess.options.numeric_impute =
        parse_enum<NumericImpute>(p["numeric_impute"], "numeric imputation");
  if (p.contains("categorical_impute"))
    preprocess.options.categorical_impute =
        parse_enum<CategoricalImpute>(p["categorical_impute"], "categorical imputation");
  if (p.contains("encoding"))
    preprocess.options.encoding =
        parse_enum<CategoricalEncoding>(p["encoding"], "categorical encoding");
  if (p.contains("scale")) preprocess.scale = p["scale"].get<std::string>();
}

/// The label of a pruner without "label": the method and its parameters that are not a grid
/// ("cost_complexity(select=cv_1se)"), then the model overrides (" +max_depth=4").
void set_made_label(PrunerEntry& e) {
  e.label = e.spec["method"].get<std::string>();
  std::string args;
  for (auto it = e.spec.begin(); it != e.spec.end(); ++it) {
    if (it.key() == "method") continue;
    if (it.value().is_array()) continue;  // a grid: its value is shown per point
    args += (args.empty() ? "" : ",") + it.key() + "=" + compact_value(it.value());
  }
  if (!args.empty()) e.label += "(" + args + ")";
  e.core_label = e.label;
  for (auto it = e.model_overrides.begin(); it != e.model_overrides.end(); ++it)
    e.label += " +" + it.key() + (it.value().is_array() ? "" : "=" + compact_value(it.value()));
}

/// An item of "pruners": its "model" overrides, "models" (each a model's label) and "label"
/// are taken out of the spec.
PrunerEntry parse_pruner(const nlohmann::json& spec, std::string json_path,
                         const std::set<std::string>& model_labels, const std::string& file) {
  PrunerEntry e;
  e.json_path = std::move(json_path);
  e.spec = spec;
  e.model_overrides = nlohmann::json::object();
  if (e.spec.contains("model")) {
    e.model_overrides = e.spec["model"];
    e.spec.erase("model");
  }
  if (e.spec.contains("models")) {
    e.models = e.spec["models"].get<std::vector<std::string>>();
    e.spec.erase("models");
    for (std::size_t k = 0; k < e.models.size(); ++k)
      if (!model_labels.contains(e.models[k]))
        throw ConfigError(file, e.json_path + "/models/" + std::to_string(k),
                          "no model is labelled '" + e.models[k] + "'");
  }
  if (!e.spec.contains("label")) {
    set_made_label(e);
    return e;
  }
  e.label = e.spec["label"].get<std::string>();
  e.core_label = e.label;
  e.custom_label = true;
  e.spec.erase("label");
  return e;
}

/// "pruners", with distinct labels.
std::vector<PrunerEntry> parse_pruners(const nlohmann::json& pruners,
                                       const std::vector<ModelEntry>& models,
                                       const std::string& file) {
  std::set<std::string> model_labels;
  for (const auto& m : models) model_labels.insert(m.label);
  std::vector<PrunerEntry> entries;
  std::set<std::string> labels;
  for (std::size_t i = 0; i < pruners.size(); ++i) {
    entries.push_back(
        parse_pruner(pruners[i], "/pruners/" + std::to_string(i), model_labels, file));
    const PrunerEntry& e = entries.back();
    insert_unique(labels, e.label, file, e.json_path,
                  "two pruners have the label '" + e.label + "' (give one a \"label\")");
  }
  return entries;
}

}  // namespace

ExperimentConfig parse_experiment_config(const nlohmann::json& json, const std::string& file) {
  validate_against_schema(json, config_schema(), file);
  ExperimentConfig c;
  c.file = file;
  c.raw = json;
  if (json.contains("name")) c.name = json["name"].get<std::string>();
  c.datasets = parse_datasets(json["datasets"], file);
  if (json.contains("protocol")) parse_protocol(json["protocol"], file, c.protocol);
  if (json.contains("seeds")) c.seeds = parse_seeds(json["seeds"], file);
  c.models = parse_models(json["model"], file);
  if (json.contains("preprocess")) parse_preprocess(json["preprocess"], c.preprocess);
  c.pruners = parse_pruners(json["pruners"], c.models, file);
  // Empty when the name cannot be a folder name; check_output_folder then refuses it.
  c.output = json.contains("output") ? json["output"].get<std::string>()
                                     : (is_plain_name(c.name) ? "out/" + c.name : "");
  return c;
}

ExperimentConfig read_experiment_config(const std::string& path) {
  const auto json = read_json_file(path);
  if (!json.is_object()) throw ConfigError(path, "", "an experiment config must be a JSON object");
  return parse_experiment_config(json, path);
}

}  // namespace prunekit
