#pragma once
/// Creating models by kind name, and saving and loading them as versioned JSON files.
/// Model files look like {"format": "prunekit-model", "version": 1, "kind": "...", ...}.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/core/params.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit {

inline constexpr const char* kModelFormat = "prunekit-model";

/// The kinds make_model accepts.
[[nodiscard]] std::vector<std::string> model_kinds();

/// The size measure a reader of `kind`'s results looks at first ("leaves" for a tree,
/// "nonzeros" for a network); "" for a kind the registry does not know.
[[nodiscard]] std::string main_size_measure(const std::string& kind);

/// The hyper-parameters `kind` declares; null for a kind the registry does not know.
[[nodiscard]] const ParamTable* model_param_table(const std::string& kind);

/// A new, unfitted model of `kind` with hyper-parameters `params` (unknown keys and impossible
/// values throw ConfigError naming `json_path` inside `config_file`). An unknown kind lists the
/// valid ones.
[[nodiscard]] std::unique_ptr<Model> make_model(const std::string& kind,
                                                const nlohmann::json& params,
                                                const std::string& config_file = {},
                                                const std::string& json_path = "");

/// A fitted model from the JSON that Model::to_json wrote; `file` names the source in errors.
/// The envelope is checked here; the family's loader reads its own members.
[[nodiscard]] std::unique_ptr<Model> model_from_json(const nlohmann::json& saved,
                                                     const std::string& file = {});

/// Writes a model file atomically.
void save_model(const Model& model, const std::string& path);
/// Reads a model file (DataError naming the file for a corrupt or unknown file).
[[nodiscard]] std::unique_ptr<Model> load_model(const std::string& path);

}  // namespace prunekit
