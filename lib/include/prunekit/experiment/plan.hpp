#pragma once
/// Expanding a config into runs: dataset x split (repeat, fold) x seed x pruning variant,
/// where a variant is one pruner entry at one grid point (and one point of the model's own
/// grid). Runs that share the dataset, the split, the seed and the model's parameters form a
/// fit group: the unpruned model is fitted once per group and every pruning variant of the
/// group starts from it (pruning never modifies its input model).
///
/// Grids: where a method or the model expects a number and the config gives a list of numbers,
/// the list expands into one variant per value; several lists give their product. Whether a
/// number is expected is decided by the factories themselves (a list that the model or the
/// pruner accepts as it is, like a network's "hidden" sizes, stays a list).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/data/dataset.hpp"
#include "prunekit/data/protocol.hpp"
#include "prunekit/experiment/config.hpp"

namespace prunekit {

/// One point of a grid: the values chosen for the grid keys, and the spec with them in place.
struct GridPoint {
  nlohmann::json values = nlohmann::json::object();  ///< {"sparsity": 0.9}
  nlohmann::json spec;
};

/// Checks a concrete spec; throws ConfigError naming the offending key.
using SpecCheck = std::function<void(const nlohmann::json& spec)>;

/// Expands the lists of `spec` (an object) at the keys `axes` (what the method's or model's
/// parameter table calls grid axes) into their product, first key (alphabetical) outermost.
/// Every point is checked; an error in a list's value names its index
/// (`/pruners/2/sparsity/1`).
[[nodiscard]] std::vector<GridPoint> expand_grid(const nlohmann::json& spec,
                                                 std::vector<std::string> axes,
                                                 const SpecCheck& check, const std::string& file,
                                                 const std::string& json_path);

/// One pruner entry at one grid point, with the model parameters it runs on.
struct Variant {
  std::size_t pruner_index = 0;
  std::string entry_label;  ///< the pruner entry's label (same for all its grid points)
  std::string label;        ///< entry_label plus the grid point, e.g. "magnitude sparsity=0.9"
  std::string method;
  std::size_t model = 0;  ///< index into ExperimentConfig::models
  std::string model_kind;
  nlohmann::json pruner_spec;                      ///< concrete spec given to the pruner factory
  nlohmann::json grid = nlohmann::json::object();  ///< pruner and model grid values
  nlohmann::json model_params;                     ///< the model's effective parameters
  nlohmann::json model_overrides = nlohmann::json::object();  ///< concrete "model" overrides
  std::size_t model_point = 0;       ///< index of the base model's grid point
  bool baseline = false;             ///< method "none" without model overrides
  std::size_t baseline_variant = 0;  ///< the variant this one is compared with
};

struct PlannedDataset {
  DatasetEntry entry;
  Dataset data;
  /// The entry's validation set, its labels numbered as `data`'s.
  std::optional<Dataset> validation;
  std::vector<Split> splits;
};

/// A run: one variant on one split with one seed.
struct RunSpec {
  std::string id;  ///< 16 hex digits, a hash of the run's canonical settings
  std::size_t dataset = 0;
  std::size_t split = 0;
  std::uint64_t seed = 0;
  std::size_t variant = 0;
  std::size_t group = 0;
  std::uint64_t stream = 0;  ///< the run's random stream: Rng::for_stream(seed, stream)
};

/// Runs sharing one fitted model.
struct FitGroup {
  std::string id;
  std::size_t dataset = 0;
  std::size_t split = 0;
  std::uint64_t seed = 0;
  std::size_t model = 0;  ///< index into ExperimentConfig::models
  std::string model_kind;
  nlohmann::json model_params;
  std::uint64_t stream = 0;       ///< the fit's random stream
  std::vector<std::size_t> runs;  ///< indices into ExperimentPlan::runs, in variant order
};

/// Limits that keep a config from asking for more than a machine can plan (docs/config.md):
/// grid points of one pruner entry (pruner and model grids together), and runs in total.
inline constexpr std::size_t kMaxGridPoints = 1'000;
inline constexpr std::size_t kMaxRuns = 1'000'000;
/// Variants (pruner grid points x model grid points) of the whole config.
inline constexpr std::size_t kMaxVariants = 2'000;

struct ExperimentPlan {
  ExperimentConfig config;
  std::vector<PlannedDataset> datasets;
  std::vector<Variant> variants;
  std::vector<FitGroup> groups;
  std::vector<RunSpec> runs;  ///< in plan order: dataset, split, seed, variant
};

/// 64-bit FNV-1a hash of `text` passed through splitmix64 (stable across platforms).
[[nodiscard]] std::uint64_t stable_hash(const std::string& text) noexcept;
/// 16 lowercase hex digits.
[[nodiscard]] std::string hex_id(std::uint64_t value);

/// The full check and expansion: loads every dataset, makes its splits, expands the grids,
/// creates every model and pruner once to check their parameters and that each pruner
/// supports the model kind. Any problem is a ConfigError naming the config file and JSON path.
[[nodiscard]] ExperimentPlan plan_experiment(const ExperimentConfig& config,
                                             const Factories& factories);

/// The splits of `data` under `protocol` (errors name `file` and "/protocol/...").
[[nodiscard]] std::vector<Split> make_splits(const Dataset& data, const DatasetEntry& entry,
                                             const ProtocolConfig& protocol,
                                             const std::string& file);

}  // namespace prunekit
