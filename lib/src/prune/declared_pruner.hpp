#pragma once
// The one Pruner behind every declared method: parameters read through the method's table,
// then path and selection, or the one-shot prune, then the family's finishing and the report.

#include <memory>

#include "prunekit/prune/method.hpp"
#include "prunekit/prune/selection.hpp"

namespace prunekit {

class DeclaredPruner final : public Pruner {
 public:
  /// Reads `spec` through the method's table; errors name `file` and `json_path`.
  DeclaredPruner(std::shared_ptr<const MethodDeclaration> method, const nlohmann::json& spec,
                 const std::string& file, const std::string& json_path);

  [[nodiscard]] std::string method() const override { return method_->name; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] bool supports(const Model& model) const override;
  [[nodiscard]] bool needs_validation_data() const override;
  [[nodiscard]] PruneResult prune(const Model& model, const PruneContext& context,
                                  Rng& rng) const override;

 private:
  [[nodiscard]] PruneResult prune_on_path(const Model& model, const PruneContext& context,
                                          Rng& rng) const;

  std::shared_ptr<const MethodDeclaration> method_;
  ParamValues values_;
  SelectionParams selection_;
};

}  // namespace prunekit
