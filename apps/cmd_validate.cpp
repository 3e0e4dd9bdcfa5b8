#include <iostream>

#include "cli_support.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/json_file.hpp"

namespace prunekit::cli {

int run_validate(const Args& args) {
  po::options_description options("validate options");
  std::string config;
  options.add_options()("config", po::value(&config)->required(), "experiment config (JSON)");
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit validate CONFIG", options, positional, vm))
    return kExitOk;
  const auto json = read_json_file(config);
  if (!json.is_object()) throw DataError(config, 1, 1, "an experiment config must be a JSON object");
  std::cout << config << ": valid JSON\n";
  return kExitOk;
}

}  // namespace prunekit::cli
