#pragma once
/// Pruning woven into training: gradual magnitude pruning (Zhu and Gupta 2017, "To prune, or
/// not to prune"), lottery-ticket iterative magnitude pruning with rewinding (Frankle and
/// Carbin 2019, "The Lottery Ticket Hypothesis"), and SNIP, connection sensitivity at
/// initialisation (Lee, Ajanthan and Torr 2019).

#include <memory>
#include <string>

#include "prunekit/prune/nn/nn_pruner.hpp"

namespace prunekit {

struct GradualParams {
  double initial_sparsity = 0.0;  ///< s_i
  std::size_t epochs = 10;        ///< training epochs in total (pruning steps included)
  std::size_t begin_epoch = 0;    ///< t_0: the first pruning step (0-based epoch)
  std::size_t end_epoch = 6;      ///< t_0 + n dt: the last pruning step, where s = s_f
  std::size_t frequency = 1;      ///< dt: epochs between pruning steps
  bool global = true;
};

/// The sparsity of Zhu and Gupta's schedule at step t: s_f + (s_i - s_f)(1 - (t - t_0)/(n dt))^3
/// for t_0 <= t <= t_0 + n dt (s_i before, s_f after).
[[nodiscard]] double polynomial_sparsity(double initial, double final_sparsity, double t,
                                         double begin, double end);

/// "gradual": continues training the fitted model for `epochs` epochs; at the start of epochs
/// t_0, t_0 + dt, ..., t_0 + n dt it masks the smallest weights up to the schedule's sparsity.
class GradualPruner final : public NnPruner {
 public:
  GradualPruner(NnCommonParams common, GradualParams params)
      : NnPruner(std::move(common)), params_(params) {}
  [[nodiscard]] std::string method() const override { return "gradual"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  GradualParams params_;
};

struct LotteryParams {
  std::size_t rounds = 3;         ///< prune-rewind-retrain rounds (geometric schedule)
  std::size_t rewind_epoch = 0;   ///< weights rewound to those after this many epochs
  std::size_t train_epochs = 0;   ///< training epochs per round (0: the model's epochs)
  bool global = false;            ///< Frankle and Carbin prune each layer at the same rate
};

/// "lottery": re-initialises the model's architecture from the run's seed (theta_0), trains
/// `rewind_epoch` epochs (theta_r) and then to the end; each round masks the smallest
/// surviving weights (each round removes the same fraction of the remaining ones, the last
/// reaches the target), rewinds the survivors and all biases to theta_r, and retrains.
/// The fitted model supplies only its architecture and hyper-parameters.
class LotteryPruner final : public NnPruner {
 public:
  LotteryPruner(NnCommonParams common, LotteryParams params)
      : NnPruner(std::move(common)), params_(params) {}
  [[nodiscard]] std::string method() const override { return "lottery"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  LotteryParams params_;
};

struct SnipParams {
  std::size_t batch = 128;        ///< rows of the sensitivity batch
  std::size_t train_epochs = 0;   ///< epochs of training the sparse network (0: the model's)
};

/// "snip": re-initialises the architecture from the run's seed, computes the gradient g of
/// the loss on one seeded random batch, keeps the (1 - s) share of weights with the largest
/// |g * w| over all prunable layers, and trains the sparse network from scratch.
class SnipPruner final : public NnPruner {
 public:
  SnipPruner(NnCommonParams common, SnipParams params) : NnPruner(std::move(common)), params_(params) {}
  [[nodiscard]] std::string method() const override { return "snip"; }
  [[nodiscard]] nlohmann::json params() const override;
  [[nodiscard]] static std::unique_ptr<Pruner> from_json(const nlohmann::json& spec,
                                                         const std::string& file,
                                                         const std::string& json_path);

 protected:
  void prune_network(MlpModel& model, double sparsity, const Dataset& train,
                     Rng& rng) const override;

 private:
  SnipParams params_;
};

/// A freshly initialised network with `model`'s architecture (current layer widths) and
/// initialisation scheme, drawn from `rng`.
[[nodiscard]] Network reinitialised(const MlpModel& model, Rng& rng);

}  // namespace prunekit
