#include "prunekit/prune/registry.hpp"

#include "prune/methods.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/none.hpp"
#include "prunekit/prune/spec_reader.hpp"
#include "prunekit/prune/tree/cost_complexity_pruner.hpp"
#include "prunekit/prune/tree/critical_value.hpp"
#include "prunekit/prune/tree/error_based.hpp"
#include "prunekit/prune/tree/minimum_error.hpp"
#include "prunekit/prune/tree/pessimistic.hpp"
#include "prunekit/prune/tree/reduced_error.hpp"

namespace prunekit {
namespace {

std::unique_ptr<Pruner> make_none(const nlohmann::json& spec, const std::string& file,
                                  const std::string& path) {
  SpecReader(spec, file, path).finish({});
  return std::make_unique<NoPruning>();
}

/// Every built-in method, in the order `prunekit methods` lists them.
const std::vector<MethodEntry>& entries() {
  static const std::vector<MethodEntry> kEntries = [] {
    std::vector<MethodEntry> e;
    e.push_back({{"none", "any", "no pruning: the unpruned baseline", "", {}}, make_none});
    const MethodParam merge{"merge_leaves", "bool", "false",
                            "afterwards, merge sibling leaves predicting the same class"};
    const MethodParam select{"select", "string", "cv_1se (fixed when a knob is given)",
                             "fixed | validation | cv_min | cv_1se"};
    const MethodParam folds{"folds", "int", "10", "cross-validation folds (cv_min, cv_1se)"};
    const MethodParam se{"se_factor", "number", "1", "standard errors tolerated by cv_1se"};
    e.push_back({{"cost_complexity", "decision_tree",
                  "weakest-link pruning along the whole alpha path, subtree chosen by a rule",
                  "Breiman, Friedman, Olshen, Stone 1984, ch. 3",
                  {{"alpha", "number >= 0", "-", "fixed complexity parameter"},
                   {"cp", "number >= 0", "-", "fixed alpha / R(root), as rpart's cp"},
                   select, folds, se,
                   {"risk", "string", "misclassification", "misclassification | impurity (scikit-learn)"},
                   {"ties", "string", "all_at_once", "all_at_once (Breiman, rpart) | one_at_a_time (scikit-learn)"},
                   merge}},
                 CostComplexityPruner::from_json});
    e.push_back({{"reduced_error", "decision_tree",
                  "grow on part of the data, prune bottom-up on a held-out pruning set",
                  "Quinlan 1987",
                  {{"pruning_fraction", "number in (0,1)", "0.333", "share of training rows held out"},
                   merge}},
                 ReducedErrorPruner::from_json});
    e.push_back({{"pessimistic", "decision_tree",
                  "continuity-corrected training errors with the one-standard-error test, top-down",
                  "Quinlan 1987", {merge}},
                 PessimisticPruner::from_json});
    e.push_back({{"error_based", "decision_tree",
                  "C4.5's upper confidence limit of the error rate, bottom-up",
                  "Quinlan 1993, ch. 4",
                  {{"confidence", "number in (0,0.5]", "0.25", "confidence factor CF"},
                   {"z", "string", "weka", "weka (exact normal quantile) | c45 (C4.5's table)"},
                   {"subtree_raising", "bool", "false", "also consider replacing a node by its largest branch"},
                   merge}},
                 ErrorBasedPruner::from_json});
    e.push_back({{"minimum_error", "decision_tree",
                  "expected error rate (Laplace or m-estimate), static against backed-up",
                  "Niblett and Bratko 1986; Cestnik and Bratko 1991",
                  {{"estimate", "string", "laplace", "laplace | m"},
                   {"m", "number >= 0", "2", "m of the m-estimate"},
                   merge}},
                 MinimumErrorPruner::from_json});
    e.push_back({{"critical_value", "decision_tree",
                  "prune splits whose G-test confidence falls below a critical value",
                  "Mingers 1987",
                  {{"critical_value", "number in [0,1]", "0.95", "required split confidence 1 - p"},
                   select, folds, se, merge}},
                 CriticalValuePruner::from_json});
    return e;
  }();
  return kEntries;
}

}  // namespace

const std::vector<MethodInfo>& pruning_methods() {
  static const std::vector<MethodInfo> kInfos = [] {
    std::vector<MethodInfo> infos;
    for (const auto& e : entries()) infos.push_back(e.info);
    return infos;
  }();
  return kInfos;
}

std::unique_ptr<Pruner> make_pruner(const nlohmann::json& spec, const std::string& file,
                                    const std::string& json_path) {
  if (!spec.is_object()) throw ConfigError(file, json_path, "a pruner must be an object with \"method\"");
  const auto it = spec.find("method");
  if (it == spec.end() || !it->is_string())
    throw ConfigError(file, json_path + "/method", "missing or not a string");
  const std::string name = it->get<std::string>();
  for (const auto& e : entries())
    if (e.info.name == name) return e.make(spec, file, json_path);
  std::string valid;
  for (const auto& e : entries()) valid += (valid.empty() ? "" : ", ") + e.info.name;
  throw ConfigError(file, json_path + "/method", "unknown method '" + name + "' (valid: " + valid + ")");
}

}  // namespace prunekit
