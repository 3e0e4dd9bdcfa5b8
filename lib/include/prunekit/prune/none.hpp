#pragma once
/// The baseline every comparison needs: no pruning at all (returns a copy of the model).

#include "prunekit/prune/pruner.hpp"

namespace prunekit {

class NoPruning final : public Pruner {
 public:
  [[nodiscard]] std::string method() const override { return "none"; }
  [[nodiscard]] nlohmann::json params() const override { return {{"method", "none"}}; }
  [[nodiscard]] bool supports(const Model& /*model*/) const override { return true; }
  [[nodiscard]] PruneResult prune(const Model& model, const PruneContext& context,
                                  Rng& rng) const override;
};

}  // namespace prunekit
