#include <iostream>

#include "cli_support.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit::cli {

namespace {

/// One method in plain text: name, family, summary, reference, one line per parameter.
void print_text(const MethodDeclaration& m) {
  std::cout << m.name << "  (" << m.family->name << ")\n  " << m.summary << "\n";
  if (!m.reference.empty()) std::cout << "  follows: " << m.reference << "\n";
  const ParamTable table = method_table(m);
  for (const auto& p : table.params())
    std::cout << "    " << p.name << " (" << p.type_text() << ", default " << p.default_shown()
              << "): " << p.doc << "\n";
  std::cout << "\n";
}

}  // namespace

int run_methods(const Args& args) {
  po::options_description options("methods options");
  std::string family;
  std::string format = "text";
  options.add_options()("family", po::value(&family), "only methods for decision_tree, mlp or cnn")(
      "format", po::value(&format), "text (default), markdown (as in docs/pruning.md) or json");
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit methods [--family decision_tree|mlp|cnn] "
                          "[--format text|markdown|json]",
                          options, po::positional_options_description(), vm))
    return kExitOk;
  const MethodRegistry& registry = MethodRegistry::builtin();
  if (format == "markdown") {
    std::cout << registry.markdown(family);
  } else if (format == "json") {
    std::cout << registry.to_json(family).dump(1) << "\n";
  } else if (format == "text") {
    for (const auto& m : registry.methods())
      if (in_family(*m, family)) print_text(*m);
  } else {
    throw UsageError("--format must be text, markdown or json, got '" + format + "'");
  }
  return kExitOk;
}

}  // namespace prunekit::cli
