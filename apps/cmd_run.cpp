#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <optional>
#include <sstream>

#include "cli_support.hpp"
#include "mpi_world.hpp"
#include "prunekit/experiment/config.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/results.hpp"
#include "prunekit/experiment/runner.hpp"
#include "prunekit/experiment/shard.hpp"

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

/// Seconds with three significant digits.
std::string seconds(double s) {
  std::ostringstream text;
  text << std::setprecision(3) << s << " s";
  return text.str();
}

void print_run(const ExperimentPlan& plan, const RunSpec& r) {
  const auto& split = plan.datasets[r.dataset].splits[r.split];
  std::cout << r.id << "  " << plan.datasets[r.dataset].entry.name << "  repeat " << split.repeat
            << " fold " << split.fold;
  if (split.train_fraction != 1.0) std::cout << " fraction " << split.train_fraction;
  std::cout << "  seed " << r.seed << "  " << plan.variants[r.variant].label << "\n";
}

/// The expected total cost and the speed-up the LPT assignment promises for a few shard counts.
void print_forecast(const std::vector<double>& costs) {
  const double total = std::accumulate(costs.begin(), costs.end(), 0.0);
  const double largest = costs.empty() ? 0.0 : *std::max_element(costs.begin(), costs.end());
  std::cout << "expected cost: " << seconds(total) << " on one core; largest fit group "
            << seconds(largest) << " (the critical path)\n"
            << "shards  makespan  speed-up\n";
  for (const std::size_t n : {1, 2, 8, 32, 128}) {
    const auto f = forecast_shards(costs, n);
    std::cout << std::setw(6) << n << "  " << std::setw(8) << seconds(f.makespan) << "  "
              << std::fixed << std::setprecision(1) << f.speedup() << "x\n";
    std::cout.unsetf(std::ios::fixed);
  }
}

/// `--dry-run`: the runs (of the shard) and their expected cost.
void dry_run(const ExperimentPlan& plan, const Factories& factories, ShardSpec shard) {
  const auto& config = plan.config;
  std::cout << config.name << ": " << plan.runs.size() << " runs in " << plan.groups.size()
            << " fit groups (" << plan.datasets.size() << " datasets, " << plan.variants.size()
            << " variants, " << config.seeds.size() << " seeds)\n";
  const auto costs = group_costs(plan, factories);
  if (shard.whole()) {
    for (const auto& r : plan.runs) print_run(plan, r);
    print_forecast(costs);
    return;
  }
  const auto assignment = assign_groups(costs, shard.count);
  std::vector<bool> mine(plan.groups.size(), false);
  double cost = 0.0;
  double largest = 0.0;
  std::size_t runs = 0;
  for (const auto g : groups_of_shard(assignment, shard)) {
    mine[g] = true;
    cost += costs[g];
    largest = std::max(largest, costs[g]);
    runs += plan.groups[g].runs.size();
  }
  for (const auto& r : plan.runs)
    if (mine[r.group]) print_run(plan, r);
  const auto f = forecast_shards(costs, shard.count);
  std::cout << "shard " << shard.index << "/" << shard.count << ": " << runs << " runs in "
            << std::count(mine.begin(), mine.end(), true) << " fit groups, expected cost "
            << seconds(cost) << " of " << seconds(f.total) << " in total; its largest fit group "
            << seconds(largest) << "; the slowest of " << shard.count << " shards "
            << seconds(f.makespan) << " (speed-up " << std::fixed << std::setprecision(1)
            << f.speedup() << "x)\n";
  std::cout.unsetf(std::ios::fixed);
}

/// Reads and plans the config. Under mpirun every rank plans (each loads the datasets), and a
/// failure on any rank ends them all: rank 0 throws its own error, or the first other rank's;
/// the other ranks get nothing and end quietly, so the error is printed once.
std::optional<ExperimentPlan> plan_on_every_rank(const std::string& config_path,
                                                 const std::string& out,
                                                 const Factories& factories) {
  std::optional<ExperimentPlan> plan;
  std::exception_ptr failure;
  std::string message;
  try {
    const auto config = read_experiment_config(config_path);
    check_output_folder(config, out);
    plan = plan_experiment(config, factories);
  } catch (const std::exception& e) {
    failure = std::current_exception();
    message = e.what();
  }
  const RankError first = first_error_of_ranks(message);
  if (first.rank < 0) return plan;
  if (mpi_rank() != 0) return std::nullopt;
  if (failure) std::rethrow_exception(failure);
  throw Error(first.message + " (on MPI rank " + std::to_string(first.rank) + ")");
}

