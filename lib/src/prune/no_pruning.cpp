// "none": the baseline every comparison needs, a copy of the model.
#include "prune/builtin_methods.hpp"

namespace prunekit {

namespace {
const FamilyDeclaration& any_family() {
  static const FamilyDeclaration kFamily{"any", {}, {}, {}, {}};
  return kFamily;
}
}  // namespace

MethodDeclaration no_pruning_method() {
  MethodDeclaration m = declare_method("none", any_family(), "no pruning: the unpruned baseline");
  m.prune = [](const Model& model, const ParamValues&, const PruneContext&, Rng&) {
    return PrunedModel{model.clone(), "", 0.0, nlohmann::json::object()};
  };
  return m;
}

}  // namespace prunekit
