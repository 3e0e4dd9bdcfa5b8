#include "prunekit/prune/none.hpp"

namespace prunekit {

PruneResult NoPruning::prune(const Model& model, const PruneContext& /*context*/,
                             Rng& /*rng*/) const {
  PruneResult result;
  result.model = model.clone();
  result.report.method = method();
  result.report.before = model.size();
  result.report.after = result.report.before;
  return result;
}

}  // namespace prunekit
