#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <utility>

#include "cli_support.hpp"
#include "model_files.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/data/preprocess.hpp"

namespace prunekit::cli {

namespace {

/// The smallest and largest value of feature `j` that is not missing (lo > hi when all are).
std::pair<float, float> feature_range(const Dataset& data, std::size_t j) {
  float lo = INFINITY;
  float hi = -INFINITY;
  for (float v : data.column(j))
    if (!std::isnan(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  return {lo, hi};
}

double target_mean(const Dataset& data) {
  double mean = 0.0;
  for (double t : data.targets) mean += t;
  return mean / static_cast<double>(data.rows);
}

void print_summary(const Dataset& data) {
  std::cout << "dataset:   " << data.provenance.name << "\n"
            << "file:      " << data.provenance.path << "\n"
            << "task:      " << to_string(data.schema.task) << "\n"
            << "rows:      " << data.rows << "\n"
            << "features:  " << data.n_features() << "\n";
  if (data.is_classification()) std::cout << "classes:   " << data.n_classes() << "\n";
  std::cout << "missing:   " << data.missing_total() << " values\n";
  if (!data.provenance.origin.empty()) std::cout << "origin:    " << data.provenance.origin << "\n";
  if (!data.provenance.license.empty())
    std::cout << "licence:   " << data.provenance.license << "\n";
}

void print_feature_table(const Dataset& data) {
  std::cout << "\nfeatures:\n  " << std::left << std::setw(28) << "name" << std::setw(13) << "type"
            << std::right << std::setw(9) << "missing" << std::setw(12) << "min" << std::setw(12)
            << "max"
            << "\n";
  for (std::size_t j = 0; j < data.n_features(); ++j) {
    const FeatureInfo& f = data.schema.features[j];
    const auto [lo, hi] = feature_range(data, j);
    std::cout << "  " << std::left << std::setw(28) << f.name << std::setw(13)
              << (f.categorical ? "categorical" : "numeric") << std::right << std::setw(9)
              << data.missing_in(j);
    if (f.categorical) {
      std::cout << "   " << f.levels.size() << " levels";
    } else if (lo <= hi) {
      std::cout << std::setw(12) << lo << std::setw(12) << hi;
    }
    std::cout << "\n";
  }
}

void print_targets(const Dataset& data) {
  if (data.is_classification()) {
    std::cout << "\nclass balance (" << data.schema.target_name << "):\n";
    const auto counts = data.class_counts();
    for (std::size_t c = 0; c < counts.size(); ++c)
      std::cout << "  " << std::left << std::setw(28) << data.schema.class_names[c] << std::right
                << std::setw(8) << counts[c] << std::setw(9) << std::fixed << std::setprecision(1)
                << 100.0 * static_cast<double>(counts[c]) / static_cast<double>(data.rows) << " %\n"
                << std::defaultfloat;
    return;
  }
  const auto [lo, hi] = std::minmax_element(data.targets.begin(), data.targets.end());
  std::cout << "\ntarget (" << data.schema.target_name << "): min " << *lo << ", max " << *hi
            << ", mean " << target_mean(data) << "\n";
}

void print_preprocessing(const PreprocessOptions& prep, std::size_t model_features,
                         const std::vector<std::string>& notes) {
  std::cout << "\npreprocessing (impute-numeric=" << to_string(prep.numeric_impute)
            << ", impute-categorical=" << to_string(prep.categorical_impute)
            << ", encode=" << to_string(prep.encoding) << "): " << model_features
            << " model features\n";
  for (const auto& line : notes) std::cout << "  " << line << "\n";
  if (notes.empty()) std::cout << "  nothing to impute or encode\n";
}

/// {"name", "type", "missing", "min", "max", "levels"}: min and max are null for categorical
/// features and when every value is missing; levels (the names) are null for numeric ones.
nlohmann::ordered_json feature_json(const Dataset& data, std::size_t j) {
  const FeatureInfo& f = data.schema.features[j];
  const auto [lo, hi] = feature_range(data, j);
  const bool range = !f.categorical && lo <= hi;
  return {{"name", f.name},
          {"type", f.categorical ? "categorical" : "numeric"},
          {"missing", data.missing_in(j)},
          {"min", range ? json_number(lo) : nullptr},
          {"max", range ? json_number(hi) : nullptr},
          {"levels", f.categorical ? nlohmann::ordered_json(f.levels) : nullptr}};
}

/// {"name", "classes": [{"name", "count", "percent"}], "min", "max", "mean"}: classes for
/// classification, min, max and mean for regression, the others null.
nlohmann::ordered_json target_json(const Dataset& data) {
  nlohmann::ordered_json out = {{"name", data.schema.target_name},
                                {"classes", nullptr},
                                {"min", nullptr},
                                {"max", nullptr},
                                {"mean", nullptr}};
  if (data.is_classification()) {
    out["classes"] = nlohmann::ordered_json::array();
    const auto counts = data.class_counts();
    for (std::size_t c = 0; c < counts.size(); ++c)
      out["classes"].push_back(
          {{"name", data.schema.class_names[c]},
           {"count", counts[c]},
           {"percent", 100.0 * static_cast<double>(counts[c]) / static_cast<double>(data.rows)}});
  } else if (data.rows > 0) {
    const auto [lo, hi] = std::minmax_element(data.targets.begin(), data.targets.end());
    out["min"] = json_number(*lo);
    out["max"] = json_number(*hi);
    out["mean"] = json_number(target_mean(data));
  }
  return out;
}

/// The whole description as one JSON document (docs/cli.md).
nlohmann::ordered_json inspect_json(const Dataset& data, const PreprocessOptions& prep,
                                    std::size_t model_features,
                                    const std::vector<std::string>& notes) {
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (std::size_t j = 0; j < data.n_features(); ++j) features.push_back(feature_json(data, j));
  nlohmann::ordered_json doc = {{"dataset", data.provenance.name}, {"file", data.provenance.path}};
  doc.update(dataset_counts_json(data));
  doc["origin"] = json_text_or_null(data.provenance.origin);
  doc["license"] = json_text_or_null(data.provenance.license);
  doc["features"] = std::move(features);
  doc["target"] = target_json(data);
  doc["preprocessing"] = {{"impute_numeric", to_string(prep.numeric_impute)},
                          {"impute_categorical", to_string(prep.categorical_impute)},
                          {"encode", to_string(prep.encoding)},
                          {"model_features", model_features},
                          {"notes", notes}};
  return doc;
}

}  // namespace

int run_inspect(const Args& args) {
  po::options_description options("inspect options");
  std::string source;
  std::string target;
  std::string task;
  PreprocessOptions prep;
  std::string numeric_impute = to_string(prep.numeric_impute);
  std::string categorical_impute = to_string(prep.categorical_impute);
  std::string encoding = to_string(prep.encoding);
  FormatOption output;
  options.add_options()("source", po::value(&source)->required(),
                        "bundled dataset name or file path")(
      "target", po::value(&target), "target column of a CSV without sidecar (default: last)")(
      "task", po::value(&task), "classification|regression for a CSV without sidecar")(
      "impute-numeric", po::value(&numeric_impute), "median|mean|error (default median)")(
      "impute-categorical", po::value(&categorical_impute),
      "most_frequent|own_level|error (default most_frequent)")("encode", po::value(&encoding),
                                                               "onehot|ordinal (default onehot)");
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit inspect PATH|NAME [options]", options, "source", vm))
    return kExitOk;
  const bool json = output.json();

  const LoadOptions load = load_options(target, task);
  prep.numeric_impute = parse_enum<NumericImpute>(numeric_impute, "numeric imputation");
  prep.categorical_impute =
      parse_enum<CategoricalImpute>(categorical_impute, "categorical imputation");
  prep.encoding = parse_enum<CategoricalEncoding>(encoding, "categorical encoding");

  const Dataset data = load_dataset(source, load);
  if (!json) {
    print_summary(data);
    print_feature_table(data);
    print_targets(data);
  }
  const Preprocessor preprocessor(data, prep);
  const auto notes = preprocessor.describe();
  const Dataset encoded = preprocessor.apply(data);
  if (json)
    print_json(inspect_json(data, prep, encoded.n_features(), notes));
  else
    print_preprocessing(prep, encoded.n_features(), notes);
  return kExitOk;
}

}  // namespace prunekit::cli
