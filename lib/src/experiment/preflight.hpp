#pragma once
// Checks of a plan against its datasets, made before anything is fitted, so that `validate`
// and the start of `run` reject what would otherwise fail part-way through an experiment.

#include "prunekit/experiment/plan.hpp"

namespace prunekit {

/// Throws ConfigError (with the config's JSON path) when a variant cannot run on a dataset:
/// a tree criterion for the other task, a pruning method that does not apply to the dataset's
/// task, more selection folds than training rows, or a pruning fraction that leaves no rows
/// to grow the tree on.
void check_variants_fit_datasets(const ExperimentPlan& plan, const Factories& factories);

}  // namespace prunekit
