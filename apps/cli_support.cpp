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

bool parse_command_line(const Args& args, const std::string& usage,
                        po::options_description& visible, const char* positional_name,
                        po::variables_map& vm) {
  po::positional_options_description positional;
  positional.add(positional_name, 1);
  return parse_command_line(args, usage, visible, positional, vm);
}

}  // namespace prunekit::cli
