#include "prunekit/prune/tree/minimum_error.hpp"

#include <algorithm>

#include "prune/builtin_methods.hpp"
#include "prune/tree/tree_edit.hpp"
#include "prune/tree/tree_family.hpp"

namespace prunekit {

double expected_leaf_error(std::span<const double> counts, std::span<const double> prior,
                           std::optional<double> m) {
  double cases = 0.0;
  for (double v : counts) cases += v;
  if (counts.empty()) return 0.0;
  // The class the leaf predicts: its majority class (the first of a tie), as Tree does.
  const auto c =
      static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  if (m) return (cases - counts[c] + *m * (1.0 - prior[c])) / (cases + *m);
  const double k = static_cast<double>(counts.size());
  return (cases - counts[c] + k - 1.0) / (cases + k);
}

Tree prune_minimum_error(const Tree& tree, const MinimumErrorParams& params) {
  const std::size_t k = tree.n_classes;
  // Class priors from the root, for the m-estimate.
  std::vector<double> prior(k, 0.0);
  double root_cases = 0.0;
  for (double v : tree.node_value(0)) root_cases += v;
  for (std::size_t c = 0; c < k; ++c)
    prior[c] = root_cases > 0 ? tree.node_value(0)[c] / root_cases : 0.0;

  auto static_error = [&](std::size_t t) {
    return expected_leaf_error(tree.node_value(t), prior, params.m);
  };
  auto cases_of = [&](std::size_t t) {
    double cases = 0.0;
    for (double v : tree.node_value(t)) cases += v;
    return cases;
  };

  // The backed-up error: the children's errors weighted by their share of the cases.
  const auto backed_up = [&](std::size_t t, double left, double right) {
    const double cases = cases_of(t);
    return cases > 0 ? (cases_of(static_cast<std::size_t>(tree.children_left[t])) * left +
                        cases_of(static_cast<std::size_t>(tree.children_right[t])) * right) /
                           cases
                     : 0.0;
  };
  return prune_bottom_up(tree, static_error, backed_up);
}

MethodDeclaration minimum_error_method() {
  MethodDeclaration m =
      declare_method("minimum_error", tree_family(),
                     "expected error rate (Laplace or m-estimate), static against backed-up",
                     "Niblett and Bratko 1986; Cestnik and Bratko 1991");
  m.classification_only = true;
  m.params = {choice_param("estimate", "laplace", {"laplace", "m"}, "laplace | m"),
              number_param("m", std::nullopt, Range::closed(0, 1e12), "m of the m-estimate")};
  m.params.back().default_text = "2 (with estimate m)";
  // "m" alone asks for the m-estimate; the m-estimate without "m" uses m = 2.
  m.check = [](ParamValues& values) {
    if (!values.given("estimate") && values.given("m")) values.set("estimate", "m");
    if (values.choice("estimate") == "laplace") {
      if (values.given("m")) values.fail("m", "only for \"estimate\": \"m\"");
    } else if (!values.has("m")) {
      values.set("m", 2.0);
    }
  };
  m.prune = [](const Model& model, const ParamValues& values, const PruneContext&, Rng&) {
    MinimumErrorParams p;
    if (values.has("m")) p.m = values.number("m");
    const auto& tree_model = as_tree_model(model);
    PrunedModel out = pruned_tree(tree_model, prune_minimum_error(tree_model.tree(), p));
    if (p.m) {
      out.knob_name = "m";
      out.knob = *p.m;
    }
    return out;
  };
  return m;
}

}  // namespace prunekit
