#pragma once
/// Creating pruners by name from JSON: {"method": "cost_complexity", "select": "cv_1se"}.
/// One registry for both families, so the experiment runner never knows which it drives.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/prune/pruner.hpp"

namespace prunekit {

/// One parameter of a method, for `prunekit methods` and docs.
struct MethodParam {
  std::string name;
  std::string type;
  std::string default_value;
  std::string meaning;
};

struct MethodInfo {
  std::string name;
  std::string family;  ///< "decision_tree", "mlp" or "any"
  std::string summary;
  std::string reference;
  std::vector<MethodParam> params;
};

/// Every registered method, in a stable order.
[[nodiscard]] const std::vector<MethodInfo>& pruning_methods();

/// A pruner from its JSON spec (an object with "method" and the method's parameters).
/// Unknown methods list the valid ones; unknown keys and impossible values throw ConfigError
/// naming `file` and `json_path`.
[[nodiscard]] std::unique_ptr<Pruner> make_pruner(const nlohmann::json& spec,
                                                  const std::string& file = {},
                                                  const std::string& json_path = "");

}  // namespace prunekit
