#include "model_files.hpp"

#include <algorithm>

#include "cli_support.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit::cli {

void DataSourceOptions::add_to(boost::program_options::options_description& options) {
  namespace po = boost::program_options;
  options.add_options()("dataset", po::value(&dataset),
                        "bundled dataset name (see prunekit datasets)")(
      "data", po::value(&data), "data file (.csv with optional sidecar, .arff, .libsvm, IDX)")(
      "target", po::value(&target), "target column of a CSV without sidecar (default: last)")(
      "task", po::value(&task), "classification|regression, for a CSV without sidecar");
}

Dataset DataSourceOptions::load() const {
  if (dataset.empty() == data.empty())
    throw UsageError("give exactly one of --dataset NAME or --data FILE");
  return load_dataset(dataset.empty() ? data : dataset, load_options(target, task));
}

LoadOptions load_options(const std::string& target, const std::string& task) {
  LoadOptions options;
  options.target = target;
  if (task == "classification")
    options.task = Task::classification;
  else if (task == "regression")
    options.task = Task::regression;
  else if (!task.empty())
    throw UsageError("--task must be classification or regression");
  return options;
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
