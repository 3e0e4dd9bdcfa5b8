#include "prune/declared_pruner.hpp"

#include "prune/selection_params.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/registry.hpp"

namespace prunekit {

DeclaredPruner::DeclaredPruner(std::shared_ptr<const MethodDeclaration> method,
                               const nlohmann::json& spec, const std::string& file,
                               const std::string& json_path)
    : method_(std::move(method)),
      values_(method_table(*method_).read(spec, file, json_path, {"method"})) {
  if (method_->knob) selection_ = read_selection(values_, *method_->knob);
  if (method_->check) method_->check(values_);
}

nlohmann::json DeclaredPruner::params() const {
  nlohmann::json j = values_.json();
  j["method"] = method_->name;
  return j;
}

bool DeclaredPruner::supports(const Model& model) const {
  if (method_->classification_only && model.task() != Task::classification) return false;
  return !method_->family->supports || method_->family->supports(model);
}

bool DeclaredPruner::needs_validation_data() const {
  return method_->knob && selection_.rule == SelectionRule::validation &&
         selection_.validation_fraction == 0.0;
}

PruneResult DeclaredPruner::prune(const Model& model, const PruneContext& context, Rng& rng) const {
  if (method_->family->check) method_->family->check(model, method_->name);
  if (!supports(model))
    throw InvalidArgument("pruning method '" + method_->name + "' does not apply to this " +
                          model.kind() + " model (" + to_string(model.task()) + ")");
  PruneResult result;
  if (method_->knob) {
    result = prune_on_path(model, context, rng);
  } else {
    PrunedModel pruned = method_->prune(model, values_, context, rng);
    result.model = std::move(pruned.model);
    result.report.knob_name = std::move(pruned.knob_name);
    result.report.knob = pruned.knob;
    result.report.details = std::move(pruned.details);
  }
  result.report.method = method_->name;
  result.report.before = model.size();
  if (method_->family->finish) method_->family->finish(model, values_, result);
  result.report.after = result.model->size();
  return result;
}

PruneResult DeclaredPruner::prune_on_path(const Model& model, const PruneContext& context,
                                          Rng& rng) const {
  PruneResult result;
  result.report.knob_name = method_->knob->param.name;
  if (selection_.rule == SelectionRule::fixed && method_->at_knob) {
    result.model = method_->at_knob(model, values_, selection_.knob, context.train, rng);
    result.report.knob = selection_.knob;
    return result;
  }
  const std::shared_ptr<const PathModels> full = method_->walk(model, values_, context.train, rng);
  SelectionParams selection = selection_;
  if (selection.rule == SelectionRule::fixed && method_->resolve)
    selection.knob = method_->resolve(*full, values_, selection.knob);
  const PathWalk walk = [this](const Model& fold_model, const Dataset& train, Rng& fold_rng) {
    return method_->walk(fold_model, values_, train, fold_rng);
  };
  Selection chosen = select_point(model, *full, walk, selection, context, rng);
  result.model = std::move(chosen.model);
  result.report.knob = chosen.knob;
  result.path = full->path();
  result.path_models = full;
  if (selection.rule != SelectionRule::fixed) result.selection = std::move(chosen.trace);
  if (method_->annotate) method_->annotate(*full, values_, result);
  return result;
}

}  // namespace prunekit
