#include <iostream>

#include "cli_support.hpp"
#include "model_files.hpp"
#include "prunekit/model/model_file.hpp"

namespace prunekit::cli {

int run_show(const Args& args) {
  po::options_description options("show options");
  std::string path;
  std::string format = "summary";
  bool text = false;
  bool dot = false;
  bool filled = false;
  options.add_options()("model", po::value(&path)->required(), "model file")(
      "text", po::bool_switch(&text), "indented text rendering")(
      "dot", po::bool_switch(&dot), "Graphviz DOT (scikit-learn's export_graphviz layout)")(
      "filled", po::bool_switch(&filled),
      "with --dot: boxes coloured by class, as export_graphviz(filled=True)")(
      "format", po::value(&format), "any rendering the model offers (see the error for the list)");
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit show model.json [--text|--dot [--filled]|--format F]",
                          options, "model", vm))
    return kExitOk;
  if (text && dot) throw UsageError("give at most one of --text and --dot");
  if (text) format = "text";
  if (filled && !dot) throw UsageError("--filled goes with --dot");
  if (dot) format = filled ? "dot_filled" : "dot";
  const ModelFile saved = load_model_file(path);
  std::cout << saved.model->render(format);
  return kExitOk;
}

}  // namespace prunekit::cli
