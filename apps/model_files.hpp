#pragma once
// Data and settings given on the command line (model files: prunekit/model/model_file.hpp).

#include <memory>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit::cli {

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

/// --target and --task as load options (UsageError for a task other than classification or
/// regression).
[[nodiscard]] LoadOptions load_options(const std::string& target, const std::string& task);

/// `key=value` settings as a JSON object. A value is read as JSON when it parses (numbers,
/// true/false, [..]); a comma-separated list becomes an array; anything else is a string.
[[nodiscard]] nlohmann::json parse_settings(const std::vector<std::string>& settings);

}  // namespace prunekit::cli
