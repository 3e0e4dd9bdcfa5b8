#include "prunekit/prune/tree/minimum_error.hpp"

#include <algorithm>

#include "prune/tree/tree_edit.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

double expected_leaf_error(std::span<const double> counts, std::span<const double> prior,
                           std::optional<double> m) {
  double cases = 0.0;
  for (double v : counts) cases += v;
  if (counts.empty()) return 0.0;
  // The class the leaf predicts: its majority class (the first of a tie), as Tree does.
  const auto c = static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  if (m) return (cases - counts[c] + *m * (1.0 - prior[c])) / (cases + *m);
  const double k = static_cast<double>(counts.size());
  return (cases - counts[c] + k - 1.0) / (cases + k);
}

Tree prune_minimum_error(const Tree& tree, const MinimumErrorParams& params) {
  const std::size_t n = tree.n_nodes();
  const std::size_t k = tree.n_classes;
  // Class priors from the root, for the m-estimate.
  std::vector<double> prior(k, 0.0);
  double root_cases = 0.0;
  for (double v : tree.node_value(0)) root_cases += v;
  for (std::size_t c = 0; c < k; ++c) prior[c] = root_cases > 0 ? tree.node_value(0)[c] / root_cases : 0.0;

  auto static_error = [&](std::size_t t) {
    return expected_leaf_error(tree.node_value(t), prior, params.m);
  };
  auto cases_of = [&](std::size_t t) {
    double cases = 0.0;
    for (double v : tree.node_value(t)) cases += v;
    return cases;
  };

  std::vector<double> error(n, 0.0);  // best expected error rate of the pruned subtree
  std::vector<bool> make_leaf(n, false);
  for (std::size_t t = n; t-- > 0;) {
    const double as_leaf = static_error(t);
    if (tree.is_leaf(t)) {
      error[t] = as_leaf;
      continue;
    }
    const auto l = static_cast<std::size_t>(tree.children_left[t]);
    const auto r = static_cast<std::size_t>(tree.children_right[t]);
    const double cases = cases_of(t);
    const double dynamic = cases > 0 ? (cases_of(l) * error[l] + cases_of(r) * error[r]) / cases : 0.0;
    if (as_leaf <= dynamic) {
      make_leaf[t] = true;
      error[t] = as_leaf;
    } else {
      error[t] = dynamic;
    }
  }
  return collapse_nodes(tree, make_leaf);
}

nlohmann::json MinimumErrorPruner::params() const {
  nlohmann::json j = {{"method", method()}, {"merge_leaves", merge_leaves()}};
  j["estimate"] = params_.m ? "m" : "laplace";
  if (params_.m) j["m"] = *params_.m;
  return j;
}

bool MinimumErrorPruner::supports(const Model& model) const {
  return TreePruner::supports(model) && model.task() == Task::classification;
}

std::unique_ptr<Pruner> MinimumErrorPruner::from_json(const nlohmann::json& spec,
                                                      const std::string& file,
                                                      const std::string& json_path) {
  SpecReader reader(spec, file, json_path);
  MinimumErrorParams p;
  const std::string estimate = reader.choice("estimate", reader.has("m") ? "m" : "laplace", {"laplace", "m"});
  if (estimate == "m") p.m = reader.number("m", 2.0, 0.0, 1e12);
  p.merge_leaves = reader.boolean("merge_leaves", false);
  reader.finish({"estimate", "m", "merge_leaves"});
  return std::make_unique<MinimumErrorPruner>(p);
}

TreePruneOutcome MinimumErrorPruner::prune_tree(const DecisionTreeModel& model,
                                                const PruneContext& /*context*/,
                                                Rng& /*rng*/) const {
  TreePruneOutcome outcome;
  outcome.tree = prune_minimum_error(model.tree(), params_);
  if (params_.m) {
    outcome.knob_name = "m";
    outcome.knob = *params_.m;
  }
  return outcome;
}

}  // namespace prunekit
