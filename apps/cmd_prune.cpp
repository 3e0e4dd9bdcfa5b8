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

namespace {

/// What `prune` reports: the models before and after, the data, the files written.
struct Pruned {
  std::string method;
  std::string path;  ///< the model file pruned
  const ModelFile& saved;
  const PruneResult& result;
  const Dataset& data;  ///< the pruning data, prepared for the model
  double seconds = 0.0;
  std::string save;
  std::string report;
};

void print_text(const Pruned& p, const DataParts& parts) {
  const PruneReport& r = p.result.report;
  std::cout << p.method << " on " << p.path << " in " << seconds_text(p.seconds) << "\n"
            << "before: " << size_in_words(r.before) << "\n"
            << "after:  " << size_in_words(r.after) << "\n";
  if (!r.knob_name.empty()) std::cout << "chosen " << r.knob_name << ": " << r.knob << "\n";
  std::cout << score_line(*p.saved.model, p.data, parts.work_label) << " before pruning\n"
            << score_line(*p.result.model, p.data, parts.work_label) << " after\n";
  if (parts.test) {
    const Dataset test = p.saved.prepare(*parts.test);
    std::cout << score_line(*p.saved.model, test, parts.test_label) << " before pruning\n"
              << score_line(*p.result.model, test, parts.test_label) << " after\n";
  }
  std::cout << "saved to " << p.save << "\n";
}

/// Writes the pruned model and the --report file: both or neither, so that a failed command
/// leaves no output of its own.
void write_outputs(const Pruned& p, const nlohmann::json& params) {
  const PruneReport& r = p.result.report;
  nlohmann::json summary = {
      {"method", r.method}, {"params", params}, {"knob_name", r.knob_name}, {"knob", r.knob},
      {"before", r.before}, {"after", r.after}, {"details", r.details},     {"seconds", p.seconds}};
  std::vector<std::pair<std::string, std::string>> files{
      {p.save, derived_model_file_text(*p.result.model, p.saved)}};
  if (!p.report.empty()) files.emplace_back(p.report, summary.dump(2) + "\n");
  write_files_atomically(files);
}

/// {"data": info, "before": metrics, "after": metrics}: both models scored on `data`.
nlohmann::ordered_json before_after_json(const Pruned& p, const nlohmann::ordered_json& info,
                                         const Dataset& data) {
  return {{"data", info},
          {"before", metrics_json(data, p.saved.model->predict(data))},
          {"after", metrics_json(data, p.result.model->predict(data))}};
}

/// {"method", "model", "params", "seconds", "size", "knob", "pruning", "test", "saved_to",
/// "report"} (docs/cli.md).
nlohmann::ordered_json prune_json(const Pruned& p, const nlohmann::json& params,
                                  const DataParts& parts) {
  const PruneReport& r = p.result.report;
  nlohmann::ordered_json knob;
  if (!r.knob_name.empty()) knob = {{"name", r.knob_name}, {"value", json_number(r.knob)}};
  nlohmann::ordered_json test;
  if (parts.test) test = before_after_json(p, parts.test_info, p.saved.prepare(*parts.test));
  return {{"method", p.method},
          {"model", p.path},
          {"params", nlohmann::ordered_json(params)},
          {"seconds", json_number(p.seconds)},
          {"size", {{"before", r.before}, {"after", r.after}}},
          {"knob", knob},
          {"pruning", before_after_json(p, parts.work_info, p.data)},
          {"test", test},
          {"saved_to", p.save},
          {"report", json_text_or_null(p.report)}};
}

}  // namespace

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
  FormatOption output;
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
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(
          args,
          "prunekit prune model.json --method NAME [--select RULE] "
          "[--set key=value ...] --dataset NAME|--data FILE [--validation-data FILE] "
          "[--test-data FILE|--test-fraction F] "
          "--save pruned.json [--format text|json]",
          options, "model", vm))
    return kExitOk;
  const bool json = output.json();
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

  const Pruned pruned{method, path, saved, result, data, seconds, save, report};
  write_outputs(pruned, pruner->params());
  if (json)
    print_json(prune_json(pruned, pruner->params(), parts));
  else
    print_text(pruned, parts);
  return kExitOk;
}

}  // namespace prunekit::cli
