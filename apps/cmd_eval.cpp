#include <iomanip>
#include <iostream>

#include "cli_support.hpp"
#include "held_out.hpp"
#include "model_files.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/model/metrics.hpp"
#include "prunekit/model/model_file.hpp"

namespace prunekit::cli {

namespace {

void print_confusion(const Dataset& data, const std::vector<double>& predicted) {
  const auto counts = confusion_matrix(data, predicted);
  std::size_t width = 6;
  for (const auto& name : data.schema.class_names) width = std::max(width, name.size() + 1);
  std::cout << "\nconfusion matrix (rows: true class, columns: predicted)\n"
            << std::setw(static_cast<int>(width)) << "";
  for (const auto& name : data.schema.class_names)
    std::cout << std::setw(static_cast<int>(width)) << name;
  std::cout << "\n";
  for (std::size_t r = 0; r < counts.size(); ++r) {
    std::cout << std::setw(static_cast<int>(width)) << data.schema.class_names[r];
    for (std::size_t c : counts[r]) std::cout << std::setw(static_cast<int>(width)) << c;
    std::cout << "\n";
  }
}

/// {"model", "kind", "data", "metrics", "confusion_matrix"} (docs/cli.md); the confusion matrix
/// (rows: true class, columns: predicted) is null for regression.
nlohmann::ordered_json eval_json(const std::string& path, const Model& model, const Dataset& data,
                                 const nlohmann::ordered_json& info) {
  const auto predicted = model.predict(data);
  nlohmann::ordered_json confusion;
  if (data.is_classification())
    confusion = {{"classes", data.schema.class_names},
                 {"counts", confusion_matrix(data, predicted)}};
  return {{"model", path},
          {"kind", model.kind()},
          {"data", info},
          {"metrics", metrics_json(data, predicted)},
          {"confusion_matrix", confusion}};
}

}  // namespace

int run_eval(const Args& args) {
  po::options_description options("eval options");
  std::string path;
  DataSourceOptions source;
  FormatOption output;
  double test_fraction = 0.0;
  std::uint64_t seed = 0;
  options.add_options()("model", po::value(&path)->required(), "model file")(
      "test-fraction", po::value(&test_fraction),
      "score only the share of the data that train/prune --test-fraction F --seed S held out")(
      "seed", po::value(&seed), "seed of --test-fraction (default 0)");
  source.add_to(options);
  output.add_to(options);
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit eval model.json --dataset NAME|--data FILE [--test-fraction F "
                          "--seed S] [--format text|json]",
                          options, "model", vm))
    return kExitOk;
  const bool json = output.json();
  const ModelFile saved = load_model_file(path);
  Dataset raw = source.load();
  if (raw.schema.task != saved.model->task())
    throw DataError(raw.provenance.path, std::string("the data is a ") +
                                             to_string(raw.schema.task) + " task, the model does " +
                                             to_string(saved.model->task()));
  HeldOutOptions held_out;
  held_out.test_fraction = test_fraction;
  DataParts parts = split_held_out(std::move(raw), held_out, seed, "data");
  const bool held = parts.test.has_value();
  const Dataset data = saved.prepare(held ? *parts.test : parts.work);
  if (json) {
    print_json(eval_json(path, *saved.model, data, held ? parts.test_info : parts.work_info));
    return kExitOk;
  }
  const std::string label = held ? parts.test_label : parts.work_label;
  std::cout << "model " << path << " (" << saved.model->kind() << ")\n"
            << score_line(*saved.model, data, label) << "\n";
  if (data.is_classification()) print_confusion(data, saved.model->predict(data));
  return kExitOk;
}

}  // namespace prunekit::cli
