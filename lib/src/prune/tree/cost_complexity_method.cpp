#include "prunekit/prune/tree/cost_complexity_path.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_family.hpp"

namespace prunekit {

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

std::vector<double> TreeCostComplexityPath::held_out_errors(
    const Dataset& test, const std::vector<double>& knobs) const {
  // Steps applied at each knob; knobs come in increasing order, so this is non-decreasing.
  std::vector<std::size_t> applied(knobs.size());
  for (std::size_t c = 0; c < knobs.size(); ++c) applied[c] = steps_applied(knobs[c]);
  if (!std::is_sorted(applied.begin(), applied.end()))
    return PathModels::held_out_errors(test, knobs);

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
    else
      knobs.push_back(std::numeric_limits<double>::max());
  }
  return knobs;
}

std::unique_ptr<Model> TreeCostComplexityPath::at(double alpha) const {
  return std::make_unique<DecisionTreeModel>(config_, prune_cost_complexity(tree_, steps_, alpha));
}

namespace {

CostComplexityOptions path_options(const ParamValues& values) {
  return {parse_enum<TreeRisk>(values.choice("risk"), "risk"),
          parse_enum<TieRule>(values.choice("ties"), "ties")};
}

const TreeCostComplexityPath& as_alpha_path(const PathModels& path) {
  return dynamic_cast<const TreeCostComplexityPath&>(path);
}

/// cp in the details; the root-only candidate reported at the alpha where the full tree
/// becomes a root (its knob is "any larger alpha", so that every fold tree reaches its root).
void annotate_alpha(const PathModels& full, const ParamValues&, PruneResult& result) {
  const double root_risk = as_alpha_path(full).steps().root_risk;
  const double last_alpha = full.path().points.back().knob;
  result.report.details["cp"] = root_risk > 0 ? result.report.knob / root_risk : 0.0;
  result.report.details["root_risk"] = root_risk;
  result.report.knob = std::min(result.report.knob, last_alpha);
  if (result.selection)
    for (double& k : result.selection->knobs) k = std::min(k, last_alpha);
}

}  // namespace

MethodDeclaration cost_complexity_method() {
  MethodDeclaration m =
      declare_method("cost_complexity", tree_family(),
                     "weakest-link pruning along the whole alpha path, subtree chosen by a rule",
                     "Breiman, Friedman, Olshen, Stone 1984, ch. 3");
  m.knob = KnobDeclaration{
      number_param("alpha", std::nullopt, Range::at_least(0), "fixed complexity parameter"),
      {number_param("cp", std::nullopt, Range::at_least(0),
                    "fixed rpart cp: alpha = cp x R(root)")},
      std::nullopt};
  m.params = {
      choice_param(
          "risk", "misclassification", enum_choices<TreeRisk>(),
          "misclassification: weighted misclassified share (Breiman, rpart); impurity: weighted "
          "impurity w_t i(t) / W (scikit-learn)"),
      choice_param(
          "ties", "all_at_once", enum_choices<TieRule>(),
          "tied weakest links pruned all_at_once (Breiman, rpart) or one_at_a_time, lowest "
          "node id first (scikit-learn)")};
  m.walk = [](const Model& model, const ParamValues& values, const Dataset&, Rng&) {
    return std::make_unique<TreeCostComplexityPath>(as_tree_model(model), path_options(values));
  };
  m.resolve = [](const PathModels& full, const ParamValues& values, double given) {
    return values.has("cp") ? given * as_alpha_path(full).steps().root_risk : given;
  };
  m.annotate = annotate_alpha;
  return m;
}

}  // namespace prunekit
