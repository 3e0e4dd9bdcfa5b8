#include "prunekit/experiment/shard.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <numeric>
#include <queue>
#include <utility>

#include "prunekit/core/error.hpp"

namespace prunekit {
namespace {

/// Seconds per (training row x feature x epoch x run) on one core, by model kind. Calibrated
/// once on the development machine (2 shared cores, Release build) from the timings in
/// runs.jsonl of configs/trees_uci.json (1400 tree groups: 31.3 s, 5.7e-7) and
/// configs/quickstart.json (90 tree groups: 2.0e-7; 60 mlp groups: 0.32 s, 1.6e-8); the tree
/// constant follows trees_uci, whose cross-validated pruners dominate real studies. cnn is not
/// calibrated (it shares mlp's constant); a kind not listed costs as a tree.
constexpr double kTreeSecondsPerUnit = 5.7e-7;
constexpr double kNetworkSecondsPerUnit = 1.6e-8;

double seconds_per_unit(const std::string& kind) {
  return kind == "mlp" || kind == "cnn" ? kNetworkSecondsPerUnit : kTreeSecondsPerUnit;
}

/// The epochs a network of `group` trains (its effective parameters); 1 for other models.
double epochs_of(const ExperimentPlan& plan, const FitGroup& group, const Factories& factories) {
  if (group.model_kind != "mlp" && group.model_kind != "cnn") return 1.0;
  const auto& model_entry = plan.config.models[group.model];
  const auto model = factories.model(group.model_kind, group.model_params, plan.config.file,
                                     model_entry.json_path);
  const auto params = model->params();
  const auto it = params.find("epochs");
  if (it == params.end() || !it->is_number()) return 1.0;
  return std::max(1.0, it->get<double>());
}

std::size_t parse_count(std::string_view text, const std::string& whole) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw InvalidArgument("--shard must be K/N with integers 1 <= K <= N, got '" + whole + "'");
  return value;
}

}  // namespace

ShardSpec parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos)
    throw InvalidArgument("--shard must be K/N with integers 1 <= K <= N, got '" + text + "'");
  const std::string_view view(text);
  const ShardSpec shard{parse_count(view.substr(0, slash), text),
                        parse_count(view.substr(slash + 1), text)};
  if (shard.index < 1 || shard.index > shard.count)
    throw InvalidArgument("--shard must be K/N with integers 1 <= K <= N, got '" + text + "'");
  if (shard.count > 100'000)
    throw InvalidArgument("--shard: at most 100000 shards, got '" + text + "'");
  return shard;
}

std::string shard_name(ShardSpec shard) {
  return "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count);
}

std::vector<double> group_costs(const ExperimentPlan& plan, const Factories& factories) {
  std::vector<double> costs;
  costs.reserve(plan.groups.size());
  std::map<std::string, double> epochs_cache;  // by kind and parameters: one model each
  for (const auto& g : plan.groups) {
    const auto key = g.model_kind + g.model_params.dump();
    auto it = epochs_cache.find(key);
    if (it == epochs_cache.end())
      it = epochs_cache.emplace(key, epochs_of(plan, g, factories)).first;
    const auto& d = plan.datasets[g.dataset];
    const double rows = static_cast<double>(d.splits[g.split].train.size());
    const double features = static_cast<double>(std::max<std::size_t>(1, d.data.n_features()));
    costs.push_back(seconds_per_unit(g.model_kind) * rows * features * it->second *
                    static_cast<double>(g.runs.size()));
  }
  return costs;
}

std::vector<std::size_t> assign_groups(const std::vector<double>& costs, std::size_t shards) {
  if (shards < 1) throw InvalidArgument("assign_groups: at least one shard");
  std::vector<std::size_t> order(costs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return costs[a] > costs[b]; });
  // A min-heap of (load, shard): the least loaded shard on top, ties to the lower index.
  using Slot = std::pair<double, std::size_t>;
  std::priority_queue<Slot, std::vector<Slot>, std::greater<>> slots;
  for (std::size_t s = 0; s < shards; ++s) slots.emplace(0.0, s);
  std::vector<std::size_t> assignment(costs.size(), 0);
  for (const auto g : order) {
    auto [load, shard] = slots.top();
    slots.pop();
    assignment[g] = shard;
    slots.emplace(load + costs[g], shard);
  }
  return assignment;
}

std::vector<double> shard_loads(const std::vector<double>& costs,
                                const std::vector<std::size_t>& assignment, std::size_t shards) {
  std::vector<double> load(shards, 0.0);
  for (std::size_t g = 0; g < costs.size(); ++g) load[assignment[g]] += costs[g];
  return load;
}

std::vector<std::size_t> groups_of_shard(const std::vector<std::size_t>& assignment,
                                         ShardSpec shard) {
  std::vector<std::size_t> groups;
  for (std::size_t g = 0; g < assignment.size(); ++g)
    if (assignment[g] == shard.index - 1) groups.push_back(g);
  return groups;
}

ShardForecast forecast_shards(const std::vector<double>& costs, std::size_t shards) {
  const auto loads = shard_loads(costs, assign_groups(costs, shards), shards);
  return {.shards = shards,
          .total = std::accumulate(costs.begin(), costs.end(), 0.0),
          .makespan = *std::max_element(loads.begin(), loads.end())};
}

}  // namespace prunekit
