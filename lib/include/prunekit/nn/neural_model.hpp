#pragma once
/// What the neural pruning methods (prune/nn/) need from a network model, whatever its layers:
/// the weight matrices of its dense and conv layers (one row per output unit, masks inside),
/// training with the masks kept, a fresh initialisation of the same architecture, and the
/// gradients of a batch. MlpModel and CnnModel implement it.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "prunekit/model/model.hpp"
#include "prunekit/nn/network.hpp"
#include "prunekit/nn/train.hpp"

namespace prunekit {

/// One weight matrix as the pruning methods see it.
struct WeightMatrix {
  DenseLayer* params = nullptr;  ///< weight (out x fan-in), bias, masks, gradients
  /// Columns between consecutive input channels at one kernel position: 1 for a dense layer,
  /// kernel * kernel for a convolution (N:M groups run along the input channels).
  Eigen::Index channel_stride = 1;
  /// Output positions per sample (1 for a dense layer, out_h * out_w for a convolution): the
  /// multiply-adds of a weight.
  Eigen::Index positions = 1;
  std::string kind;  ///< "dense" or "conv2d"
};

/// One stretch of training: the first ("train") or one after pruning ("fine-tune").
struct TrainingPhase {
  std::string name;
  TrainReport report;
};

class NeuralModel : public Model {
 public:
  /// The weight matrices in layer order; the last is the output layer. Pointers are valid until
  /// the network is replaced (fit, reinitialise, compaction).
  [[nodiscard]] virtual std::vector<WeightMatrix> weight_matrices() = 0;
  [[nodiscard]] std::vector<WeightMatrix> weight_matrices() const {
    // The views are read-only by contract here; one implementation serves both.
    return const_cast<NeuralModel*>(this)->weight_matrices();
  }
  /// Re-establishes the mask invariant everywhere (after editing masks or values).
  virtual void apply_masks() = 0;
  /// Trains `epochs` more epochs with the model's settings, masks kept; an MLP's dropout
  /// replaced by `dropout` when given.
  virtual void train_masked(const Dataset& train, std::size_t epochs, Rng& rng,
                            std::optional<double> dropout = std::nullopt) = 0;
  /// The same architecture freshly initialised from `rng` (masks cleared).
  virtual void reinitialise(Rng& rng) = 0;
  /// Gradients of the mean loss over rows `rows` of `train` (one batch, no dropout) into the
  /// layers' gradients; returns the loss.
  virtual double batch_gradients(const Dataset& train, std::span<const std::size_t> rows) = 0;
  /// Mean training loss over `train` (no dropout).
  [[nodiscard]] virtual double mean_loss(const Dataset& train) const = 0;
  /// The model's training epochs and dropout probability (lottery tickets, Han's dropout rule).
  [[nodiscard]] virtual std::size_t training_epochs() const = 0;
  [[nodiscard]] virtual double dropout_probability() const { return 0.0; }
  /// The learning rate further training starts from, and a change of it (fine-tuning at
  /// another rate than the model trained with).
  [[nodiscard]] virtual double learning_rate() const = 0;
  virtual void set_learning_rate(double lr) = 0;
  [[nodiscard]] virtual bool fitted() const = 0;
  /// Every stretch of training since the last fit, in order (a copy keeps its original's):
  /// the training curves of the report.
  [[nodiscard]] const std::vector<TrainingPhase>& training_history() const noexcept {
    return history_;
  }

 protected:
  NeuralModel() = default;
  NeuralModel(const NeuralModel&) = default;
  NeuralModel& operator=(const NeuralModel&) = default;
  /// Fit starts the history anew; further training adds to it.
  void start_history(const TrainReport& report) { history_ = {{"train", report}}; }
  void add_to_history(const TrainReport& report) { history_.push_back({"fine-tune", report}); }

 private:
  std::vector<TrainingPhase> history_;
};

}  // namespace prunekit
