#pragma once
/// Which keys of a model's parameters sweep a grid in an experiment config: those its parameter
/// table declares as grid axes and the config gives a list of numbers (not decision_tree's
/// class_weight or mlp's hidden, whose value is itself a list). A kind the registry does not
/// know sweeps every list of numbers.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace prunekit {

[[nodiscard]] std::vector<std::string> model_grid_axes(const std::string& kind,
                                                       const nlohmann::json& params);

}  // namespace prunekit
