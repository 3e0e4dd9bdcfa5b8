#pragma once
/// Which keys of a model's parameters sweep a grid in an experiment config: those given a
/// list of numbers, except the parameters whose value is itself a list (decision_tree:
/// class_weight; mlp: hidden). A kind the registry does not know sweeps every list of numbers.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prunekit {

[[nodiscard]] std::vector<std::string> model_grid_axes(const std::string& kind,
                                                       const nlohmann::json& params);

}  // namespace prunekit
