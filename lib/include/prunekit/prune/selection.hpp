#pragma once
/// Selection rules: which point of a pruning path to keep. Shared by every family: the
/// cross-validation and one-standard-error machinery that picks a tree's alpha also picks a
/// network's sparsity (Breiman et al. 1984, ch. 3.4 and 11; rpart's xpred).

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/core/rng.hpp"
#include "prunekit/data/protocol.hpp"
#include "prunekit/prune/path.hpp"
#include "prunekit/prune/pruner.hpp"

namespace prunekit {

enum class SelectionRule {
  fixed,       ///< the knob given
  validation,  ///< lowest error on PruneContext::validation
  cv_min,      ///< lowest k-fold cross-validated error
  cv_1se,      ///< most pruned point within one standard error of the lowest CV error
};
constexpr EnumNames<SelectionRule, 4> enum_names(SelectionRule) {
  return {{{SelectionRule::fixed, "fixed"},
           {SelectionRule::validation, "validation"},
           {SelectionRule::cv_min, "cv_min"},
           {SelectionRule::cv_1se, "cv_1se"}}};
}

struct SelectionParams {
  SelectionRule rule = SelectionRule::fixed;
  double knob = 0.0;       ///< for `fixed`
  std::size_t folds = 10;  ///< for the CV rules
  double se_factor = 1.0;  ///< for cv_1se: how many standard errors are tolerated
  /// For `validation` without PruneContext::validation: the share of the training rows held
  /// out (stratified, seeded); the model is refitted on the rest to score the path.
  double validation_fraction = 0.0;
};

/// Walks the path of a fitted model (the method's schedule). Used on the full model and on
/// each cross-validation fold's model.
using PathWalk =
    std::function<std::unique_ptr<PathModels>(const Model& model, const Dataset& train, Rng& rng)>;

struct Selection {
  std::unique_ptr<Model> model;
  double knob = 0.0;
  SelectionTrace trace;
};

/// Held-out error of `model` on `data`: misclassification rate, or mean squared error.
[[nodiscard]] double held_out_error(const Model& model, const Dataset& data);

/// The folds of the CV rules: stratified (as rpart and scikit-learn) when every class has at
/// least `folds` rows, otherwise (tiny classes inside an outer training fold) plain shuffled.
[[nodiscard]] std::vector<Split> cv_folds(const Dataset& train, std::size_t folds,
                                          std::uint64_t seed);

/// Chooses one point of `full` (the path of `model`, fitted on context.train).
/// For the CV rules, one model per fold is refitted from `model.params()` on the fold's
/// training part (stratified for classification), its whole path is walked once and scored
/// at every candidate knob of the full path on the fold's held-out part (rpart's way: never
/// one refit per knob). Folds run on context.threads threads; each fold has its own random
/// stream, so the result does not depend on the thread count.
[[nodiscard]] Selection select_point(const Model& model, const PathModels& full,
                                     const PathWalk& walk, const SelectionParams& params,
                                     const PruneContext& context, Rng& rng);

}  // namespace prunekit
