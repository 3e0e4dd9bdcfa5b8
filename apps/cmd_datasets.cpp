#include <iomanip>
#include <iostream>

#include "cli_support.hpp"
#include "prunekit/data/bundled.hpp"

namespace prunekit::cli {

int run_datasets(const Args& args) {
  po::options_description options("datasets options");
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit datasets", options, po::positional_options_description(),
                          vm))
    return kExitOk;
  std::cout << "bundled datasets in " << bundled_data_dir() << "\n\n";
  std::cout << std::left << std::setw(34) << "name" << std::right << std::setw(7) << "rows"
            << std::setw(10) << "features" << std::setw(9) << "classes" << std::setw(9) << "missing"
            << std::setw(13) << "categorical"
            << "\n";
  for (const auto& name : bundled_dataset_names()) {
    const Dataset data = load_bundled(name);
    std::size_t categorical = 0;
    for (const auto& f : data.schema.features) categorical += f.categorical ? 1 : 0;
    std::cout << std::left << std::setw(34) << name << std::right << std::setw(7) << data.rows
              << std::setw(10) << data.n_features() << std::setw(9)
              << (data.is_classification() ? std::to_string(data.n_classes()) : "regr.")
              << std::setw(9) << data.missing_total() << std::setw(13) << categorical << "\n";
  }
  return kExitOk;
}

}  // namespace prunekit::cli
