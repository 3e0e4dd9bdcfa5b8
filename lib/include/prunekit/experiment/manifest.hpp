#pragma once
/// The manifest `shard.json` that `prunekit run` writes into its output folder: which plan the
/// folder's runs belong to (a hash of the plan's run ids, so any change that changes the runs
/// changes it), which slice of it the folder holds, and where the config came from, so that
/// `prunekit merge` can plan the experiment again and refuse folders of another config.

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "prunekit/experiment/plan.hpp"
#include "prunekit/experiment/shard.hpp"

namespace prunekit {

struct PlanManifest {
  std::string plan_id{};      ///< plan_identity() of the plan
  std::size_t runs = 0;       ///< runs of the whole plan
  std::size_t groups = 0;     ///< fit groups of the whole plan
  ShardSpec shard{};          ///< the slice the folder holds ({1, 1}: all of it)
  std::string config_file{};  ///< absolute path of the config (relative paths in it start there)
};

/// 16 hex digits hashing the plan's run ids in plan order.
[[nodiscard]] std::string plan_identity(const ExperimentPlan& plan);
[[nodiscard]] PlanManifest make_manifest(const ExperimentPlan& plan, ShardSpec shard);

/// The manifest's file name in an output folder.
inline constexpr const char* kManifestFile = "shard.json";

void write_manifest(const std::string& dir, const PlanManifest& manifest);
/// Reads `dir`/shard.json; an Error naming the folder when it is missing or not a manifest.
[[nodiscard]] PlanManifest read_manifest(const std::string& dir);

}  // namespace prunekit
