#include "model_files.hpp"

#include <algorithm>

#include "cli_support.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit::cli {

void save_cli_model(const std::string& path, const Model& model, const Preprocessor& prep,
                    const Dataset& train) {
  nlohmann::json json = model.to_json();
  json["preprocessing"] = prep.to_json();
  json["data"] = {{"dataset", train.provenance.name},
                  {"task", to_string(train.schema.task)},
                  {"target", train.schema.target_name},
                  {"class_names", train.schema.class_names}};
  write_file_atomically(path, json.dump() + "\n");
}

SavedModel load_cli_model(const std::string& path) {
  const nlohmann::json json = read_json_file(path);
  return reading_json_of(path, [&] { return saved_model_from_json(json, path); });
}

SavedModel saved_model_from_json(const nlohmann::json& json, const std::string& path) {
  SavedModel saved;
  saved.model = model_from_json(json, path);
  for (const char* section : {"preprocessing", "data"})
    if (json.contains(section)) saved.sections[section] = json.at(section);
  if (json.contains("preprocessing"))
    saved.preprocessor = Preprocessor::from_json(json.at("preprocessing"), path);
  if (json.contains("data")) {
    try {
      saved.class_names = json.at("data").value("class_names", std::vector<std::string>{});
      saved.source_dataset = json.at("data").value("dataset", "");
    } catch (const nlohmann::json::exception& e) {
      throw DataError(path, std::string("corrupt \"data\" section: ") + e.what());
    }
  }
  return saved;
}

std::string derived_model_text(const Model& model, const SavedModel& origin) {
  nlohmann::json json = model.to_json();
  for (const auto& [key, value] : origin.sections.items()) json[key] = value;
  return json.dump() + "\n";
}

void save_derived_model(const std::string& path, const Model& model, const SavedModel& origin) {
  write_file_atomically(path, derived_model_text(model, origin));
}

void DataSourceOptions::add_to(boost::program_options::options_description& options) {
  namespace po = boost::program_options;
  options.add_options()
      ("dataset", po::value(&dataset), "bundled dataset name (see prunekit datasets)")
      ("data", po::value(&data), "data file (.csv with optional sidecar, .arff, .libsvm, IDX)")
      ("target", po::value(&target), "target column of a CSV without sidecar (default: last)")
      ("task", po::value(&task), "classification|regression, for a CSV without sidecar");
}

Dataset DataSourceOptions::load() const {
  if (dataset.empty() == data.empty())
    throw UsageError("give exactly one of --dataset NAME or --data FILE");
  LoadOptions options;
  options.target = target;
  if (task == "classification") options.task = Task::classification;
  else if (task == "regression") options.task = Task::regression;
  else if (!task.empty()) throw UsageError("--task must be classification or regression");
  return load_dataset(dataset.empty() ? data : dataset, options);
}

void align_labels(Dataset& data, const std::vector<std::string>& model_classes) {
  if (!data.is_classification() || model_classes.empty()) return;
  std::vector<std::int32_t> map(data.n_classes());
  for (std::size_t c = 0; c < data.n_classes(); ++c) {
    const auto it = std::find(model_classes.begin(), model_classes.end(), data.schema.class_names[c]);
    if (it == model_classes.end())
      throw DataError(data.provenance.path, "class '" + data.schema.class_names[c] +
                                                "' was not among the model's training classes");
    map[c] = static_cast<std::int32_t>(it - model_classes.begin());
  }
  for (auto& label : data.labels) label = map[static_cast<std::size_t>(label)];
  data.schema.class_names = model_classes;
}

nlohmann::json parse_settings(const std::vector<std::string>& settings) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& setting : settings) {
    const auto eq = setting.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--set expects key=value, got '" + setting + "'");
    const std::string key = setting.substr(0, eq);
    const std::string value = setting.substr(eq + 1);
    auto parse_one = [](const std::string& text) {
      check_json_limits(text, "--set");
      const auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      return parsed.is_discarded() ? nlohmann::json(text) : parsed;
    };
    if (value.find(',') != std::string::npos && value.front() != '[') {
      nlohmann::json list = nlohmann::json::array();
      std::size_t start = 0;
      while (start <= value.size()) {
        const auto comma = value.find(',', start);
        const auto end = comma == std::string::npos ? value.size() : comma;
        list.push_back(parse_one(value.substr(start, end - start)));
        start = end + 1;
      }
      params[key] = list;
    } else {
      params[key] = parse_one(value);
    }
  }
  return params;
}

}  // namespace prunekit::cli
