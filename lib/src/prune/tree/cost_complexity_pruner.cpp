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
  // A node stops being internal at the step that collapses it or one of its ancestors;
  // descendants already gone keep their earlier step.
  constexpr auto kNever = std::numeric_limits<std::uint32_t>::max();
  gone_at_step_.assign(tree_.n_nodes(), kNever);
  for (std::size_t t = 0; t < tree_.n_nodes(); ++t)
    if (tree_.is_leaf(t)) gone_at_step_[t] = 0;
  std::vector<std::int32_t> stack;
  for (std::size_t k = 1; k < steps_.steps.size(); ++k)
    for (std::int32_t collapsed : steps_.steps[k].collapsed) {
      stack.assign(1, collapsed);
      while (!stack.empty()) {
        const auto t = static_cast<std::size_t>(stack.back());
        stack.pop_back();
        if (gone_at_step_[t] != kNever) continue;
        gone_at_step_[t] = static_cast<std::uint32_t>(k);
        stack.push_back(tree_.children_left[t]);
        stack.push_back(tree_.children_right[t]);
      }
    }
}

std::size_t TreeCostComplexityPath::steps_applied(double alpha) const {
  std::size_t k = 0;
  while (k + 1 < steps_.steps.size() && steps_.steps[k + 1].alpha <= alpha) ++k;
  return k;
}

std::vector<double> TreeCostComplexityPath::held_out_errors(const Dataset& test,
                                                            const std::vector<double>& knobs) const {
  // Steps applied at each knob; knobs come in increasing order, so this is non-decreasing.
  std::vector<std::size_t> applied(knobs.size());
  for (std::size_t c = 0; c < knobs.size(); ++c) applied[c] = steps_applied(knobs[c]);
  if (!std::is_sorted(applied.begin(), applied.end())) return PathModels::held_out_errors(test, knobs);

  const bool classification = tree_.task == Task::classification;
  std::vector<double> predictions(tree_.n_nodes());
  for (std::size_t t = 0; t < tree_.n_nodes(); ++t) predictions[t] = tree_.node_prediction(t);
  // diff[c] accumulates error changes over the knob index (prefix sums give each knob's error).
  std::vector<double> diff(knobs.size() + 1, 0.0);
  const DecisionPaths paths = tree_.decision_path(test);
  auto first_knob_with_applied_at_least = [&](std::size_t steps) {
    return static_cast<std::size_t>(std::lower_bound(applied.begin(), applied.end(), steps) -
                                    applied.begin());
  };
  for (std::size_t row = 0; row < test.rows; ++row) {
    // Walking up from the leaf: node n predicts for applied-step counts in
    // [gone_at_step(n), gone_at_step(parent on the path)).
    for (std::size_t k = paths.indptr[row + 1]; k-- > paths.indptr[row];) {
      const auto node = static_cast<std::size_t>(paths.nodes[k]);
      const std::size_t from = first_knob_with_applied_at_least(gone_at_step_[node]);
      const std::size_t parent_gone =
          k > paths.indptr[row] ? gone_at_step_[static_cast<std::size_t>(paths.nodes[k - 1])]
                                : std::numeric_limits<std::uint32_t>::max();
      const std::size_t to = first_knob_with_applied_at_least(parent_gone);
      if (from < to) {
        double error = 0.0;
        if (classification) {
          error = static_cast<double>(test.labels[row]) != predictions[node] ? 1.0 : 0.0;
        } else {
          const double residual = test.targets[row] - predictions[node];
          error = residual * residual;
        }
        diff[from] += error;
        diff[to] -= error;
      }
    }
  }
  std::vector<double> errors(knobs.size());
  double running = 0.0;
  for (std::size_t c = 0; c < knobs.size(); ++c) {
    running += diff[c];
    errors[c] = test.rows > 0 ? running / static_cast<double>(test.rows) : 0.0;
  }
  return errors;
}

std::vector<std::vector<double>> TreeCostComplexityPath::row_losses(
    const Dataset& test, const std::vector<double>& knobs) const {
  std::vector<std::size_t> applied(knobs.size());
  for (std::size_t c = 0; c < knobs.size(); ++c) applied[c] = steps_applied(knobs[c]);
  const DecisionPaths paths = tree_.decision_path(test);
  const bool classification = tree_.task == Task::classification;
  std::vector<std::vector<double>> losses(test.rows, std::vector<double>(knobs.size(), 0.0));
  for (std::size_t row = 0; row < test.rows; ++row) {
    for (std::size_t c = 0; c < knobs.size(); ++c) {
      // The predicting node is the topmost node of the row's path already gone by then
      // (gone_at_step_ does not increase going down a path; a leaf is gone at step 0).
      std::size_t node = 0;
      for (std::size_t k = paths.indptr[row]; k < paths.indptr[row + 1]; ++k) {
        node = static_cast<std::size_t>(paths.nodes[k]);
        if (gone_at_step_[node] <= applied[c]) break;
      }
      const double predicted = tree_.node_prediction(node);
      if (classification) {
        losses[row][c] = static_cast<double>(test.labels[row]) != predicted ? 1.0 : 0.0;
      } else {
        const double residual = test.targets[row] - predicted;
        losses[row][c] = residual * residual;
      }
    }
  }
  return losses;
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
