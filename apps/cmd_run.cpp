#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli_support.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/results.hpp"
#include "prunekit/experiment/runner.hpp"

namespace prunekit::cli {
namespace {

std::atomic<bool> g_interrupted{false};

/// The first Ctrl-C asks the runner to stop after the fit groups in progress; a second one
/// ends the process at once (the default action).
extern "C" void on_sigint(int) {
  g_interrupted.store(true);
  std::signal(SIGINT, SIG_DFL);
  static constexpr char kMessage[] =
      "\nprunekit run: stopping after the fit groups in progress (Ctrl-C again stops at once)\n";
  [[maybe_unused]] const auto n = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

}  // namespace

int run_run(const Args& args) {
  po::options_description options("run options");
  std::string config_path;
  int jobs = 1;
  std::string out;
  options.add_options()("config", po::value(&config_path)->required(), "experiment config (JSON)")(
      "jobs,j", po::value(&jobs), "fit groups run in parallel (default 1)")(
      "resume", "continue an interrupted experiment in its output folder")(
      "force", "start over in an output folder that holds finished runs")(
      "out", po::value(&out), "output folder (default: the config's \"output\", else out/<name>)")(
      "dry-run", "check the config and list the runs without running them")(
      "no-figures", "write report.html only, not each chart under figures/ (SVG and CSV)");
  po::variables_map vm;
  if (!parse_command_line(
          args, "prunekit run CONFIG [--jobs N] [--resume] [--out DIR] [--dry-run] [--no-figures]",
          options, "config", vm))
    return kExitOk;
  if (jobs < 1) throw UsageError("--jobs must be at least 1");

  const auto factories = Factories::registries();
  const auto config = read_experiment_config(config_path);
  check_output_folder(config, out);
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
  runner.force = vm.count("force") > 0;
  runner.figures = vm.count("no-figures") == 0;
  runner.interrupt = &g_interrupted;
  runner.output = out;
  runner.progress = &std::cerr;
  runner.progress_is_terminal = isatty(fileno(stderr)) != 0;
  std::signal(SIGINT, on_sigint);
  const auto outcome = run_experiment(plan, factories, runner);
  std::signal(SIGINT, SIG_DFL);
  if (outcome.interrupted) {
    std::cerr << "\nprunekit run: interrupted: " << outcome.runs_done << " of "
              << outcome.runs_total << " runs are saved in " << outcome.output_dir
              << "/runs.jsonl\ncontinue with: prunekit run " << config_path
              << (out.empty() ? "" : " --out " + out) << " --resume\n";
    return kExitInterrupted;
  }
  std::cout << summary_table(outcome.summary);
  std::cout << "\nresults: " << outcome.output_dir << "/results.json, " << outcome.output_dir
            << "/summary.csv\nreport:  " << outcome.output_dir << "/report.html\n";
  return kExitOk;
}

}  // namespace prunekit::cli
