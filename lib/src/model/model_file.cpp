#include "prunekit/model/model_file.hpp"

#include <algorithm>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit {

namespace {

/// Why `data` cannot be used without preprocessing, or "" when it can.
std::string needs_preprocessing(const Dataset& data) {
  for (std::size_t j = 0; j < data.n_features(); ++j) {
    const auto& f = data.schema.features[j];
    if (f.categorical) return "feature '" + f.name + "' is categorical";
    if (data.missing_in(j) > 0) return "feature '" + f.name + "' has missing values";
  }
  return "";
}

}  // namespace

Dataset ModelFile::prepare(Dataset raw) const {
  align_labels(raw, class_names);
  if (preprocessor) return preprocessor->apply(raw);
  const std::string reason = needs_preprocessing(raw);
  if (!reason.empty())
    throw DataError(path,
                    "the model file has no preprocessing (it was saved without its "
                    "training data), and the data needs it: " +
                        reason + " in " +
                        (raw.provenance.path.empty() ? raw.provenance.name : raw.provenance.path) +
                        "; save the model with save_model_file (or `prunekit train`, "
                        "`prunekit import-sklearn --data`)");
  return raw;
}

void save_model_file(const std::string& path, const Model& model, const Preprocessor& prep,
                     const Dataset& train) {
  nlohmann::json json = model.to_json();
  json["preprocessing"] = prep.to_json();
  json["data"] = {{"dataset", train.provenance.name},
                  {"task", to_string(train.schema.task)},
                  {"target", train.schema.target_name},
                  {"class_names", train.schema.class_names}};
  write_file_atomically(path, json.dump() + "\n");
}

std::string derived_model_file_text(const Model& model, const ModelFile& origin) {
  nlohmann::json json = model.to_json();
  for (const auto& [key, value] : origin.sections.items()) json[key] = value;
  return json.dump() + "\n";
}

void save_derived_model_file(const std::string& path, const Model& model, const ModelFile& origin) {
  write_file_atomically(path, derived_model_file_text(model, origin));
}

namespace {

ModelFile model_file_from_json(const nlohmann::json& json, const std::string& path) {
  ModelFile file;
  file.path = path;
  file.model = model_from_json(json, path);
  for (const char* section : {"preprocessing", "data"})
    if (json.contains(section)) file.sections[section] = json.at(section);
  if (json.contains("preprocessing"))
    file.preprocessor = Preprocessor::from_json(json.at("preprocessing"), path);
  if (json.contains("data")) {
    try {
      file.class_names = json.at("data").value("class_names", std::vector<std::string>{});
      file.source_dataset = json.at("data").value("dataset", "");
    } catch (const nlohmann::json::exception& e) {
      throw DataError(path, std::string("corrupt \"data\" section: ") + e.what());
    }
  }
  return file;
}

}  // namespace

ModelFile load_model_file(const std::string& path) {
  const nlohmann::json json = read_json_file(path);
  return reading_json_of(path, [&] { return model_file_from_json(json, path); });
}

void align_labels(Dataset& data, const std::vector<std::string>& model_classes) {
  if (!data.is_classification() || model_classes.empty()) return;
  std::vector<std::int32_t> map(data.n_classes());
  for (std::size_t c = 0; c < data.n_classes(); ++c) {
    const auto it =
        std::find(model_classes.begin(), model_classes.end(), data.schema.class_names[c]);
    if (it == model_classes.end())
      throw DataError(data.provenance.path, "class '" + data.schema.class_names[c] +
                                                "' was not among the model's training classes");
    map[c] = static_cast<std::int32_t>(it - model_classes.begin());
  }
  for (auto& label : data.labels) label = map[static_cast<std::size_t>(label)];
  data.schema.class_names = model_classes;
}

}  // namespace prunekit
