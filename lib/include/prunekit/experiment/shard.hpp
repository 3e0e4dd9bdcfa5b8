#pragma once
/// Slicing a plan into N shards for job schedulers (docs/cluster.md): each fit group goes to
/// exactly one shard (the model is fitted once per group), chosen by longest processing time
/// first over an expected cost per group, so that the slices depend only on the plan and N
/// (not on --jobs, the machine or what a folder already holds).

#include <cstddef>
#include <string>
#include <vector>

#include "prunekit/experiment/plan.hpp"

namespace prunekit {

/// The K-th (1-based) of N slices; {1, 1} is the whole plan.
struct ShardSpec {
  std::size_t index = 1;
  std::size_t count = 1;
  [[nodiscard]] bool whole() const noexcept { return count == 1; }
};

/// Reads "K/N" (1 <= K <= N <= 100,000); InvalidArgument naming --shard otherwise.
[[nodiscard]] ShardSpec parse_shard(const std::string& text);
/// "shard-K-of-N": the suffix of a shard's default output folder.
[[nodiscard]] std::string shard_name(ShardSpec shard);

/// Expected cost (seconds on one core) of each fit group: a constant per model kind x training
/// rows x features x epochs (networks; 1 for trees) x runs in the group (shard.cpp has the
/// constants and how they were measured). Only the ratios matter for balancing.
[[nodiscard]] std::vector<double> group_costs(const ExperimentPlan& plan,
                                              const Factories& factories);

/// The shard (0-based) of each group: longest processing time first (Graham 1969): groups by
/// decreasing cost (ties: lower group index first), each to the least loaded shard (ties:
/// lower shard index). Deterministic; a makespan at most 4/3 of the optimum.
[[nodiscard]] std::vector<std::size_t> assign_groups(const std::vector<double>& costs,
                                                     std::size_t shards);

/// The summed cost of each shard under `assignment`.
[[nodiscard]] std::vector<double> shard_loads(const std::vector<double>& costs,
                                              const std::vector<std::size_t>& assignment,
                                              std::size_t shards);

/// The groups of `shard`, in plan order.
[[nodiscard]] std::vector<std::size_t> groups_of_shard(const std::vector<std::size_t>& assignment,
                                                       ShardSpec shard);

/// What the LPT assignment promises for N shards: total cost, makespan (the most loaded
/// shard) and speed-up = total / makespan.
struct ShardForecast {
  std::size_t shards = 1;
  double total = 0.0;
  double makespan = 0.0;
  [[nodiscard]] double speedup() const noexcept { return makespan > 0 ? total / makespan : 1.0; }
};
[[nodiscard]] ShardForecast forecast_shards(const std::vector<double>& costs, std::size_t shards);

}  // namespace prunekit
