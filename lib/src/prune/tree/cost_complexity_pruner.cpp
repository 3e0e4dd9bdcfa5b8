#include "prunekit/prune/tree/cost_complexity_pruner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "prune/tree/tree_edit.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

namespace {

const char* to_string(TreeRisk risk) {
  return risk == TreeRisk::impurity ? "impurity" : "misclassification";
}
const char* to_string(TieRule ties) {
  return ties == TieRule::one_at_a_time ? "one_at_a_time" : "all_at_once";
}

}  // namespace

TreeCostComplexityPath::TreeCostComplexityPath(const DecisionTreeModel& model,
                                               const CostComplexityOptions& options)
    : config_(model.config()), tree_(model.tree()), steps_(cost_complexity_path(tree_, options)) {
  path_.knob_name = "alpha";
  path_.complexity_name = "leaves";
  for (const auto& step : steps_.steps)
    path_.points.push_back({step.alpha, step.risk, static_cast<double>(step.leaves)});
}

std::vector<double> TreeCostComplexityPath::candidate_knobs() const {
  // One knob per distinct subtree: the geometric mean of the alphas that bound its interval
  // (rpart's choice), 0 for the unpruned tree, and the last alpha for the root alone.
  std::vector<double> alphas;
  for (const auto& step : steps_.steps)
    if (alphas.empty() || step.alpha > alphas.back()) alphas.push_back(step.alpha);
  std::vector<double> knobs;
  for (std::size_t k = 0; k < alphas.size(); ++k) {
    if (k + 1 < alphas.size()) knobs.push_back(std::sqrt(alphas[k] * alphas[k + 1]));
    // The root alone: any alpha at least this large, whatever a fold tree's own last alpha.
    else knobs.push_back(std::numeric_limits<double>::max());
  }
  return knobs;
}

std::unique_ptr<Model> TreeCostComplexityPath::at(double alpha) const {
  return std::make_unique<DecisionTreeModel>(config_, prune_cost_complexity(tree_, steps_, alpha));
}

nlohmann::json CostComplexityPruner::params() const {
  nlohmann::json j = {{"method", method()},
                      {"risk", to_string(params_.path.risk)},
                      {"ties", to_string(params_.path.ties)},
                      {"select", to_string(params_.selection.rule)},
                      {"merge_leaves", merge_leaves()}};
  if (params_.selection.rule == SelectionRule::fixed) {
    j[params_.knob_is_cp ? "cp" : "alpha"] = params_.selection.knob;
  } else if (params_.selection.rule != SelectionRule::validation) {
    j["folds"] = params_.selection.folds;
    if (params_.selection.rule == SelectionRule::cv_1se) j["se_factor"] = params_.selection.se_factor;
  }
  return j;
}

std::unique_ptr<Pruner> CostComplexityPruner::from_json(const nlohmann::json& spec,
                                                        const std::string& file,
                                                        const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  CostComplexityParams p;
  const std::string risk = reader.choice("risk", "misclassification", {"impurity", "misclassification"});
  p.path.risk = risk == "impurity" ? TreeRisk::impurity : TreeRisk::misclassification;
  const std::string ties = reader.choice("ties", "all_at_once", {"one_at_a_time", "all_at_once"});
  p.path.ties = ties == "one_at_a_time" ? TieRule::one_at_a_time : TieRule::all_at_once;
  p.merge_leaves = reader.boolean("merge_leaves", false);
  if (reader.has("alpha") && reader.has("cp"))
    throw ConfigError(file, json_path + "/cp", "give either \"alpha\" or \"cp\", not both");
  p.knob_is_cp = reader.has("cp");
  const std::string knob_key = p.knob_is_cp ? "cp" : "alpha";
  p.selection = parse_selection(reader.remaining(), knob_key, file, json_path);
  if (p.selection.rule == SelectionRule::fixed)
    p.selection.knob = reader.number(knob_key, 0.0, 0.0, INFINITY, false, true);
  reader.finish({"risk", "ties", "merge_leaves", "alpha", "cp", "select", "folds", "se_factor"});
  return std::make_unique<CostComplexityPruner>(p);
}

TreePruneOutcome CostComplexityPruner::prune_tree(const DecisionTreeModel& model,
                                                  const PruneContext& context, Rng& rng) const {
  const TreeCostComplexityPath full(model, params_.path);
  SelectionParams selection = params_.selection;
  if (selection.rule == SelectionRule::fixed && params_.knob_is_cp)
    selection.knob = params_.selection.knob * full.steps().root_risk;
  const CostComplexityOptions options = params_.path;
  const PathWalk walk = [options](const Model& fold_model, const Dataset&, Rng&) {
    return std::make_unique<TreeCostComplexityPath>(
        dynamic_cast<const DecisionTreeModel&>(fold_model), options);
  };
  Selection chosen = select_point(model, full, walk, selection, context, rng);
  // Report the root-only candidate at the alpha where the full tree becomes a root.
  const double last_alpha = full.path().points.back().knob;
  for (double& k : chosen.trace.knobs) k = std::min(k, last_alpha);
  TreePruneOutcome outcome;
  outcome.tree = dynamic_cast<const DecisionTreeModel&>(*chosen.model).tree();
  outcome.knob_name = "alpha";
  outcome.knob = std::min(chosen.knob, last_alpha);
  outcome.details["cp"] = full.steps().root_risk > 0 ? chosen.knob / full.steps().root_risk : 0.0;
  outcome.details["root_risk"] = full.steps().root_risk;
  outcome.path = full.path();
  if (selection.rule != SelectionRule::fixed) outcome.selection = std::move(chosen.trace);
  return outcome;
}

}  // namespace prunekit
