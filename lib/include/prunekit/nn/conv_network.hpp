#pragma once
/// A sequential network of layers (layers.hpp): convolutions, pooling, batch norm, flatten,
/// dense, activations, dropout. It trains through the same loop, optimizers and loss as the MLP
/// (train.hpp): its input is a batch of flattened samples (B x C*H*W, column-major, the
/// Dataset's feature order channel, row, column), reshaped to the layers' layout on entry.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "prunekit/nn/layers.hpp"
#include "prunekit/nn/network.hpp"

namespace prunekit {

/// Buffers of the forward and backward passes for batches of up to `capacity` samples.
struct ConvWorkspace {
  Eigen::MatrixXf input;              ///< the batch in the layers' layout
  std::vector<Eigen::MatrixXf> act;   ///< act[l]: output of layer l
  std::vector<Eigen::MatrixXf> grad;  ///< grad[l]: dL/d(act[l])
  std::vector<LayerScratch> scratch;
  Eigen::VectorXf row_max, row_sum;
  Eigen::Index capacity = 0;
  Mode mode = Mode::inference;  ///< of the last forward pass
};

class ConvNetwork {
 public:
  using WorkspaceType = ConvWorkspace;

  ConvNetwork() = default;
  /// Layers built from architecture specs (layer_from_spec), each receiving the previous
  /// layer's output shape, parameters initialised from `rng`. The last layer must give flat
  /// outputs (a dense layer). InvalidArgument naming the layer index on a bad spec.
  ConvNetwork(TensorShape input, const nlohmann::json& specs, Init init, Rng& rng);
  /// Layers given explicitly (loading, compaction); shapes must chain.
  ConvNetwork(TensorShape input, std::vector<std::unique_ptr<Layer>> layers);
  ConvNetwork(const ConvNetwork& other);
  ConvNetwork& operator=(const ConvNetwork& other);
  ConvNetwork(ConvNetwork&&) noexcept = default;
  ConvNetwork& operator=(ConvNetwork&&) noexcept = default;
  ~ConvNetwork() = default;

  [[nodiscard]] std::size_t n_layers() const noexcept { return layers_.size(); }
  [[nodiscard]] const Layer& layer(std::size_t l) const { return *layers_.at(l); }
  /// Mutable access; call apply_masks() after editing parameters or masks.
  [[nodiscard]] Layer& layer(std::size_t l) { return *layers_.at(l); }
  [[nodiscard]] const TensorShape& input_shape() const noexcept { return input_; }
  [[nodiscard]] Eigen::Index inputs() const noexcept { return input_.size(); }
  [[nodiscard]] Eigen::Index outputs() const;
  /// The architecture as a list of layer specs.
  [[nodiscard]] nlohmann::json specs() const;

  [[nodiscard]] std::vector<ParamView> parameters();
  void apply_masks();
  /// Multiply-adds per sample of a forward pass, every weight counted (masked ones too).
  [[nodiscard]] std::int64_t multiply_adds() const;
  /// Copies parameter values and running statistics from `other` (same architecture), keeping
  /// this network's masks (early stopping's restore).
  void copy_values_from(const ConvNetwork& other);

  void reserve(ConvWorkspace& ws, Eigen::Index batch) const;
  /// Forward pass of x (B x inputs); the outputs end in ws.act.back().topRows(B).
  void forward(const Eigen::Ref<const Eigen::MatrixXf>& x, ConvWorkspace& ws,
               Mode mode = Mode::inference, Rng* rng = nullptr) const;
  /// The training loop's forward pass (dropout layers draw from rng; `dropout` is the MLP's
  /// knob and unused here: dropout is a layer).
  void forward_training(const Eigen::Ref<const Eigen::MatrixXf>& x, ConvWorkspace& ws,
                        float dropout, Rng& rng) const;
  [[nodiscard]] double loss_and_output_delta(const BatchRef& batch, Loss loss,
                                             ConvWorkspace& ws) const;
  /// Backpropagation after forward_training + loss_and_output_delta: every parameter gradient.
  void backward(const Eigen::Ref<const Eigen::MatrixXf>& x, float dropout, ConvWorkspace& ws);
  /// Backpropagation of ws.grad.back() (set by the caller) after a training-mode forward pass
  /// of `batch` samples, calling `visit(l)` before layer l's backward, while ws.grad[l] holds
  /// dL/d(act[l]) and ws.scratch[l] the layer's forward values (per-sample curvature).
  void backward_visiting(ConvWorkspace& ws, Eigen::Index batch,
                         const std::function<void(std::size_t)>& visit);
  /// forward (training mode, no dropout) + loss + backward on one batch; the loss.
  double compute_gradients(const BatchRef& batch, Loss loss, ConvWorkspace& ws);
  [[nodiscard]] Eigen::MatrixXf predict(const Eigen::Ref<const Eigen::MatrixXf>& x) const;
  /// Inference time of each layer in microseconds per batch of `batch` samples (median of
  /// `repeats` passes over a constant input, wall clock): where a network spends its time.
  [[nodiscard]] std::vector<double> layer_latency_us(Eigen::Index batch, int repeats) const;

 private:
  void check_chain() const;

  TensorShape input_;
  std::vector<std::unique_ptr<Layer>> layers_;
};

/// The inference form of `network`: each batch norm directly after a conv or dense layer is
/// folded into it (W' = a W row by row, b' = a b + c with a = gamma / sqrt(var + eps) and
/// c = beta - mean a) and removed. Same outputs in inference mode, to float rounding, from one
/// pass less per folded norm.
[[nodiscard]] ConvNetwork fold_batch_norms(const ConvNetwork& network);

}  // namespace prunekit
