#pragma once
/// Running an experiment plan: fit groups on a thread pool, one JSON line per finished run
/// appended (and flushed) to `runs.jsonl`, resumable after any interruption, then the summary,
/// `results.json`, `summary.csv`, `report.html` and its charts under `figures/`, each written
/// atomically.
///
/// The unit of work is the fit group (plan.hpp): fitting dominates the cost, so the unpruned
/// model is fitted once and every pruning variant of the group starts from it. Every fit and
/// every pruning draws from its own stream (Rng::for_stream(seed, stream)), so the results do
/// not depend on --jobs nor on which runs a resumed experiment still had to do. Wall-clock
/// timings are kept in "timing" objects, apart from everything else.

#include <atomic>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/experiment/group_executor.hpp"
#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/records.hpp"
#include "prunekit/experiment/shard.hpp"

namespace prunekit {

struct RunnerOptions {
  /// Fit groups run in parallel on this many threads (>= 1).
  int jobs = 1;
  /// Keep the finished runs of `runs.jsonl` whose run id is still in the plan (run ids are
  /// content hashes: a config with an added seed or grid value reuses the runs it shares).
  bool resume = false;
  /// Without `resume`, start over even if the output folder holds finished runs (otherwise
  /// that is an error, so that no finished work is lost by accident).
  bool force = false;
  /// Polled between fit groups: once true, no new group starts, the finished runs stay in
  /// `runs.jsonl` and the outcome says `interrupted` (set from a SIGINT handler).
  const std::atomic<bool>* interrupt = nullptr;
  /// The output folder; empty = the config's "output" (with a ".shard-K-of-N" suffix for a
  /// shard).
  std::string output;
  /// Run only this slice of the plan (shard.hpp): its runs.jsonl and shard.json, no summary
  /// nor report (`prunekit merge` combines the slices).
  ShardSpec shard{};
  /// Where progress goes (nullptr: nowhere).
  std::ostream* progress = nullptr;
  /// Progress as a refreshed status line (a terminal) or one line per finished dataset.
  bool progress_is_terminal = false;
  /// Also write each chart of the report as figures/<id>.svg and the numbers it draws as
  /// figures/<id>.csv.
  bool figures = true;
  /// Where the fit groups run (nullptr: `jobs` threads of this process). Not owned.
  GroupExecutor* executor = nullptr;
};

struct ExperimentOutcome {
  std::string output_dir;
  std::size_t runs_total = 0;       ///< runs of the shard (the whole plan without one)
  std::size_t runs_resumed = 0;     ///< finished before this invocation
  std::size_t runs_dropped = 0;     ///< finished before, but no longer in the plan
  std::size_t runs_done = 0;        ///< finished and saved in runs.jsonl (all of them, resumed too)
  bool interrupted = false;         ///< stopped by `interrupt`; no results were written
  bool partial = false;             ///< a shard of the plan: no results were written
  nlohmann::json results;           ///< what results.json holds
  std::vector<SummaryRow> summary;  ///< its "summary", typed
};

/// The records of the runs `wanted` (indices into plan.runs, all of group `group`), in group
/// order. Fits the group's model once. Thread-safe: reads the plan only.
[[nodiscard]] std::vector<RunRecord> execute_group(const ExperimentPlan& plan, std::size_t group,
                                                   const std::vector<std::size_t>& wanted,
                                                   const Factories& factories);

/// Runs (or resumes) the plan and writes every output file.
ExperimentOutcome run_experiment(const ExperimentPlan& plan, const Factories& factories,
                                 const RunnerOptions& options);

/// The output folder of `plan` for `output` (empty: the config's) and `shard`.
[[nodiscard]] std::string output_folder_of(const ExperimentPlan& plan, const std::string& output,
                                           ShardSpec shard);

/// Writes `records` as a run log (one JSON line each), atomically.
void write_run_log(const std::string& path, const std::vector<RunRecord>& records);

/// Removes results.json, summary.csv, report.html and figures/ from `out` (stale once its runs
/// change); an Error naming the file that cannot be removed.
void remove_results(const std::string& out);

/// What summarizing a complete set of records gives.
struct ExperimentResults {
  nlohmann::json results;           ///< what results.json holds
  std::vector<SummaryRow> summary;  ///< its "summary", typed
};

/// Summarizes `records` (one per plan run, in plan order) and writes results.json, summary.csv,
/// report.html and (with `figures`) figures/ into `out`, each file atomically.
ExperimentResults write_experiment_results(const ExperimentPlan& plan,
                                           const std::vector<RunRecord>& records,
                                           const std::string& out, bool figures);

/// One line of a run log: the record as compact JSON and a newline (also what MPI ranks send
/// rank 0).
[[nodiscard]] std::string run_log_line(const RunRecord& record);

/// The finished records of a `runs.jsonl` file; a truncated last line (an interrupted write)
/// is ignored, any other line that is not a run record (records.hpp) is a DataError.
[[nodiscard]] std::vector<RunRecord> read_run_log(const std::string& path);

/// Removes every "timing" member, recursively (for comparing results across runs).
[[nodiscard]] nlohmann::json without_timings(nlohmann::json value);

}  // namespace prunekit
