#pragma once
// Small fitted networks for the neural pruning tests: iris scaled to [0, 1], MLP 4-8-6-3
// (80 prunable weights in the two hidden layers, 18 in the output layer).

#include <memory>

#include "prunekit/data/bundled.hpp"
#include "prunekit/data/preprocess.hpp"
#include "prunekit/model/registry.hpp"
#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/prune/pruner.hpp"

namespace prunekit::testing {

inline const Dataset& iris_scaled() {
  static const Dataset data = [] {
    const Dataset raw = load_bundled("iris");
    PreprocessOptions o;
    o.scale_unit_range = true;
    return Preprocessor(raw, o).apply(raw);
  }();
  return data;
}

inline std::unique_ptr<MlpModel> fitted_small_mlp(std::uint64_t seed = 0) {
  auto model = std::make_unique<MlpModel>(parse_mlp_params(
      nlohmann::json{{"hidden", {8, 6}}, {"epochs", 30}, {"batch", 16}, {"lr", 0.1}}));
  Rng rng(seed);
  model->fit(iris_scaled(), rng);
  return model;
}

inline const MlpModel& as_mlp(const Model& model) { return dynamic_cast<const MlpModel&>(model); }

}  // namespace prunekit::testing
