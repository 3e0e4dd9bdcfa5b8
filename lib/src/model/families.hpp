#pragma once
// The model families known to the registry. Each family provides a factory and a loader;
// registry.cpp lists them explicitly (static libraries drop self-registering objects).

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "prunekit/core/params.hpp"
#include "prunekit/model/model.hpp"

namespace prunekit {

using MakeModelFn = std::unique_ptr<Model> (*)(const nlohmann::json& params,
                                               const std::string& config_file,
                                               const std::string& json_path);
using LoadModelFn = std::unique_ptr<Model> (*)(const nlohmann::json& saved,
                                               const std::string& file);

using ParamTableFn = const ParamTable& (*)();

struct ModelFamily {
  const char* kind;
  MakeModelFn make;
  LoadModelFn load;
  ParamTableFn params;
  const char* main_size;  ///< the size measure reports show first
};

}  // namespace prunekit
