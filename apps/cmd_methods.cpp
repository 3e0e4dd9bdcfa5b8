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

/// A parameter as JSON: the type and default as the text shows them, and the default as a
/// value (null when there is none).
nlohmann::ordered_json param_json(const Param& p) {
  return {
      {"name", p.name},
      {"type", p.type_text()},
      {"default", nlohmann::ordered_json(p.fallback)},
      {"default_text", p.default_shown()},
      {"grid_axis", p.grid_axis},
      {"choices", p.choices.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.choices)},
      {"description", p.doc}};
}

/// A method as JSON (docs/cli.md): identity, the knob of path methods, every parameter.
nlohmann::ordered_json method_json(const MethodDeclaration& m) {
  nlohmann::ordered_json params = nlohmann::ordered_json::array();
  const ParamTable table = method_table(m);
  for (const auto& p : table.params()) params.push_back(param_json(p));
  return {{"name", m.name},
          {"family", m.family->name},
          {"summary", m.summary},
          {"reference", json_text_or_null(m.reference)},
          {"knob", m.knob ? nlohmann::ordered_json(m.knob->param.name) : nullptr},
          {"parameters", params}};
}

}  // namespace

int run_methods(const Args& args) {
  po::options_description options("methods options");
  std::string family;
  FormatOption output({OutputFormat::text, OutputFormat::markdown, OutputFormat::json});
  options.add_options()("family", po::value(&family), "only methods for decision_tree, mlp or cnn");
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit methods [--family decision_tree|mlp|cnn] "
                          "[--format text|markdown|json]",
                          options, po::positional_options_description(), vm))
    return kExitOk;
  const OutputFormat format = output.format();
  const MethodRegistry& registry = MethodRegistry::builtin();
  if (format == OutputFormat::markdown) {
    std::cout << registry.markdown(family);
  } else if (format == OutputFormat::json) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& m : registry.methods())
      if (in_family(*m, family)) list.push_back(method_json(*m));
    print_json(list);
  } else {
    for (const auto& m : registry.methods())
      if (in_family(*m, family)) print_text(*m);
  }
  return kExitOk;
}

}  // namespace prunekit::cli
