#include "prunekit/experiment/manifest.hpp"

#include <filesystem>

#include "prunekit/core/error.hpp"
#include "prunekit/core/file_io.hpp"
#include "prunekit/core/json_file.hpp"

namespace prunekit {

namespace fs = std::filesystem;

std::string plan_identity(const ExperimentPlan& plan) {
  std::string ids;
  ids.reserve(plan.runs.size() * 17);
  for (const auto& r : plan.runs) ids += r.id + "\n";
  return hex_id(stable_hash(ids));
}

PlanManifest make_manifest(const ExperimentPlan& plan, ShardSpec shard) {
  std::string config_file;
  if (!plan.config.file.empty()) {
    std::error_code ec;
    const auto absolute = fs::absolute(plan.config.file, ec);
    config_file = ec ? plan.config.file : absolute.lexically_normal().string();
  }
  return {.plan_id = plan_identity(plan),
          .runs = plan.runs.size(),
          .groups = plan.groups.size(),
          .shard = shard,
          .config_file = config_file};
}

void write_manifest(const std::string& dir, const PlanManifest& m) {
  const nlohmann::json j = {{"format", "prunekit-shard"},
                            {"version", 1},
                            {"plan_id", m.plan_id},
                            {"runs", m.runs},
                            {"groups", m.groups},
                            {"shard", {{"index", m.shard.index}, {"count", m.shard.count}}},
                            {"config_file", m.config_file}};
  write_file_atomically((fs::path(dir) / kManifestFile).string(), j.dump(2) + "\n");
}

PlanManifest read_manifest(const std::string& dir) {
  const auto path = (fs::path(dir) / kManifestFile).string();
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw Error(dir + ": not an output folder of prunekit run (no " + kManifestFile + ")");
  const auto j = read_json_file(path);
  try {
    if (j.at("format") != "prunekit-shard" || j.at("version") != 1)
      throw Error(path + ": not a prunekit shard manifest (format prunekit-shard, version 1)");
    PlanManifest m;
    m.plan_id = j.at("plan_id").get<std::string>();
    m.runs = j.at("runs").get<std::size_t>();
    m.groups = j.at("groups").get<std::size_t>();
    m.shard = {j.at("shard").at("index").get<std::size_t>(),
               j.at("shard").at("count").get<std::size_t>()};
    m.config_file = j.at("config_file").get<std::string>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not a prunekit shard manifest: " + e.what());
  }
}

}  // namespace prunekit
