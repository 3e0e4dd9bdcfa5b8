#pragma once
/// A sequential network of dense layers with built-in weight and neuron masks.
///
/// Layout. Activations are batch x features, column-major (the layout of Dataset: feature j of
/// a batch is contiguous). Layer l maps in_l -> out_l with W_l (out x in, row-major: a neuron's
/// incoming weights are contiguous, so a neuron is one row and CSR rows are neurons) and b_l
/// (out). The forward pass of a batch X (B x in) is A = act(X W^T + 1 b^T), one GEMM followed by
/// one fused bias + activation pass per column.
///
/// Masks. Every weight and bias has a mask value (1 kept, 0 removed). Invariant: a masked
/// parameter is exactly zero in storage, so every engine sees it as zero; its gradient is zero;
/// optimizers clear its state and never move it (see optimizer.hpp). A removed neuron j of
/// hidden layer l masks row j of W_l, b_l[j] and column j of W_{l+1}; compaction (engine.hpp)
/// then deletes them physically.
///
/// Initialisation: He et al. 2015 (normal, sd sqrt(2 / fan_in)) or Glorot and Bengio 2010
/// (uniform, limit sqrt(6 / (fan_in + fan_out))); biases start at zero. fan_in_uniform mirrors
/// PyTorch's nn.Linear default (weights and biases uniform in +-1 / sqrt(fan_in)). Dropout is
/// inverted dropout (Srivastava et al. 2014): kept activations are scaled by 1 / (1 - p) during
/// training, inference is untouched.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "prunekit/core/enum_names.hpp"
#include "prunekit/core/rng.hpp"

namespace prunekit {

/// Row-major float matrix (weights).
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

enum class Activation { relu, tanh, sigmoid, identity };
constexpr EnumNames<Activation, 4> enum_names(Activation) {
  return {{{Activation::relu, "relu"},
           {Activation::tanh, "tanh"},
           {Activation::sigmoid, "sigmoid"},
           {Activation::identity, "identity"}}};
}
enum class Loss { cross_entropy, squared_error };
constexpr EnumNames<Loss, 2> enum_names(Loss) {
  return {{{Loss::cross_entropy, "cross_entropy"}, {Loss::squared_error, "squared_error"}}};
}
/// he: normal, sd sqrt(2 / fan_in); glorot: uniform in +-sqrt(6 / (fan_in + fan_out));
/// fan_in_uniform: weights and biases uniform in +-1 / sqrt(fan_in) (PyTorch's nn.Linear default).
enum class Init { he, glorot, fan_in_uniform };
constexpr EnumNames<Init, 3> enum_names(Init) {
  return {{{Init::he, "he"}, {Init::glorot, "glorot"}, {Init::fan_in_uniform, "fan_in_uniform"}}};
}

/// Parse a name; InvalidArgument listing the valid names otherwise.

/// One dense layer: parameters, their masks and their gradients (same shapes).
struct DenseLayer {
  Activation activation = Activation::relu;
  RowMatrixXf weight;       ///< out x in
  Eigen::VectorXf bias;     ///< out
  RowMatrixXf weight_mask;  ///< out x in, 1 = kept, 0 = removed
  Eigen::VectorXf bias_mask;
  RowMatrixXf weight_grad;  ///< filled by Network::backward
  Eigen::VectorXf bias_grad;

  DenseLayer() = default;
  DenseLayer(Eigen::Index in, Eigen::Index out, Activation act);

  [[nodiscard]] Eigen::Index in() const noexcept { return weight.cols(); }
  [[nodiscard]] Eigen::Index out() const noexcept { return weight.rows(); }
  /// Number of kept (unmasked) weights.
  [[nodiscard]] std::size_t kept_weights() const;
  /// True when some weight or bias is masked.
  [[nodiscard]] bool has_mask() const noexcept { return masked_; }
  /// Re-establishes the mask invariant (masked parameters are zero) and the has_mask flag.
  void apply_mask();

 private:
  bool masked_ = false;
};

/// Architecture of a network: layer widths and activations.
struct NetworkShape {
  std::size_t inputs = 0;
  std::vector<std::size_t> hidden;
  std::size_t outputs = 0;
  Activation activation = Activation::relu;  ///< of every hidden layer; the output is identity
};

/// A view of one parameter tensor, uniform over layer types: optimizers and pruners work on
/// these and never need to know layer types. Spans borrow the network's storage and are
/// invalidated when the network is reshaped, moved or destroyed. `mask` has the size of `value`.
struct ParamView {
  std::string name;        ///< "layer0.weight", "layer0.bias", ...
  std::size_t layer = 0;   ///< index of the owning layer
  bool is_weight = false;  ///< true for weight matrices (prunable), false for biases
  Eigen::Index rows = 0;   ///< out
  Eigen::Index cols = 0;   ///< in for weights, 1 for biases
  std::span<float> value;  ///< row-major for weights
  std::span<float> grad;
  std::span<const float> mask;
  bool masked = false;  ///< some entry is masked (false lets optimizers skip mask passes)
};

/// Per-batch buffers of the forward and backward passes, allocated once for a maximum batch
/// size and reused (no allocation inside the training loop).
struct Workspace {
  std::vector<Eigen::MatrixXf> act;      ///< act[l]: output of layer l, B x out_l
  std::vector<Eigen::MatrixXf> dropped;  ///< dropped[l]: act[l] after dropout (training only)
  std::vector<Eigen::MatrixXf> dropout;  ///< dropout[l]: 0 or 1/(1-p) per hidden activation
  std::vector<Eigen::MatrixXf> delta;    ///< delta[l]: dL/d(pre-activation) of layer l
  Eigen::VectorXf row_max, row_sum;      ///< loss scratch, B
  Eigen::Index capacity = 0;
  bool dropout_active = false;  ///< whether the last forward pass used dropout
};

/// A minibatch: inputs (B x in, column-major) and targets. Classification uses `labels`
/// (class ids), regression `targets` (B x outputs).
struct BatchRef {
  Eigen::Ref<const Eigen::MatrixXf> x;
  std::span<const std::int32_t> labels;
  const Eigen::MatrixXf* targets = nullptr;
};

/// The sequential network.
class Network {
 public:
  using WorkspaceType = Workspace;

