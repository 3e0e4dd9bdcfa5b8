#pragma once
// Model files written by the CLI: the model's own JSON plus what is needed to apply it to raw
// data later (the fitted preprocessing and the training data's class names).

#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit::cli {

struct SavedModel {
  std::unique_ptr<Model> model;
  Preprocessor preprocessor;
  std::vector<std::string> class_names;
  std::string source_dataset;
  /// The file's "preprocessing" and "data" sections, carried over to derived models.
  nlohmann::json sections = nlohmann::json::object();
};

void save_cli_model(const std::string& path, const Model& model, const Preprocessor& prep,
                    const Dataset& train);
[[nodiscard]] SavedModel load_cli_model(const std::string& path);
/// load_cli_model's reading of parsed JSON (nlohmann's type errors pass through).
[[nodiscard]] SavedModel saved_model_from_json(const nlohmann::json& json, const std::string& path);
/// Saves a model derived from `origin` (a pruned one) with origin's preprocessing and data.
void save_derived_model(const std::string& path, const Model& model, const SavedModel& origin);
/// The text save_derived_model writes.
[[nodiscard]] std::string derived_model_text(const Model& model, const SavedModel& origin);

/// Options naming a dataset: --dataset NAME or --data FILE (+ --target, --task).
struct DataSourceOptions {
  std::string dataset;
  std::string data;
  std::string target;
  std::string task;
  void add_to(boost::program_options::options_description& options);
  /// Loads the dataset the options name (UsageError when neither or both are given).
  [[nodiscard]] Dataset load() const;
};

/// Renumbers `data`'s labels to the model's class ids by class name; a class the model never
/// saw is a DataError naming the data's file.
void align_labels(Dataset& data, const std::vector<std::string>& model_classes);

/// `key=value` settings as a JSON object. A value is read as JSON when it parses (numbers,
/// true/false, [..]); a comma-separated list becomes an array; anything else is a string.
[[nodiscard]] nlohmann::json parse_settings(const std::vector<std::string>& settings);

}  // namespace prunekit::cli