/// Prints the outcome of a finished run (or shard) and returns the exit code.
int report_outcome(const ExperimentOutcome& outcome, const std::string& config_path,
                   const std::string& resume_args) {
  if (outcome.interrupted) {
    std::cerr << "\nprunekit run: interrupted: " << outcome.runs_done << " of "
              << outcome.runs_total << " runs are saved in " << outcome.output_dir
              << "/runs.jsonl\ncontinue with: prunekit run " << config_path << resume_args
              << " --resume\n";
    return kExitInterrupted;
  }
  if (outcome.partial) {
    std::cout << outcome.runs_done << " runs of this shard are in " << outcome.output_dir
              << "/runs.jsonl\ncombine the shards with: prunekit merge DIR...\n";
    return kExitOk;
  }
  std::cout << summary_table(outcome.summary);
  std::cout << "\nresults: " << outcome.output_dir << "/results.json, " << outcome.output_dir
            << "/summary.csv\nreport:  " << outcome.output_dir << "/report.html\n";
  return kExitOk;
}

}  // namespace

int run_run(const Args& args) {
  po::options_description options("run options");
  std::string config_path;
  int jobs = 1;
  std::string out;
  std::string shard_text;
  options.add_options()("config", po::value(&config_path)->required(), "experiment config (JSON)")(
      "jobs,j", po::value(&jobs), "fit groups run in parallel (default 1)")(
      "resume", "continue an interrupted experiment in its output folder")(
      "force", "start over in an output folder that holds finished runs")(
      "out", po::value(&out), "output folder (default: the config's \"output\", else out/<name>)")(
      "shard", po::value(&shard_text),
      "K/N: run only the K-th of N slices of the plan (default folder: <output>.shard-K-of-N)")(
      "dry-run", "check the config, list the runs and their expected cost, run nothing")(
      "no-figures", "write report.html only, not each chart under figures/ (SVG and CSV)");
  po::variables_map vm;
  if (!parse_command_line(args,
                          "prunekit run CONFIG [--jobs N] [--resume] [--out DIR] [--shard K/N] "
                          "[--dry-run] [--no-figures]",
                          options, "config", vm))
    return kExitOk;
  if (jobs < 1) throw UsageError("--jobs must be at least 1");
  const ShardSpec shard = vm.count("shard") ? parse_shard(shard_text) : ShardSpec{};

  const auto factories = Factories::registries();
  const auto plan = plan_on_every_rank(config_path, out, factories);
  if (!plan) return kExitUsage;  // another rank failed; rank 0 said why
  if (mpi_rank() != 0) {         // under mpirun: run what rank 0 hands out
    if (vm.count("dry-run") == 0) serve_mpi_work(*plan, factories, jobs);
    return kExitOk;
  }
  if (vm.count("dry-run")) {
    dry_run(*plan, factories, shard);
    return kExitOk;
  }

  RunnerOptions runner;
  runner.jobs = jobs;
  runner.resume = vm.count("resume") > 0;
  runner.force = vm.count("force") > 0;
  runner.figures = vm.count("no-figures") == 0;
  runner.interrupt = &g_interrupted;
  runner.output = out;
  runner.shard = shard;
  runner.progress = &std::cerr;
  runner.progress_is_terminal = isatty(fileno(stderr)) != 0;
  const auto executor = mpi_size() > 1 ? mpi_executor(jobs) : nullptr;
  runner.executor = executor.get();
  std::signal(SIGINT, on_sigint);
  const auto outcome = run_experiment(*plan, factories, runner);
  std::signal(SIGINT, SIG_DFL);
  const std::string resume_args =
      (out.empty() ? "" : " --out " + out) + (shard.whole() ? "" : " --shard " + shard_text);
  return report_outcome(outcome, config_path, resume_args);
}

}  // namespace prunekit::cli
