#include <iostream>

#include "cli_support.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit::cli {

int run_methods(const Args& args) {
  po::options_description options("methods options");
  std::string family;
  options.add_options()("family", po::value(&family), "only methods for decision_tree or mlp");
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit methods [--family decision_tree|mlp]", options, {}, vm))
    return kExitOk;
  for (const auto& m : pruning_methods()) {
    if (!family.empty() && m.family != family && m.family != "any") continue;
    std::cout << m.name << "  (" << m.family << ")\n  " << m.summary << "\n";
    if (!m.reference.empty()) std::cout << "  follows: " << m.reference << "\n";
    for (const auto& p : m.params)
      std::cout << "    " << p.name << " (" << p.type << ", default " << p.default_value
                << "): " << p.meaning << "\n";
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace prunekit::cli
