#include "cli_support.hpp"

#include <iostream>

namespace prunekit::cli {

bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible,
                        const po::positional_options_description& positional,
                        po::variables_map& vm) {
  visible.add_options()("help,h", "show this help");
  po::store(po::command_line_parser(args).options(visible).positional(positional).run(), vm);
  if (vm.count("help") != 0) {
    std::cout << "usage: " << usage << "\n\n" << visible << "\n";
    return false;
  }
  po::notify(vm);
  return true;
}

}  // namespace prunekit::cli
