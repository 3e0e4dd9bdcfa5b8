#pragma once
/// Where an experiment's fit groups run. The runner decides what is left to do and writes every
/// record it is handed (runs.jsonl, then the summary); an executor only runs groups: on threads
/// of this process (the default), or spread over processes (the CLI's MPI executor under
/// mpirun). Records do not depend on where a group ran, so neither do the results.
#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/records.hpp"

namespace prunekit {

/// One fit group and the runs of it still to do (indices into plan.runs, in group order).
struct GroupWork {
  std::size_t group = 0;
  std::vector<std::size_t> runs{};
};

/// Called once per finished group with its records (one per GroupWork::runs, in that order),
/// never from two threads at once.
using GroupDone = std::function<void(const GroupWork& work, std::vector<RunRecord> records)>;

class GroupExecutor {
 public:
  virtual ~GroupExecutor() = default;
  /// Runs every item of `work` (in any order), `jobs` groups at a time in this process, and
  /// hands each result to `done`. Once `interrupt` is
  /// set no new group starts. A failure stops new groups and is rethrown after the running ones
  /// end.
  virtual void run(const ExperimentPlan& plan, const Factories& factories,
                   const std::vector<GroupWork>& work, int jobs, const std::atomic<bool>* interrupt,
                   const GroupDone& done) = 0;
};

/// The default: `jobs` threads of this process.
class ThreadExecutor final : public GroupExecutor {
 public:
  void run(const ExperimentPlan& plan, const Factories& factories,
           const std::vector<GroupWork>& work, int jobs, const std::atomic<bool>* interrupt,
           const GroupDone& done) override;
};

}  // namespace prunekit
