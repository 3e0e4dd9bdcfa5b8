#include <iomanip>
#include <iostream>

#include "cli_support.hpp"
#include "prunekit/data/bundled.hpp"

namespace prunekit::cli {

namespace {

std::size_t categorical_count(const Dataset& data) {
  std::size_t categorical = 0;
  for (const auto& f : data.schema.features) categorical += f.categorical ? 1 : 0;
  return categorical;
}

void print_text() {
  std::cout << "bundled datasets in " << bundled_data_dir() << "\n\n";
  std::cout << std::left << std::setw(34) << "name" << std::right << std::setw(7) << "rows"
            << std::setw(10) << "features" << std::setw(9) << "classes" << std::setw(9) << "missing"
            << std::setw(13) << "categorical"
            << "\n";
  for (const auto& name : bundled_dataset_names()) {
    const Dataset data = load_bundled(name);
    std::cout << std::left << std::setw(34) << name << std::right << std::setw(7) << data.rows
              << std::setw(10) << data.n_features() << std::setw(9)
              << (data.is_classification() ? std::to_string(data.n_classes()) : "regr.")
              << std::setw(9) << data.missing_total() << std::setw(13) << categorical_count(data)
              << "\n";
  }
}

/// {"directory": ..., "datasets": [{"name", "task", "n_rows", "n_features", "n_classes",
/// "missing_values", "categorical_features"}]}; n_classes is null for regression.
nlohmann::ordered_json datasets_json() {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& name : bundled_dataset_names()) {
    const Dataset data = load_bundled(name);
    nlohmann::ordered_json entry = {{"name", name}};
    entry.update(dataset_counts_json(data));
    entry["categorical_features"] = categorical_count(data);
    list.push_back(std::move(entry));
  }
  return {{"directory", bundled_data_dir()}, {"datasets", list}};
}

}  // namespace

int run_datasets(const Args& args) {
  po::options_description options("datasets options");
  FormatOption output;
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit datasets [--format text|json]", options,
                          po::positional_options_description(), vm))
    return kExitOk;
  if (output.json())
    print_json(datasets_json());
  else
    print_text();
  return kExitOk;
}

}  // namespace prunekit::cli
