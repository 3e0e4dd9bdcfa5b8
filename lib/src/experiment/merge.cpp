#include "prunekit/experiment/merge.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <ostream>

#include "experiment/output_folder.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"
#include "prunekit/experiment/manifest.hpp"

namespace prunekit {
namespace {

namespace fs = std::filesystem;

struct MergeInput {
  std::string dir;
  PlanManifest manifest;
};

/// Every folder's manifest; an Error naming the first folder whose plan differs.
std::vector<MergeInput> read_inputs(const std::vector<std::string>& dirs) {
  if (dirs.empty()) throw InvalidArgument("no folders to merge");
  std::vector<MergeInput> inputs;
  for (const auto& dir : dirs) {
    inputs.push_back({dir, read_manifest(dir)});
    const auto& first = inputs.front();
    if (inputs.back().manifest.plan_id != first.manifest.plan_id)
      throw Error(dir + ": holds runs of a different config (plan " +
                  inputs.back().manifest.plan_id + ", not " + first.manifest.plan_id + " as " +
                  first.dir + ")");
  }
  return inputs;
}

/// The plan again, from the first folder's config.json read as the original config file (its
/// relative paths start at that file's folder); an Error when it no longer plans those runs.
ExperimentPlan plan_again(const MergeInput& input, const Factories& factories) {
  const auto copy = (fs::path(input.dir) / "config.json").string();
  const auto& file = input.manifest.config_file.empty() ? copy : input.manifest.config_file;
  const auto config = parse_experiment_config(read_json_file(copy), file);
  auto plan = plan_experiment(config, factories);
  if (plan_identity(plan) != input.manifest.plan_id)
    throw Error(input.dir + ": its config (" + file +
                ") now plans other runs than the folder holds (has a dataset or fold file "
                "changed?)");
  return plan;
}

/// One record per plan run (where some folder holds it) and the folder it came from.
struct Collected {
  std::vector<std::optional<RunRecord>> records;
  std::vector<std::size_t> source;
};

void add_record(const std::map<std::string, std::size_t>& index_of,
                const std::vector<MergeInput>& inputs, std::size_t from, RunRecord record,
                Collected& c, MergeOutcome& outcome, std::ostream* warnings) {
  const auto it = index_of.find(record.run_id);
  if (it == index_of.end()) {
    if (warnings != nullptr)
      *warnings << "prunekit merge: warning: " << inputs[from].dir << ": run " << record.run_id
                << " is not in the plan; skipped\n";
    return;
  }
  auto& slot = c.records[it->second];
  if (!slot) {
    slot = std::move(record);
    c.source[it->second] = from;
    ++outcome.runs_found;
    return;
  }
  // Compared as text: a NaN (written as null) never equals itself as a JSON value.
  if (without_timings(nlohmann::json(*slot)).dump() !=
      without_timings(nlohmann::json(record)).dump())
    throw Error("run " + record.run_id + ": conflicting records in " +
                inputs[c.source[it->second]].dir + " and " + inputs[from].dir +
                " (they differ apart from timings)");
  ++outcome.duplicates;
}

Collected collect(const ExperimentPlan& plan, const std::vector<MergeInput>& inputs,
                  MergeOutcome& outcome, std::ostream* warnings) {
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < plan.runs.size(); ++i) index_of[plan.runs[i].id] = i;
  Collected c{std::vector<std::optional<RunRecord>>(plan.runs.size()),
              std::vector<std::size_t>(plan.runs.size(), 0)};
  for (std::size_t k = 0; k < inputs.size(); ++k)
    for (auto& r : read_run_log((fs::path(inputs[k].dir) / "runs.jsonl").string()))
      add_record(index_of, inputs, k, std::move(r), c, outcome, warnings);
  return c;
}

/// The shards (of the first sharded folder's N) with a run that no folder holds; {1, 1} when
/// no folder is a shard.
std::vector<ShardSpec> missing_shards(const ExperimentPlan& plan, const Factories& factories,
                                      const std::vector<MergeInput>& inputs, const Collected& c) {
  std::size_t count = 1;
  for (const auto& in : inputs)
    if (!in.manifest.shard.whole()) {
      count = in.manifest.shard.count;
      break;
    }
  const auto assignment = count == 1 ? std::vector<std::size_t>(plan.groups.size(), 0)
                                     : assign_groups(group_costs(plan, factories), count);
  std::vector<ShardSpec> missing;
  for (std::size_t k = 1; k <= count; ++k) {
    bool lacking = false;
    for (const auto g : groups_of_shard(assignment, {k, count}))
      for (const auto r : plan.groups[g].runs) lacking = lacking || !c.records[r];
    if (lacking) missing.push_back({k, count});
  }
  return missing;
}

/// Refuses an output folder with finished runs that is not among the merged folders.
void check_output(const std::string& out, const std::vector<MergeInput>& inputs) {
  std::error_code ec;
  const auto log = fs::path(out) / "runs.jsonl";
  if (!fs::exists(log, ec) || read_run_log(log.string()).empty()) return;
  for (const auto& in : inputs)
    if (fs::equivalent(in.dir, out, ec)) return;
  throw Error(out +
              ": the output folder holds finished runs of its own; add it to the folders "
              "to merge, or choose another --out");
}

void warn_missing(const MergeOutcome& o, std::ostream* warnings) {
  if (warnings == nullptr || o.complete) return;
  auto& w = *warnings;
  w << "prunekit merge: warning: " << o.runs_total - o.runs_found << " of " << o.runs_total
    << " runs are in none of the folders";
  if (!o.missing.empty() && !o.missing.front().whole()) {
    w << " (missing or unfinished:";
    for (const auto& s : o.missing) w << " shard " << s.index << "/" << s.count;
    w << ")";
  }
  w << "; no summary written. Finish them with: prunekit run " << o.config_file << " --out "
    << o.output_dir << " --resume\n";
}

}  // namespace

MergeOutcome merge_outputs(const std::vector<std::string>& dirs, const Factories& factories,
                           const MergeOptions& options) {
  const auto inputs = read_inputs(dirs);
  const auto plan = plan_again(inputs.front(), factories);
  MergeOutcome outcome;
  outcome.output_dir = output_folder_of(plan, options.output, ShardSpec{});
  outcome.config_file = inputs.front().manifest.config_file;
  outcome.runs_total = plan.runs.size();
  const auto collected = collect(plan, inputs, outcome, options.warnings);
  outcome.complete = outcome.runs_found == plan.runs.size();
  if (!outcome.complete) outcome.missing = missing_shards(plan, factories, inputs, collected);

  check_output(outcome.output_dir, inputs);
  const fs::path out(outcome.output_dir);
  create_output_folder(out);
  const OutputFolderLock lock(out);
  std::vector<RunRecord> records;
  for (const auto& r : collected.records)
    if (r) records.push_back(*r);
  write_file_atomically((out / "config.json").string(), plan.config.raw.dump(2) + "\n");
  write_manifest(out.string(), make_manifest(plan, ShardSpec{}));
  write_run_log((out / "runs.jsonl").string(), records);
  warn_missing(outcome, options.warnings);
  if (!outcome.complete) {
    remove_results(out.string());
    return outcome;
  }
  outcome.results = write_experiment_results(plan, records, out.string(), options.figures);
  return outcome;
}

}  // namespace prunekit
