#include "prunekit/model/registry.hpp"

#include <array>
#include <span>

#include "model/families.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/nn/cnn_model.hpp"
#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/tree/decision_tree_model.hpp"

namespace prunekit {
namespace {

std::span<const ModelFamily> families() {
  static const std::array kFamilies{
      ModelFamily{"decision_tree", make_decision_tree_model, load_decision_tree_model,
                  decision_tree_param_table, "leaves"},
      ModelFamily{"mlp", &MlpModel::make, &MlpModel::load, mlp_param_table, "nonzeros"},
      ModelFamily{"cnn", &CnnModel::make, &CnnModel::load, cnn_param_table, "macs_nonzero"},
  };
  return kFamilies;
}

std::string valid_kinds() {
  std::string out;
  for (const auto& f : families()) out += (out.empty() ? "" : ", ") + std::string(f.kind);
  return out;
}

}  // namespace

std::vector<std::string> model_kinds() {
  std::vector<std::string> kinds;
  for (const auto& f : families()) kinds.emplace_back(f.kind);
  return kinds;
}

std::string main_size_measure(const std::string& kind) {
  for (const auto& f : families())
    if (kind == f.kind) return f.main_size;
  return "";
}

const ParamTable* model_param_table(const std::string& kind) {
  for (const auto& f : families())
    if (kind == f.kind) return &f.params();
  return nullptr;
}

std::unique_ptr<Model> make_model(const std::string& kind, const nlohmann::json& params,
                                  const std::string& config_file, const std::string& json_path) {
  for (const auto& f : families())
    if (kind == f.kind) return f.make(params, config_file, json_path);
  throw ConfigError(config_file, json_path + "/kind",
                    "unknown model kind '" + kind + "' (valid: " + valid_kinds() + ")");
}

namespace {

std::unique_ptr<Model> model_from_checked_json(const nlohmann::json& saved,
                                               const std::string& file) {
  const auto format = saved.is_object() ? saved.find("format") : saved.end();
  if (!saved.is_object() || format == saved.end() || *format != kModelFormat)
    throw DataError(file, std::string("not a prunekit model file (expected \"format\": \"") +
                              kModelFormat + "\")");
  const auto version = saved.find("version");
  if (version == saved.end() || !version->is_number_integer() || version->get<int>() != 1)
    throw DataError(file, "unsupported model file version " +
                              (version == saved.end() ? std::string("(none)") : version->dump()) +
                              " (this prunekit reads version 1)");
  const auto kind_it = saved.find("kind");
  const std::string kind =
      kind_it != saved.end() && kind_it->is_string() ? kind_it->get<std::string>() : "";
  for (const auto& f : families())
    if (kind == f.kind) return f.load(saved, file);
  throw DataError(file, "unknown model kind '" + kind + "' (valid: " + valid_kinds() + ")");
}

}  // namespace

std::unique_ptr<Model> model_from_json(const nlohmann::json& saved, const std::string& file) {
  return reading_json_of(file, [&] { return model_from_checked_json(saved, file); });
}

// Defined beside model_from_json, so that one file writes and checks the envelope.
nlohmann::json Model::to_json() const {
  nlohmann::json j = body_json();
  j["format"] = kModelFormat;
  j["version"] = 1;
  j["kind"] = kind();
  return j;
}

void save_model(const Model& model, const std::string& path) {
  write_file_atomically(path, model.to_json().dump() + "\n");
}

std::unique_ptr<Model> load_model(const std::string& path) {
  return model_from_json(read_json_file(path), path);
}

}  // namespace prunekit
