#pragma once
/// What every neural pruning method shares (docs/pruning.md, "Networks"): it applies to a
/// fitted MlpModel, works on a clone (the input is never modified), prunes the clone to an
/// absolute sparsity (the fraction of prunable weights that are zero), optionally fine-tunes
/// it with the masks kept, and reports sizes, per-layer sparsity and the weights before and
/// after. The sparsity is a path knob (larger = more pruning): a fixed value, or one point of a
/// grid chosen by the shared selection rules (selection.hpp) exactly as trees choose alpha.
///
/// Prunable units: the weights of every layer but the output layer (`prune_output_layer`
/// adds it). Biases are never pruned: they are few (1 % of LeNet-300-100) and each one shifts a
/// whole neuron.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "prunekit/nn/mlp_model.hpp"
#include "prunekit/prune/pruner.hpp"
#include "prunekit/prune/selection.hpp"
#include "prunekit/prune/spec_reader.hpp"

namespace prunekit {

/// Parameters every neural method accepts.
struct NnCommonParams {
  /// The sparsity (fixed rule) and the selection rule over `grid`.
  SelectionParams selection;
  /// Candidate sparsities of the path (increasing, each in [0, 1)).
  std::vector<double> grid{0.5, 0.8, 0.9, 0.95, 0.98};
  /// Epochs of fine-tuning after pruning, masks kept (0: none).
  std::size_t finetune_epochs = 0;
  /// Whether the output layer's weights are prunable.
  bool prune_output_layer = false;
};

/// Reads the common keys ("sparsity", "select", "folds", "se_factor", "grid",
/// "finetune_epochs", "prune_output_layer") from `reader`. With `has_knob` false the method
/// has no sparsity knob (N:M) and none of the selection keys is accepted.
[[nodiscard]] NnCommonParams parse_nn_common(SpecReader& reader, bool has_knob = true);
/// The keys parse_nn_common accepts (for SpecReader::finish).
[[nodiscard]] std::vector<std::string> nn_common_keys(bool has_knob = true);

/// Whether the weights of layer `l` may be pruned.
[[nodiscard]] bool layer_prunable(const Network& network, std::size_t l, bool prune_output_layer);

/// Masks, in the layers marked prunable, the weights with the lowest `scores` (one matrix per
/// layer, the weights' shape; layers not prunable may be empty) until exactly
/// round(sparsity x prunable weights) are masked, counted over all prunable layers
/// (`global` true) or per layer (round(sparsity x layer weights) each). Weights already masked
/// count as the lowest and stay masked; when more are masked than the target, none is added.
/// Ties break by layer, then row-major index (deterministic). Calls apply_masks().
void mask_lowest(Network& network, const std::vector<RowMatrixXf>& scores, double sparsity,
                 bool global, bool prune_output_layer);

/// Fraction of the prunable weights that are masked.
[[nodiscard]] double prunable_sparsity(const Network& network, bool prune_output_layer);

/// The sparsity after round t of T of a geometric schedule that removes the same fraction of
/// the remaining weights each round and ends at `target`: 1 - (1 - start)((1 - target) /
/// (1 - start))^(t / T).
[[nodiscard]] double geometric_sparsity(double start, double target, std::size_t t,
                                        std::size_t rounds);

/// Trains `model`'s network for `epochs` epochs with the model's parameters (masks kept),
/// dropout replaced by `dropout` when given.
void train_masked(MlpModel& model, const Dataset& train, std::size_t epochs, Rng& rng,
                  std::optional<double> dropout = std::nullopt);

/// The weight values of the prunable layers (zeros included), in layer and row-major order,
/// subsampled deterministically (every (n / limit)-th value) to at most `limit` values.
[[nodiscard]] std::vector<float> weight_sample(const Network& network, bool prune_output_layer,
                                               std::size_t limit = 20000);

/// Sizes and per-layer sparsity of a network as report details.
[[nodiscard]] nlohmann::json network_details(const Network& network, bool prune_output_layer);

class NnPruner;

/// The sparsity path of one fitted network: the model pruned (and fine-tuned) at each grid
/// sparsity, built on demand and cached. at(s) draws from a stream fixed by the path's seed
/// and s, so it does not depend on the order of calls.
class NnSparsityPath final : public PathModels {
 public:
  NnSparsityPath(const NnPruner& pruner, const MlpModel& model, const Dataset& train,
                 std::uint64_t seed);
  /// Risk = training loss, complexity = non-zero weights, one point per grid sparsity.
  [[nodiscard]] const PruningPath& path() const override;
  [[nodiscard]] std::vector<double> candidate_knobs() const override;
  [[nodiscard]] std::unique_ptr<Model> at(double sparsity) const override;

 private:
  [[nodiscard]] const MlpModel& pruned(double sparsity) const;

  const NnPruner& pruner_;
  std::unique_ptr<Model> model_;
  const Dataset& train_;
  std::uint64_t seed_;
  mutable std::map<double, std::unique_ptr<MlpModel>> cache_;
  mutable std::optional<PruningPath> path_;
};

class NnPruner : public Pruner {
 public:
  explicit NnPruner(NnCommonParams common) : common_(std::move(common)) {}
  /// Fitted MlpModels.
  [[nodiscard]] bool supports(const Model& model) const override;
  [[nodiscard]] PruneResult prune(const Model& model, const PruneContext& context,
                                  Rng& rng) const final;
  /// A copy of `model` pruned to `sparsity` and fine-tuned (one path point).
  [[nodiscard]] std::unique_ptr<MlpModel> prune_at(const MlpModel& model, double sparsity,
                                                   const Dataset& train, Rng& rng) const;
  [[nodiscard]] const NnCommonParams& common() const noexcept { return common_; }

 protected:
  /// The method itself: prunes `model` (a clone) in place to `sparsity`.
  virtual void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                             Rng& rng) const = 0;
  /// Fine-tuning after pruning (methods may adjust dropout).
  virtual void finetune(MlpModel& model, const Dataset& train, std::size_t epochs,
                        Rng& rng) const;
  /// The knob of a method without one (N:M: 1 - N/M); nullopt for methods with a knob.
  [[nodiscard]] virtual std::optional<double> implied_sparsity() const { return std::nullopt; }
  /// The common parameters as JSON, to be extended by params().
  [[nodiscard]] nlohmann::json common_json() const;

 private:
  NnCommonParams common_;
};

}  // namespace prunekit
