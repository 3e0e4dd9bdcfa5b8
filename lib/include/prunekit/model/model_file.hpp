#pragma once
/// The servable model file, one format for the library and the CLI: the model's own JSON
/// (Model::to_json, what save_model writes) plus, when the training data is known, what is
/// needed to apply the model to raw data later: "preprocessing" (the fitted Preprocessor) and
/// "data" (the training data's dataset name, task, target and class names).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit {

struct ModelFile {
  std::unique_ptr<Model> model;
  /// Unset when the file has no "preprocessing" section (save_model, or an imported tree
  /// saved without its data).
  std::optional<Preprocessor> preprocessor;
  /// The training data's class names, indexed by the model's class ids (empty: unknown).
  std::vector<std::string> class_names;
  std::string source_dataset;
  /// The file's "preprocessing" and "data" sections, carried over to derived models.
  nlohmann::json sections = nlohmann::json::object();
  std::string path;

  /// Raw data as the model takes it: labels renumbered to the model's class ids by name, then
  /// the preprocessing applied. Without preprocessing, numeric data without missing values
  /// passes unchanged; data that needs it (categorical features, missing values) is a
  /// DataError naming the model file.
  [[nodiscard]] Dataset prepare(Dataset raw) const;
};

/// Writes `model` with the preprocessing fitted on `train` and `train`'s description.
void save_model_file(const std::string& path, const Model& model, const Preprocessor& prep,
                     const Dataset& train);
/// Writes a model derived from `origin` (a pruned one) with origin's preprocessing and data.
void save_derived_model_file(const std::string& path, const Model& model, const ModelFile& origin);
/// The text save_derived_model_file writes (for writing it together with other files).
[[nodiscard]] std::string derived_model_file_text(const Model& model, const ModelFile& origin);

/// Reads any model file: with or without preprocessing (DataError naming the file when corrupt).
[[nodiscard]] ModelFile load_model_file(const std::string& path);

/// Renumbers `data`'s labels to the model's class ids by class name; a class the model never
/// saw is a DataError naming the data's file. No-op when `model_classes` is empty.
void align_labels(Dataset& data, const std::vector<std::string>& model_classes);

}  // namespace prunekit
