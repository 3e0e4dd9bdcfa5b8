#include <chrono>
#include <iostream>
#include <optional>

#include "cli_support.hpp"
#include "held_out.hpp"
#include "model_files.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/data/load.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/model/model_file.hpp"
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
  std::string validation_data;
  std::uint64_t seed = 0;
  int jobs = 1;
  DataSourceOptions source;
  HeldOutOptions held_out;
  options.add_options()("model", po::value(&path)->required(), "fitted model file")(
      "method", po::value(&method)->required(), "pruning method (see prunekit methods)")(
      "select", po::value(&select), "selection rule: fixed|validation|cv_min|cv_1se")(
      "set", po::value(&settings)->composing(), "method parameter key=value (repeatable)")(
      "save", po::value(&save)->required(), "where to write the pruned model")(
      "report", po::value(&report), "also write the pruning report (JSON) here")(
      "validation-data", po::value(&validation_data),
      "validation set of --select validation (else set validation_fraction=F)")(
      "seed", po::value(&seed), "random seed for folds and pruning sets (default 0)")(
      "jobs", po::value(&jobs), "threads for cross-validation folds (default 1)");
  source.add_to(options);
  held_out.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(
          args,
          "prunekit prune model.json --method NAME [--select RULE] "
          "[--set key=value ...] --dataset NAME|--data FILE [--validation-data FILE] "
          "[--test-data FILE|--test-fraction F] "
          "--save pruned.json",
          options, "model", vm))
    return kExitOk;
  if (jobs < 1) throw UsageError("--jobs must be at least 1");

  nlohmann::json spec = parse_settings(settings);
  spec["method"] = method;
  if (!select.empty()) spec["select"] = select;
  const auto pruner = make_pruner(spec, "--set", "");
  if (pruner->needs_validation_data() && validation_data.empty())
    throw UsageError(
        "--select validation needs --validation-data FILE or --set validation_fraction=F");
  const ModelFile saved = load_model_file(path);
  if (!pruner->supports(*saved.model))
    throw UsageError("method '" + method + "' does not apply to this " + saved.model->kind() +
                     " model");
  const DataParts parts = split_held_out(source.load(), held_out, seed, "pruning data");
  const Dataset data = saved.prepare(parts.work);
  std::optional<Dataset> validation;
  if (!validation_data.empty()) {
    if (pruner->params().value("select", "") != "validation")
      throw UsageError("--validation-data is for --select validation");
    validation = saved.prepare(load_dataset(validation_data));
  }

  Rng rng(seed);
  const PruneContext context{data, validation ? &*validation : nullptr, jobs, {}};

  const auto start = std::chrono::steady_clock::now();
  PruneResult result = pruner->prune(*saved.model, context, rng);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json summary = {{"method", result.report.method},       {"params", pruner->params()},
                            {"knob_name", result.report.knob_name}, {"knob", result.report.knob},
                            {"before", result.report.before},       {"after", result.report.after},
                            {"details", result.report.details},     {"seconds", seconds}};
  // Both files or neither: a failed command leaves no output of its own.
  std::vector<std::pair<std::string, std::string>> files{
      {save, derived_model_file_text(*result.model, saved)}};
  if (!report.empty()) files.emplace_back(report, summary.dump(2) + "\n");
  write_files_atomically(files);

  std::cout << method << " on " << path << " in " << seconds_text(seconds) << "\n"
            << "before: " << size_in_words(result.report.before) << "\n"
            << "after:  " << size_in_words(result.report.after) << "\n";
  if (!result.report.knob_name.empty())
    std::cout << "chosen " << result.report.knob_name << ": " << result.report.knob << "\n";
  std::cout << score_line(*saved.model, data, parts.work_label) << " before pruning\n"
            << score_line(*result.model, data, parts.work_label) << " after\n";
  if (parts.test) {
    const Dataset test = saved.prepare(*parts.test);
    std::cout << score_line(*saved.model, test, parts.test_label) << " before pruning\n"
              << score_line(*result.model, test, parts.test_label) << " after\n";
  }
  std::cout << "saved to " << save << "\n";
  return kExitOk;
}

}  // namespace prunekit::cli
