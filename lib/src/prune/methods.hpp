#pragma once
// The built-in pruning methods, listed once for the registry (registry.cpp). Each family's
// methods add their entries through the functions below.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/prune/pruner.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {

using MakePrunerFn = std::unique_ptr<Pruner> (*)(const nlohmann::json& spec,
                                                 const std::string& file,
                                                 const std::string& json_path);

struct MethodEntry {
  MethodInfo info;
  MakePrunerFn make;
};

}  // namespace prunekit
