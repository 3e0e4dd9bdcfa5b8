#include <chrono>
#include <iostream>

#include "cli_support.hpp"
#include "model_files.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit::cli {

int run_prune(const Args& args) {
  po::options_description options("prune options");
  std::string path;
  std::string method;
  std::string select;
  std::vector<std::string> settings;
  std::string save;
  std::string report;
  std::uint64_t seed = 0;
  int jobs = 1;
  DataSourceOptions source;
  options.add_options()
      ("model", po::value(&path)->required(), "fitted model file")
      ("method", po::value(&method)->required(), "pruning method (see prunekit methods)")
      ("select", po::value(&select), "selection rule: fixed|validation|cv_min|cv_1se")
      ("set", po::value(&settings)->composing(), "method parameter key=value (repeatable)")
      ("save", po::value(&save)->required(), "where to write the pruned model")
      ("report", po::value(&report), "also write the pruning report (JSON) here")
      ("seed", po::value(&seed), "random seed for folds and pruning sets (default 0)")
      ("jobs", po::value(&jobs), "threads for cross-validation folds (default 1)");
  source.add_to(options);
  po::positional_options_description positional;
  positional.add("model", 1);
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit prune model.json --method NAME [--select RULE] "
                          "[--set key=value ...] --dataset NAME|--data FILE --save pruned.json",
                          options, positional, vm))
    return kExitOk;
  if (jobs < 1) throw UsageError("--jobs must be at least 1");

  nlohmann::json spec = parse_settings(settings);
  spec["method"] = method;
  if (!select.empty()) spec["select"] = select;
  const auto pruner = make_pruner(spec, "--set", "");
  const SavedModel saved = load_cli_model(path);
  if (!pruner->supports(*saved.model))
    throw UsageError("method '" + method + "' does not apply to this " + saved.model->kind() +
                     " model");
  Dataset raw = source.load();
  align_labels(raw, saved.class_names);
  const Dataset data = saved.preprocessor.apply(raw);

  Rng rng(seed);
  const PruneContext context{data, nullptr, jobs};
  const auto start = std::chrono::steady_clock::now();
  PruneResult result = pruner->prune(*saved.model, context, rng);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json summary = {{"method", result.report.method},
                            {"params", pruner->params()},
                            {"knob_name", result.report.knob_name},
                            {"knob", result.report.knob},
                            {"before", result.report.before},
                            {"after", result.report.after},
                            {"details", result.report.details},
                            {"seconds", seconds}};
  // Both files or neither: a failed command leaves no output of its own.
  std::vector<std::pair<std::string, std::string>> files{
      {save, derived_model_text(*result.model, saved)}};
  if (!report.empty()) files.emplace_back(report, summary.dump(2) + "\n");
  write_files_atomically(files);

  std::cout << method << " on " << path << " in " << seconds << " s\n"
            << "before: " << result.report.before.dump() << "\n"
            << "after:  " << result.report.after.dump() << "\n";
  if (!result.report.knob_name.empty())
    std::cout << "chosen " << result.report.knob_name << ": " << result.report.knob << "\n";
  const auto predicted = result.model->predict(data);
  std::cout << (data.is_classification() ? "accuracy" : "R2") << " on the given data: "
            << score(data, predicted) << "\nsaved to " << save << "\n";
  return kExitOk;
}

}  // namespace prunekit::cli
