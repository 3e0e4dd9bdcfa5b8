#include "prunekit/prune/registry.hpp"

#include "prune/methods.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/none.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {
namespace {

std::unique_ptr<Pruner> make_none(const nlohmann::json& spec, const std::string& file,
                                  const std::string& path) {
  SpecReader(spec, file, path).finish({});
  return std::make_unique<NoPruning>();
}

/// Every built-in method, in the order `prunekit methods` lists them.
const std::vector<MethodEntry>& entries() {
  static const std::vector<MethodEntry> kEntries = [] {
    std::vector<MethodEntry> e;
    e.push_back({{"none", "any", "no pruning: the unpruned baseline", "", {}}, make_none});
    return e;
  }();
  return kEntries;
}

}  // namespace

const std::vector<MethodInfo>& pruning_methods() {
  static const std::vector<MethodInfo> kInfos = [] {
    std::vector<MethodInfo> infos;
    for (const auto& e : entries()) infos.push_back(e.info);
    return infos;
  }();
  return kInfos;
}

std::unique_ptr<Pruner> make_pruner(const nlohmann::json& spec, const std::string& file,
                                    const std::string& json_path) {
  if (!spec.is_object()) throw ConfigError(file, json_path, "a pruner must be an object with \"method\"");
  const auto it = spec.find("method");
  if (it == spec.end() || !it->is_string())
    throw ConfigError(file, json_path + "/method", "missing or not a string");
  const std::string name = it->get<std::string>();
  for (const auto& e : entries())
    if (e.info.name == name) return e.make(spec, file, json_path);
  std::string valid;
  for (const auto& e : entries()) valid += (valid.empty() ? "" : ", ") + e.info.name;
  throw ConfigError(file, json_path + "/method", "unknown method '" + name + "' (valid: " + valid + ")");
}

}  // namespace prunekit
