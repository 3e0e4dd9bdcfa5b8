#pragma once
/// Merging output folders of one config (the shards of `prunekit run --shard K/N`, or any
/// other runs of it) into one: runs deduplicated by run id, conflicting records refused, then
/// the same summary, results.json, summary.csv and report a single `prunekit run` writes.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "prunekit/experiment/runner.hpp"
#include "prunekit/experiment/shard.hpp"

namespace prunekit {

struct MergeOptions {
  /// The merged folder; empty = the config's "output".
  std::string output;
  /// Also write the report's charts under figures/.
  bool figures = true;
  /// Where warnings go (runs that no folder holds, records not in the plan); nullptr: nowhere.
  std::ostream* warnings = nullptr;
};

struct MergeOutcome {
  std::string output_dir;
  std::string config_file;         ///< the config the folders were run from
  std::size_t runs_total = 0;      ///< runs of the plan
  std::size_t runs_found = 0;      ///< distinct runs the folders hold
  std::size_t duplicates = 0;      ///< records found in more than one folder (identical)
  std::vector<ShardSpec> missing;  ///< shards with runs that no folder holds
  bool complete = false;           ///< every run found: the results were written
  ExperimentResults results;       ///< when complete
};

/// Merges `dirs` (each with a shard.json, runs.jsonl and config.json, as `prunekit run` writes
/// them). Error naming the folder for a folder of another config, and naming the run id and
/// both folders for two records of one run that differ apart from their timings. Writes
/// runs.jsonl (plan order) atomically; the results only when every run of the plan is found.
MergeOutcome merge_outputs(const std::vector<std::string>& dirs, const Factories& factories,
                           const MergeOptions& options);

}  // namespace prunekit
