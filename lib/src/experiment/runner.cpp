#include "prunekit/experiment/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iomanip>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>

#include "core/parallel.hpp"
#include "experiment/output_folder.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/manifest.hpp"

namespace prunekit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The record on one line of a run log; none when the line is not one.
std::optional<RunRecord> run_record_of(std::string_view line) {
  const auto parsed = nlohmann::json::parse(line, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  try {
    return parsed.get<RunRecord>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

nlohmann::json without_timings(nlohmann::json value) {
  if (value.is_object()) {
    value.erase("timing");
    for (auto& [k, v] : value.items()) v = without_timings(v);
  } else if (value.is_array()) {
    for (auto& v : value) v = without_timings(v);
  }
  return value;
}

std::vector<RunRecord> read_run_log(const std::string& path) {
  std::vector<RunRecord> records;
  if (!std::filesystem::exists(path)) return records;
  const std::string text = read_file(path);
  std::size_t start = 0;
  std::size_t line = 1;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    const std::string_view content(text.data() + start, (last ? text.size() : end) - start);
    if (!content.empty()) {
      check_json_limits(content, path);
      auto record = run_record_of(content);
      if (!record) {
        if (last) break;  // an interrupted append
        throw DataError(path, line, 1, "not a run record; the file is damaged");
      }
      if (last) break;  // no newline yet: the write was not finished
      records.push_back(std::move(*record));
    }
    if (last) break;
    start = end + 1;
    ++line;
  }
  return records;
}

namespace {

class Progress {
 public:
  Progress(const ExperimentPlan& plan, const RunnerOptions& options, std::size_t total,
           std::size_t resumed, const std::vector<std::size_t>& pending_per_dataset)
      : plan_(plan),
        options_(options),
        total_(total),
        done_(resumed),
        resumed_(resumed),
        left_(pending_per_dataset),
        start_(Clock::now()),
        dataset_start_(pending_per_dataset.size(), Clock::now()) {}

  void finished(std::size_t dataset, std::size_t runs) {
    if (options_.progress == nullptr) return;
    done_ += runs;
    left_[dataset] -= runs;
    std::ostream& out = *options_.progress;
    const double elapsed = seconds_since(start_);
    if (options_.progress_is_terminal) {
      const double rate = static_cast<double>(done_ - resumed_) / std::max(elapsed, 1e-9);
      const double remaining = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0.0;
      out << "\r  " << done_ << "/" << total_ << " runs, " << std::fixed << std::setprecision(1)
          << elapsed << " s elapsed, ~" << remaining << " s remaining   " << std::flush;
      out.unsetf(std::ios::fixed);
      if (done_ == total_) out << "\n";
    } else if (left_[dataset] == 0) {
      out << plan_.datasets[dataset].entry.name << ": done (" << done_ << "/" << total_ << " runs, "
          << std::fixed << std::setprecision(1) << elapsed << " s)\n"
          << std::flush;
      out.unsetf(std::ios::fixed);
    }
  }

 private:
  const ExperimentPlan& plan_;
  const RunnerOptions& options_;
  std::size_t total_;
  std::size_t done_;
  std::size_t resumed_;
  std::vector<std::size_t> left_;
  Clock::time_point start_;
  std::vector<Clock::time_point> dataset_start_;
};

namespace fs = std::filesystem;

/// The runs finished so far, in plan order.
struct Finished {
  std::vector<RunRecord> records;  ///< one per plan run; meaningful where `done`
  std::vector<bool> done;
};

/// Keeps the finished runs of the log that are still in the plan. Run ids are content hashes:
/// every finished run still in the plan is kept, whatever else changed in the config (an
/// added seed or grid value runs only the new runs).
void resume_from_log(const ExperimentPlan& plan, const std::vector<bool>& in_scope,
                     const fs::path& log_path, Finished& finished, ExperimentOutcome& outcome) {
  std::map<std::string, std::size_t> index_of_id;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) index_of_id[plan.runs[i].id] = i;
  for (auto& r : read_run_log(log_path.string())) {
    const auto it = index_of_id.find(r.run_id);
    if (it == index_of_id.end() || !in_scope[it->second] || finished.done[it->second]) {
      ++outcome.runs_dropped;
      continue;
    }
    finished.done[it->second] = true;
    finished.records[it->second] = std::move(r);
    ++outcome.runs_resumed;
  }
}

/// Empties the output folder's results, unless it holds finished runs and `force` is unset.
void start_over(const fs::path& out, const fs::path& log_path, bool force) {
  std::error_code ec;
  if (!force && fs::exists(log_path, ec)) {
    const std::size_t finished = read_run_log(log_path.string()).size();
    if (finished > 0)
      throw Error(out.string() + ": the output folder holds " + std::to_string(finished) +
                  " finished runs; continue them with --resume, or start over with --force");
  }
  if (fs::remove(log_path, ec); ec)
    throw Error(log_path.string() + ": cannot remove: " + ec.message());
  remove_results(out.string());
}

/// The fit groups with runs left to do, and those runs.
struct Pending {
  std::vector<std::size_t> groups{};
  std::vector<std::vector<std::size_t>> wanted{};  ///< per plan group
  std::vector<std::size_t> per_dataset{};          ///< runs left
};

Pending pending_work(const ExperimentPlan& plan, const std::vector<bool>& in_scope,
                     const std::vector<bool>& done) {
  Pending p{.wanted = std::vector<std::vector<std::size_t>>(plan.groups.size()),
            .per_dataset = std::vector<std::size_t>(plan.datasets.size(), 0)};
  for (std::size_t g = 0; g < plan.groups.size(); ++g) {
    for (const auto r : plan.groups[g].runs)
      if (in_scope[r] && !done[r]) p.wanted[g].push_back(r);
    if (!p.wanted[g].empty()) {
      p.groups.push_back(g);
      p.per_dataset[plan.groups[g].dataset] += p.wanted[g].size();
    }
  }
  return p;
}

void announce(const ExperimentPlan& plan, const RunnerOptions& options, std::size_t runs,
              std::size_t resumed) {
  if (options.progress == nullptr) return;
  *options.progress << "prunekit run: " << plan.config.name << ": ";
  if (!options.shard.whole())
    *options.progress << "shard " << options.shard.index << "/" << options.shard.count << ", "
                      << runs << " of ";
  *options.progress << plan.runs.size() << " runs in " << plan.groups.size() << " fit groups";
  if (resumed > 0) *options.progress << " (" << resumed << " already done)";
  *options.progress << ", " << options.jobs << " job" << (options.jobs > 1 ? "s" : "") << "\n";
}

/// Runs the pending groups on the executor, appending each finished record to the log
/// (flushed) as it comes. Stops early on an interrupt or the first failure (rethrown).
void execute_pending(const ExperimentPlan& plan, const Factories& factories,
                     const RunnerOptions& options, const Pending& pending, const fs::path& log_path,
                     Finished& finished, Progress& progress) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> log(
      std::fopen(log_path.string().c_str(), "ab"), &std::fclose);
  if (log == nullptr) throw Error("cannot append to " + log_path.string());
  std::vector<GroupWork> work;
  for (const auto g : pending.groups) work.push_back({g, pending.wanted[g]});
  const GroupDone done = [&](const GroupWork& item, std::vector<RunRecord> records) {
    if (records.size() != item.runs.size())
      throw Error("fit group " + plan.groups[item.group].id + ": " +
                  std::to_string(records.size()) + " records for " +
                  std::to_string(item.runs.size()) + " runs");
    for (std::size_t i = 0; i < records.size(); ++i) {
      const std::string line = run_log_line(records[i]);
      if (std::fwrite(line.data(), 1, line.size(), log.get()) != line.size() ||
          std::fflush(log.get()) != 0)
        throw Error("cannot append to " + log_path.string());
      const std::size_t r = item.runs[i];
      finished.records[r] = std::move(records[i]);
      finished.done[r] = true;
    }
    progress.finished(plan.groups[item.group].dataset, records.size());
  };
  ThreadExecutor threads;
  GroupExecutor& executor = options.executor != nullptr ? *options.executor : threads;
  executor.run(plan, factories, work, options.jobs, options.interrupt, done);
}

/// Which runs this invocation owns: all of them, or those of the shard's fit groups.
std::vector<bool> runs_in_scope(const ExperimentPlan& plan, const Factories& factories,
                                ShardSpec shard) {
  std::vector<bool> in_scope(plan.runs.size(), shard.whole());
  if (shard.whole()) return in_scope;
  const auto assignment = assign_groups(group_costs(plan, factories), shard.count);
  for (const auto g : groups_of_shard(assignment, shard))
    for (const auto r : plan.groups[g].runs) in_scope[r] = true;
  return in_scope;
}

}  // namespace

