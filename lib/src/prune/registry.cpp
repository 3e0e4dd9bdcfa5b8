#include "prunekit/prune/registry.hpp"

#include "prune/methods.hpp"
#include "prunekit/core/error.hpp"
#include "prunekit/prune/nn/during_training.hpp"
#include "prunekit/prune/nn/magnitude.hpp"
#include "prunekit/prune/nn/second_order.hpp"
#include "prunekit/prune/nn/structured.hpp"
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
    // Networks (docs/pruning.md, "Networks"). Common parameters first.
    const MethodParam sparsity{"sparsity", "number in [0,1)", "- (cv_1se over grid)",
                               "fraction of prunable weights that are zero (absolute)"};
    const MethodParam grid{"grid", "array of sparsities", "[0.5,0.8,0.9,0.95,0.98]",
                           "candidate sparsities of the path (validation, cv_min, cv_1se)"};
    const MethodParam finetune{"finetune_epochs", "int >= 0", "0", "fine-tuning epochs after pruning, masks kept"};
    const MethodParam out_layer{"prune_output_layer", "bool", "false", "also prune the output layer's weights"};
    const MethodParam scope_g{"scope", "string", "global", "global (one threshold over all layers) | layer"};
    const auto nn = [&](std::vector<MethodParam> own) {
      std::vector<MethodParam> all{sparsity, select, folds, se, grid, finetune, out_layer};
      all.insert(all.end(), own.begin(), own.end());
      return all;
    };
    e.push_back({{"random", "mlp", "masks a seeded random subset of weights (baseline)", "",
                  nn({scope_g})},
                 RandomPruner::from_json});
    e.push_back({{"magnitude", "mlp",
                  "masks the smallest |w|, one-shot or iterative prune-and-retrain",
                  "Han, Pool, Tran, Dally 2015",
                  nn({scope_g,
                      {"schedule", "string", "one_shot", "one_shot | iterative"},
                      {"rounds", "int >= 1", "3", "iterative: pruning rounds"},
                      {"rate", "number in (0,1)", "-", "iterative: fraction of remaining weights per round (instead of rounds)"},
                      {"retrain_epochs", "int >= 0", "1", "iterative: retraining epochs between rounds"},
                      {"adjust_dropout", "bool", "false", "retrain with dropout D_o sqrt(C_r / C_o)"}})},
                 MagnitudePruner::from_json});
    e.push_back({{"obd", "mlp",
                  "Optimal Brain Damage: saliency h_kk w_k^2 / 2, exact Gauss-Newton diagonal",
                  "LeCun, Denker, Solla 1989",
                  nn({scope_g,
                      {"rounds", "int >= 1", "1", "delete-retrain rounds"},
                      {"retrain_epochs", "int >= 0", "1", "retraining epochs between rounds"},
                      {"hessian_rows", "int >= 0", "0", "training rows for the Hessian (0: all)"}})},
                 ObdPruner::from_json});
    e.push_back({{"obs", "mlp",
                  "Optimal Brain Surgeon per layer: inverse Gauss-Newton Hessian, weight updates",
                  "Hassibi, Stork 1993",
                  nn({{"lambda", "number >= 0", "1e-4", "damping added to the Hessian diagonal"},
                      {"max_layer_weights", "int", "4000", "larger prunable layers are refused"},
                      {"hessian_rows", "int >= 0", "0", "training rows for the Hessian (0: all)"}})},
                 ObsPruner::from_json});
    e.push_back({{"neuron", "mlp",
                  "removes whole hidden neurons (sparsity = fraction removed), physically compacted",
                  "Li et al. 2017 (norms); Hu et al. 2016 (activations)",
                  nn({{"criterion", "string", "l1", "l1 | l2 (incoming weights) | activation (mean |a|)"},
                      {"scope", "string", "layer", "layer | global"},
                      {"compact", "bool", "true", "delete removed neurons physically"}})},
                 NeuronPruner::from_json});
    e.push_back({{"gradual", "mlp",
                  "magnitude pruning during training on the cubic schedule",
                  "Zhu, Gupta 2017",
                  nn({{"initial_sparsity", "number in [0,1)", "0", "s_i"},
                      {"epochs", "int >= 1", "10", "training epochs in total"},
                      {"begin_epoch", "int >= 0", "0", "t_0, first pruning step"},
                      {"end_epoch", "int", "begin + 2/3 of the rest", "last pruning step (s = sparsity)"},
                      {"frequency", "int >= 1", "1", "epochs between pruning steps"},
                      scope_g})},
                 GradualPruner::from_json});
    e.push_back({{"lottery", "mlp",
                  "lottery ticket: iterative magnitude pruning with rewinding to early weights",
                  "Frankle, Carbin 2019",
                  nn({{"rounds", "int >= 1", "3", "prune-rewind-retrain rounds"},
                      {"rewind_epoch", "int >= 0", "0", "rewind to the weights after this epoch"},
                      {"train_epochs", "int >= 0", "0", "epochs per training (0: the model's)"},
                      {"scope", "string", "layer", "layer | global"}})},
                 LotteryPruner::from_json});
    e.push_back({{"snip", "mlp",
                  "connection sensitivity |g w| at initialisation, then training from scratch",
                  "Lee, Ajanthan, Torr 2019",
                  nn({{"batch", "int >= 1", "128", "rows of the sensitivity batch"},
                      {"train_epochs", "int >= 0", "0", "training epochs (0: the model's)"}})},
                 SnipPruner::from_json});
    e.push_back({{"nm", "mlp",
                  "N:M semi-structured sparsity: N largest |w| kept in each group of M of a row",
                  "Mishra et al. 2021",
                  {{"n", "int >= 1", "2", "weights kept per group"},
                   {"m", "int >= n", "4", "group size"},
                   finetune, out_layer}},
                 NmPruner::from_json});
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
