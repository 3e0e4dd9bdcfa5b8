#pragma once
// The last step of plan_experiment: the runs of a plan and their fit groups.

#include "prunekit/experiment/plan.hpp"

namespace prunekit {

/// Adds the runs of `plan` (its datasets' splits x the config's seeds x its variants, in that
/// order) and their fit groups: the runs of one split and seed whose models have the same
/// settings share one fitted model. Throws ConfigError beyond kMaxRuns runs or when two
/// variants make the same run.
void add_runs(ExperimentPlan& plan);

}  // namespace prunekit