ExperimentOutcome run_experiment(const ExperimentPlan& plan, const Factories& factories,
                                 const RunnerOptions& options) {
  if (options.jobs < 1) throw InvalidArgument("--jobs must be at least 1");
  const auto& config = plan.config;
  ExperimentOutcome outcome;
  check_output_folder(config, options.output);
  outcome.output_dir = output_folder_of(plan, options.output, options.shard);
  const auto in_scope = runs_in_scope(plan, factories, options.shard);
  outcome.runs_total = static_cast<std::size_t>(std::count(in_scope.begin(), in_scope.end(), true));
  const fs::path out(outcome.output_dir);
  const fs::path log_path = out / "runs.jsonl";

  Finished finished{std::vector<RunRecord>(plan.runs.size()),
                    std::vector<bool>(plan.runs.size(), false)};
  create_output_folder(out);
  const OutputFolderLock lock(out);
  if (options.resume)
    resume_from_log(plan, in_scope, log_path, finished, outcome);
  else
    start_over(out, log_path, options.force);
  write_file_atomically((out / "config.json").string(), config.raw.dump(2) + "\n");
  write_manifest(out.string(), make_manifest(plan, options.shard));
  if (!options.shard.whole()) remove_results(out.string());  // a shard has no summary
  {
    // Rewrite the log with exactly the kept records (drops a truncated last line).
    std::vector<RunRecord> kept;
    for (std::size_t i = 0; i < finished.records.size(); ++i)
      if (finished.done[i]) kept.push_back(finished.records[i]);
    write_run_log(log_path.string(), kept);
  }

  const Pending pending = pending_work(plan, in_scope, finished.done);
  announce(plan, options, outcome.runs_total, outcome.runs_resumed);
  Progress progress(plan, options, outcome.runs_total, outcome.runs_resumed, pending.per_dataset);
  execute_pending(plan, factories, options, pending, log_path, finished, progress);
  const auto& done = finished.done;
  outcome.runs_done = static_cast<std::size_t>(std::count(done.begin(), done.end(), true));
  if (outcome.runs_done < outcome.runs_total) {
    outcome.interrupted = true;  // only an interrupt leaves runs undone without a failure
    return outcome;
  }
  if (!options.shard.whole()) {
    outcome.partial = true;  // a slice: `prunekit merge` writes the summary
    return outcome;
  }
  auto written = write_experiment_results(plan, finished.records, out.string(), options.figures);
  outcome.summary = std::move(written.summary);
  outcome.results = std::move(written.results);
  return outcome;
}

void ThreadExecutor::run(const ExperimentPlan& plan, const Factories& factories,
                         const std::vector<GroupWork>& work, int jobs,
                         const std::atomic<bool>* interrupt, const GroupDone& done) {
  std::mutex mutex;
  parallel_for(work.size(), static_cast<std::size_t>(std::max(jobs, 1)), [&](std::size_t k) {
    if (interrupt != nullptr && interrupt->load()) return;
    auto records = execute_group(plan, work[k].group, work[k].runs, factories);
    const std::lock_guard lock(mutex);
    done(work[k], std::move(records));
  });
}

}  // namespace prunekit
