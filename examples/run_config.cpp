// Run an experiment described in JSON (as `prunekit run` does) and print its summary: each
// variant's test score, generalization gap and size.
// Usage: run_config [output folder] [config.json] (without a config: the one below)
#include <filesystem>
#include <iostream>

#include "prunekit/prunekit.hpp"

int main(int argc, char** argv) try {
  using namespace prunekit;
  const ExperimentConfig config = argc > 2 ? read_experiment_config(argv[2])
                                           : parse_experiment_config(nlohmann::json::parse(R"({
                   "name": "example", "datasets": ["iris", "wine"],
                   "protocol": {"kind": "kfold", "folds": 5, "seed": 0},
                   "model": {"kind": "decision_tree"},
                   "pruners": [{"method": "none"},
                               {"method": "cost_complexity", "select": "cv_1se"},
                               {"method": "error_based", "confidence": [0.1, 0.25]}]})"),
                                                                     "example");
  const Factories factories = Factories::registries();
  const ExperimentPlan plan = plan_experiment(config, factories);
  RunnerOptions options;
  options.output = argc > 1 ? argv[1] : "example_output";
  options.force = true;
  std::filesystem::create_directories(options.output);
  const ExperimentOutcome outcome = run_experiment(plan, factories, options);
  for (const SummaryRow& row : outcome.summary)
    std::cout << row.dataset << "  " << row.label << ": test " << row.test_score->mean << ", gap "
              << row.gap->mean << ", " << main_size_key(row) << " "
              << row.size_after.at(main_size_key(row)).mean << "\n";
  std::cout << outcome.runs_done << " runs in " << outcome.output_dir << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "run_config: " << e.what() << "\n";
  return 2;
}
