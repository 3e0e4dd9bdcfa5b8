#include <iostream>

#include "cli_support.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"

namespace prunekit::cli {

int run_validate(const Args& args) {
  po::options_description options("validate options");
  std::string config;
  options.add_options()("config", po::value(&config)->required(), "experiment config (JSON)");
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit validate CONFIG", options, "config", vm)) return kExitOk;
  // JSON syntax, the schema (docs/config.schema.json), then every check `run` makes before it
  // starts: datasets, splits, model and pruner parameters, grids.
  const auto parsed = read_experiment_config(config);
  check_output_folder(parsed, "");
  const auto plan = plan_experiment(parsed, Factories::registries());
  std::cout << config << ": valid (" << plan.runs.size() << " runs in " << plan.groups.size()
            << " fit groups: " << plan.datasets.size() << " datasets x splits x "
            << parsed.seeds.size() << " seeds x " << plan.variants.size() << " variants)\n";
  return kExitOk;
}

}  // namespace prunekit::cli
