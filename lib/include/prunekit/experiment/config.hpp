#pragma once
/// Experiment configs: the plain structs a `prunekit run` config becomes, and the one
/// validating parser. The structure is checked against the JSON Schema shipped as
/// docs/config.schema.json (compiled into the library: config_schema()); the checks that need
/// the model, the pruning methods or the data are made by plan_experiment (plan.hpp). Every
/// error is a ConfigError naming the config file and the JSON path. docs/config.md documents
/// every key.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/model/model.hpp"
#include "prunekit/prune/pruner.hpp"

namespace prunekit {

/// Creates a model by kind (default: make_model from the model registry).
using ModelFactory =
    std::function<std::unique_ptr<Model>(const std::string& kind, const nlohmann::json& params,
                                         const std::string& file, const std::string& json_path)>;
/// Creates a pruner from its spec (default: make_pruner from the pruning registry).
using PrunerFactory = std::function<std::unique_ptr<Pruner>(
    const nlohmann::json& spec, const std::string& file, const std::string& json_path)>;

/// Where models and pruners come from. The defaults are the registries; tests and programs
/// that link the library may add their own kinds.
/// Limits of the protocol (docs/config.md): folds per split and repeats.
inline constexpr std::size_t kMaxFolds = 1'000;
inline constexpr std::size_t kMaxRepeats = 1'000;

/// The keys of a model's parameters or a pruner's spec whose lists sweep a grid.
using ModelGridAxes =
    std::function<std::vector<std::string>(const std::string& kind, const nlohmann::json& params)>;
using PrunerGridAxes = std::function<std::vector<std::string>(const nlohmann::json& spec)>;

struct Factories {
  ModelFactory model;
  PrunerFactory pruner;
  /// Asked by the plan which keys are grid axes (default: the registries' tables).
  ModelGridAxes model_axes;
  PrunerGridAxes pruner_axes;
  /// The registries' factories.
  [[nodiscard]] static Factories registries();
};

/// One entry of "datasets": a bundled name or a file.
struct DatasetEntry {
  std::string name;    ///< as shown in results (the bundled name, or "name", or the file stem)
  std::string source;  ///< what load_dataset receives
  LoadOptions load;
  std::string json_path;
  /// A validation set (a data file, or a bundled name) for the pruners that select a point with
  /// `"select": "validation"`; empty when the dataset has none.
  std::string validation;
};

enum class ProtocolKind {
  holdout,
  kfold,
  repeated_kfold,
  learning_curve,
  folds_file,
  published_split
};
constexpr EnumNames<ProtocolKind, 6> enum_names(ProtocolKind) {
  return {{{ProtocolKind::holdout, "holdout"},
           {ProtocolKind::kfold, "kfold"},
           {ProtocolKind::repeated_kfold, "repeated_kfold"},
           {ProtocolKind::learning_curve, "learning_curve"},
           {ProtocolKind::folds_file, "folds_file"},
           {ProtocolKind::published_split, "published_split"}}};
}

struct ProtocolConfig {
  ProtocolKind kind = ProtocolKind::kfold;
  std::size_t folds = 5;
  std::size_t repeats = 1;
  double test_fraction = 0.25;
  std::vector<double> fractions = {0.1, 0.25, 0.5, 0.75, 1.0};
  /// folds_file: the file, with "{dataset}" replaced by the dataset's name; relative paths
  /// are relative to the config file's folder.
  std::string file;
  bool stratified = true;
  std::uint64_t seed = 0;
};

struct PreprocessConfig {
  PreprocessOptions options;
  /// "auto" (scale to [0, 1] for every model kind except decision_tree), "on" or "off".
  std::string scale = "auto";
  /// Whether features are scaled for a model of `kind`.
  [[nodiscard]] bool scales(const std::string& kind) const;
};

/// One entry of "pruners", before grid expansion.
struct PrunerEntry {
  nlohmann::json spec;  ///< the method and its parameters (no "label", no "model")
  std::string label;    ///< "label", or made from the method and its parameters
  /// The label without the model overrides ("cost_complexity(select=cv_1se)"); equal to
  /// `label` when the config gives one.
  std::string core_label;
  bool custom_label = false;       ///< the config gave "label"
  nlohmann::json model_overrides;  ///< "model": overrides of the model's parameters (object)
  std::string json_path;           ///< "/pruners/<i>"
  /// "models": the labels of the models this entry applies to (empty: every model whose kind
  /// the method supports).
  std::vector<std::string> models;
};

/// One model of "model" (an object, or a list of objects for several models).
struct ModelEntry {
  std::string kind;
  /// "label", else the kind; shown before the method in results when there are several models.
  std::string label;
  nlohmann::json params = nlohmann::json::object();  ///< the object without "kind" and "label"
  std::string json_path;                             ///< "/model" or "/model/<i>"
};

struct ExperimentConfig {
  std::string file;  ///< the config file (for error messages); may be empty
  nlohmann::json raw;
  std::string name = "experiment";
  std::vector<DatasetEntry> datasets;
  ProtocolConfig protocol;
  std::vector<std::uint64_t> seeds = {0};
  std::vector<ModelEntry> models;
  PreprocessConfig preprocess;
  std::vector<PrunerEntry> pruners;
  std::string output;  ///< "output", default "out/<name>"
};

/// Throws ConfigError at "/name" when the output folder would be out/<name> (no "output", no
/// `out_override`) and the name is not a plain name (it could leave out/: "../victim").
void check_output_folder(const ExperimentConfig& config, const std::string& out_override);

/// The JSON Schema of configs (docs/config.schema.json).
[[nodiscard]] const nlohmann::json& config_schema();

/// Parses and checks the structure of a config (schema, then the rules the schema cannot
/// express: protocol keys that the protocol kind does not use, increasing fractions, unique
/// seeds, a folds file for folds_file). `file` names the config in errors.
[[nodiscard]] ExperimentConfig parse_experiment_config(const nlohmann::json& json,
                                                       const std::string& file);

/// Reads and parses a config file (DataError for a JSON syntax error, with line:column).
[[nodiscard]] ExperimentConfig read_experiment_config(const std::string& path);

}  // namespace prunekit
