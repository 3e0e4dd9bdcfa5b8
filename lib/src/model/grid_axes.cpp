#include "prunekit/model/grid_axes.hpp"

#include <algorithm>

#include "prunekit/core/params.hpp"

namespace prunekit {

std::vector<std::string> model_grid_axes(const std::string& kind, const nlohmann::json& params) {
  auto keys = number_list_keys(params);
  const std::string list_valued = kind == "decision_tree" ? "class_weight"
                                  : kind == "mlp"         ? "hidden"
                                                          : "";
  std::erase(keys, list_valued);
  return keys;
}

}  // namespace prunekit
