#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli_support.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/results.hpp"
#include "prunekit/experiment/runner.hpp"

namespace prunekit::cli {

int run_run(const Args& args) {
  po::options_description options("run options");
  std::string config_path;
  int jobs = 1;
  std::string out;
  options.add_options()
      ("config", po::value(&config_path)->required(), "experiment config (JSON)")
      ("jobs,j", po::value(&jobs), "fit groups run in parallel (default 1)")
      ("resume", "continue an interrupted experiment in its output folder")
      ("out", po::value(&out), "output folder (default: the config's \"output\", else out/<name>)")
      ("dry-run", "check the config and list the runs without running them");
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  if (!parse_command_line(args, "prunekit run CONFIG [--jobs N] [--resume] [--out DIR] [--dry-run]",
                          options, positional, vm))
    return kExitOk;
  if (jobs < 1) throw UsageError("--jobs must be at least 1");

  const auto factories = Factories::registries();
  const auto config = read_experiment_config(config_path);
  const auto plan = plan_experiment(config, factories);

  if (vm.count("dry-run")) {
    std::cout << config.name << ": " << plan.runs.size() << " runs in " << plan.groups.size()
              << " fit groups (" << plan.datasets.size() << " datasets, " << plan.variants.size()
              << " variants, " << config.seeds.size() << " seeds)\n";
    for (const auto& r : plan.runs) {
      const auto& split = plan.datasets[r.dataset].splits[r.split];
      std::cout << r.id << "  " << plan.datasets[r.dataset].entry.name << "  repeat "
                << split.repeat << " fold " << split.fold;
      if (split.train_fraction != 1.0) std::cout << " fraction " << split.train_fraction;
      std::cout << "  seed " << r.seed << "  " << plan.variants[r.variant].label << "\n";
    }
    return kExitOk;
  }

  RunnerOptions runner;
  runner.jobs = jobs;
  runner.resume = vm.count("resume") > 0;
  runner.output = out;
  runner.progress = &std::cerr;
  runner.progress_is_terminal = isatty(fileno(stderr)) != 0;
  const auto outcome = run_experiment(plan, factories, runner);
  std::cout << summary_table(outcome.results["summary"]);
  std::cout << "\nresults: " << outcome.output_dir << "/results.json, " << outcome.output_dir
            << "/summary.csv\nreport:  " << outcome.output_dir << "/report.html\n";
  return kExitOk;
}

}  // namespace prunekit::cli