  Network() = default;
  /// Layers with the given shape, parameters drawn from `rng` (masks all kept).
  Network(const NetworkShape& shape, Init init, Rng& rng);
  /// Layers given explicitly (loading, compaction). Consecutive widths must agree.
  explicit Network(std::vector<DenseLayer> layers);

  [[nodiscard]] std::size_t n_layers() const noexcept { return layers_.size(); }
  [[nodiscard]] const DenseLayer& layer(std::size_t l) const { return layers_.at(l); }
  /// Mutable access; call apply_masks() after editing parameters or masks directly.
  [[nodiscard]] DenseLayer& layer(std::size_t l) { return layers_.at(l); }
  [[nodiscard]] const std::vector<DenseLayer>& layers() const noexcept { return layers_; }
  [[nodiscard]] Eigen::Index inputs() const { return layers_.empty() ? 0 : layers_.front().in(); }
  [[nodiscard]] Eigen::Index outputs() const { return layers_.empty() ? 0 : layers_.back().out(); }

  /// All parameters in a stable order (layer 0 weight, layer 0 bias, layer 1 weight, ...).
  [[nodiscard]] std::vector<ParamView> parameters();
  /// Re-establishes the mask invariant in every layer.
  void apply_masks();
  /// Masks hidden neuron `j` of layer `l` (l < n_layers() - 1): row j and bias j of layer l,
  /// column j of layer l + 1.
  void remove_neuron(std::size_t l, Eigen::Index j);
  /// True when neuron j of hidden layer l is removed (its row, bias and outgoing column are
  /// all masked) or feeds nothing (its outgoing column is entirely masked).
  [[nodiscard]] bool neuron_removed(std::size_t l, Eigen::Index j) const;

  /// Sizes `ws` for batches of up to `batch` rows (no-op when large enough).
  void reserve(Workspace& ws, Eigen::Index batch) const;
  /// Forward pass of x (B x in); the outputs (logits, or regression values) end in
  /// ws.act.back().topRows(B). With `dropout_p` > 0 and an rng, hidden activations are dropped.
  void forward(const Eigen::Ref<const Eigen::MatrixXf>& x, Workspace& ws, float dropout_p = 0.0f,
               Rng* rng = nullptr) const;
  /// The training loop's forward pass: dropout drawn from rng when `dropout_p` > 0.
  void forward_training(const Eigen::Ref<const Eigen::MatrixXf>& x, Workspace& ws, float dropout_p,
                        Rng& rng) const {
    forward(x, ws, dropout_p, dropout_p > 0.0f ? &rng : nullptr);
  }
  /// Copies weights and biases from `other` (same shapes), keeping this network's masks
  /// (early stopping's restore).
  void copy_values_from(const Network& other);
  /// Mean loss over the batch of the outputs in ws (after forward), and dL/d(outputs) into
  /// ws.delta.back(). Softmax cross-entropy: -(1/B) sum log softmax(z)_y. Squared error:
  /// (1/B) sum 0.5 ||z - t||^2.
  [[nodiscard]] double loss_and_output_delta(const BatchRef& batch, Loss loss, Workspace& ws) const;
  /// Backpropagation after forward + loss_and_output_delta: fills every layer's weight_grad
  /// and bias_grad with dL/dparameter (masked entries exactly zero).
  void backward(const Eigen::Ref<const Eigen::MatrixXf>& x, float dropout_p, Workspace& ws);
  /// forward + loss + backward on one batch without dropout: the gradient of the mean batch
  /// loss fills the layers' gradients. Returns the loss. Callable from outside (pruners).
  double compute_gradients(const BatchRef& batch, Loss loss, Workspace& ws);

  /// Outputs of the network for x (B x in) as a new matrix (B x outputs); convenience.
  [[nodiscard]] Eigen::MatrixXf predict(const Eigen::Ref<const Eigen::MatrixXf>& x) const;

 private:
  std::vector<DenseLayer> layers_;
};

/// The mean loss of a batch's outputs z (B x outputs) as loss_and_output_delta defines it, and
/// dL/dz into d (B x outputs); row_max and row_sum are scratch (resized when short).
double output_loss(const Eigen::Ref<const Eigen::MatrixXf>& z, const BatchRef& batch, Loss loss,
                   Eigen::Ref<Eigen::MatrixXf> d, Eigen::VectorXf& row_max,
                   Eigen::VectorXf& row_sum);

/// Applies `a` in place to z (used by every engine, so that all agree bit for bit on it).
void activate_inplace(Activation a, float* z, Eigen::Index n) noexcept;

}  // namespace prunekit
