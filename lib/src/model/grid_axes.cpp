#include "prunekit/model/grid_axes.hpp"

#include "prunekit/core/params.hpp"
#include "prunekit/model/registry.hpp"

namespace prunekit {

std::vector<std::string> model_grid_axes(const std::string& kind, const nlohmann::json& params) {
  const ParamTable* table = model_param_table(kind);
  return table != nullptr ? table->grid_axes(params) : number_list_keys(params);
}

}  // namespace prunekit
