#pragma once
/// Unstructured weight pruning by a per-weight score: random (the baseline) and magnitude
/// (Han, Pool, Tran and Dally 2015, "Learning both Weights and Connections for Efficient
/// Neural Networks"), one-shot or iterative prune-and-retrain.

#include <memory>
#include <string>

#include "prunekit/prune/nn/nn_pruner.hpp"

namespace prunekit {

/// "random": masks a seeded uniformly random subset of the prunable weights.
class RandomPruner final : public NnPruner {
 public:
  RandomPruner(NnCommonParams common, bool global) : NnPruner(std::move(common)), global_(global) {}
  [[nodiscard]] std::string method() const override { return "random"; }
  [[nodiscard]] nlohmann::json params() const override;
  /// {"method": "random", "sparsity": s, "scope": "global"|"layer", common keys}.
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  bool global_;
};

struct MagnitudeParams {
  bool global = true;          ///< scope: one threshold over all prunable layers, or per layer
  bool iterative = false;      ///< schedule: one_shot or iterative
  std::size_t rounds = 3;      ///< iterative: pruning rounds
  double rate = 0.0;           ///< iterative: fraction of remaining weights per round (0: from rounds)
  std::size_t retrain_epochs = 1;  ///< iterative: epochs of retraining after each round but the last
  bool adjust_dropout = false;     ///< Han et al.: D_r = D_o sqrt(C_r / C_o) when retraining
};

/// "magnitude": masks the weights of smallest |w|, per layer or globally; iterative rounds
/// follow a geometric schedule (each round removes the same fraction of what remains, ending
/// exactly at the target) with retraining between rounds.
class MagnitudePruner final : public NnPruner {
 public:
  MagnitudePruner(NnCommonParams common, MagnitudeParams params)
      : NnPruner(std::move(common)), params_(params) {}
  [[nodiscard]] std::string method() const override { return "magnitude"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;
  void finetune(MlpModel& model, const Dataset& train, std::size_t epochs,
                Rng& rng) const override;

 private:
  /// Han et al.'s retraining dropout for the model's current connections.
  [[nodiscard]] std::optional<double> retrain_dropout(const MlpModel& model) const;
  MagnitudeParams params_;
};

/// |w| per layer (the scores of magnitude pruning).
[[nodiscard]] std::vector<RowMatrixXf> magnitude_scores(const Network& network);

/// Number of pruning rounds a schedule needs to go from `start` to `target` sparsity removing
/// `rate` of the remaining weights per round (at least 1).
[[nodiscard]] std::size_t rounds_for_rate(double start, double target, double rate);

}  // namespace prunekit
